// What plain statements (plain-statement.ts) name, looked up once per run
// of them rather than once per statement: a run is read between two
// statements of the full path, and only those declare gates and names, so
// within a run a name keeps its meaning. Kept in arrays by NameTable id;
// a stamp per id says whether the entry belongs to the current run.

import type { GateInfo } from './gate-library.js';
import type { Scope, Sym } from './scope.js';

export class PlainLookups {
  private run = 1;
  private readonly gates: RunMemo<GateInfo>;
  private readonly symbols: RunMemo<Sym>;
  private piRun = 0;
  private piDeclared = false;

  constructor(
    /** Where plain statements are applied: the top level of the program. */
    private readonly scope: Scope,
    gates: ReadonlyMap<string, GateInfo>,
  ) {
    this.gates = new RunMemo((name) => gates.get(name));
    this.symbols = new RunMemo((name) => scope.lookup(name));
  }

  /** Starts a run: what was looked up before may have changed since. */
  newRun(): void {
    this.run++;
  }

  /** The gate `name` (NameTable id `id`, -1 for none) stands for. */
  gate(id: number, name: string): GateInfo | undefined {
    return this.gates.get(this.run, id, name);
  }

  /** What `name` (NameTable id `id`, -1 for none) stands for in the scope. */
  symbol(id: number, name: string): Sym | undefined {
    return this.symbols.get(this.run, id, name);
  }

  /** Whether the program declared a name `pi` of its own (then `pi` is not the constant). */
  declaresPi(): boolean {
    if (this.piRun !== this.run) {
      this.piRun = this.run;
      this.piDeclared = this.scope.lookup('pi') !== undefined;
    }
    return this.piDeclared;
  }
}

/** Answers of `look` by NameTable id, each good for the run it was asked in. */
class RunMemo<T> {
  private runs = new Int32Array(64);
  private readonly values: (T | undefined)[] = [];

  constructor(private readonly look: (name: string) => T | undefined) {}

  get(run: number, id: number, name: string): T | undefined {
    if (id < 0) return this.look(name);
    if (id >= this.runs.length) this.runs = grown(this.runs, id);
    if (this.runs[id] !== run) {
      this.runs[id] = run;
      this.values[id] = this.look(name);
    }
    return this.values[id];
  }
}

function grown(a: Int32Array<ArrayBuffer>, id: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(id + 1, a.length * 2));
  b.set(a);
  return b;
}
