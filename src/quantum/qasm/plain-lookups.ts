// What plain statements (plain-statement.ts) name, looked up once per run
// of them rather than once per statement: a run is read between two
// statements of the full path, and only those declare gates and names, so
// within a run a name keeps its meaning. Kept in arrays by NameTable id;
// a stamp per id says whether the entry belongs to the current run.

import type { GateInfo } from './gate-library.js';
import type { Scope, Sym } from './scope.js';

export class PlainLookups {
  private run = 1;
  private gateRuns = new Int32Array(64);
  private gateInfos: (GateInfo | undefined)[] = [];
  private symbolRuns = new Int32Array(64);
  private symbols: (Sym | undefined)[] = [];
  private piRun = 0;
  private piDeclared = false;

  constructor(
    /** Where plain statements are applied: the top level of the program. */
    private readonly scope: Scope,
    private readonly gates: ReadonlyMap<string, GateInfo>,
  ) {}

  /** Starts a run: what was looked up before may have changed since. */
  newRun(): void {
    this.run++;
  }

  /** The gate `name` (NameTable id `id`, -1 for none) stands for. */
  gate(id: number, name: string): GateInfo | undefined {
    if (id < 0) return this.gates.get(name);
    if (id >= this.gateRuns.length) this.gateRuns = grown(this.gateRuns, id);
    if (this.gateRuns[id] !== this.run) {
      this.gateRuns[id] = this.run;
      this.gateInfos[id] = this.gates.get(name);
    }
    return this.gateInfos[id];
  }

  /** What `name` (NameTable id `id`, -1 for none) stands for in the scope. */
  symbol(id: number, name: string): Sym | undefined {
    if (id < 0) return this.scope.lookup(name);
    if (id >= this.symbolRuns.length) this.symbolRuns = grown(this.symbolRuns, id);
    if (this.symbolRuns[id] !== this.run) {
      this.symbolRuns[id] = this.run;
      this.symbols[id] = this.scope.lookup(name);
    }
    return this.symbols[id];
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

function grown(a: Int32Array<ArrayBuffer>, id: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(id + 1, a.length * 2));
  b.set(a);
  return b;
}
