// Circuit depth with Qiskit's QuantumCircuit.depth() rules: every qubit and
// clbit is a wire; an operation sits one layer above the highest wire it
// touches; a barrier adds no layer but lifts the wires it names to their
// common maximum; a control-flow block (if/else, switch) is one operation
// over the union of its branches' wires whose height is the deepest branch.
//
// Wires are numbered 2*q for qubit q and 2*c+1 for clbit c.

export function qubitWire(q: number): number {
  return 2 * q;
}

export function clbitWire(c: number): number {
  return 2 * c + 1;
}

interface Levels {
  get(wire: number): number;
  set(wire: number, level: number): void;
}

/** Whole-circuit levels: dense and fast. */
class DenseLevels implements Levels {
  private a = new Int32Array(64);
  get(wire: number): number {
    return wire < this.a.length ? this.a[wire]! : 0;
  }
  set(wire: number, level: number): void {
    if (wire >= this.a.length) {
      let n = this.a.length * 2;
      while (n <= wire) n *= 2;
      const grown = new Int32Array(n);
      grown.set(this.a);
      this.a = grown;
    }
    this.a[wire] = level;
  }
}

/** Levels inside one branch of a block: few wires, sparse. */
class SparseLevels implements Levels {
  private readonly m = new Map<number, number>();
  get(wire: number): number {
    return this.m.get(wire) ?? 0;
  }
  set(wire: number, level: number): void {
    this.m.set(wire, level);
  }
}

export class DepthTracker {
  depth = 0;
  private readonly levels: Levels;
  /** Wires used inside a branch; they are what the enclosing block occupies. */
  readonly touched: Set<number> | null;

  constructor(branch = false) {
    this.levels = branch ? new SparseLevels() : new DenseLevels();
    this.touched = branch ? new Set() : null;
  }

  /**
   * An operation on `qubits` that may write clbit `clbit` (-1: none) and
   * read `condClbits`: one layer above the highest of those wires.
   */
  place(qubits: readonly number[], clbit: number, condClbits: readonly number[] | undefined): void {
    const levels = this.levels;
    let top = 0;
    for (const q of qubits) top = Math.max(top, levels.get(2 * q));
    if (clbit >= 0) top = Math.max(top, levels.get(2 * clbit + 1));
    if (condClbits) for (const c of condClbits) top = Math.max(top, levels.get(2 * c + 1));
    const level = top + 1;
    for (const q of qubits) this.mark(2 * q, level);
    if (clbit >= 0) this.mark(2 * clbit + 1, level);
    if (condClbits) for (const c of condClbits) this.mark(2 * c + 1, level);
    if (level > this.depth) this.depth = level;
  }

  private mark(wire: number, level: number): void {
    this.levels.set(wire, level);
    this.touched?.add(wire);
  }

  /** A barrier: no new layer, the named wires move up to their maximum. */
  sync(wires: readonly number[]): void {
    this.placeBlock(wires, 0);
  }

  /** An operation of height `height` spanning `wires`. */
  placeBlock(wires: Iterable<number>, height: number): void {
    let top = 0;
    for (const w of wires) top = Math.max(top, this.levels.get(w));
    const level = top + height;
    for (const w of wires) {
      this.levels.set(w, level);
      this.touched?.add(w);
    }
    if (level > this.depth) this.depth = level;
  }
}
