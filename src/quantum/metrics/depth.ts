// Circuit depth with Qiskit's QuantumCircuit.depth() rules: every qubit and
// clbit is a wire; an operation sits one layer above the highest wire it
// touches; a barrier adds no layer but lifts the wires it names to their
// common maximum; a control-flow block (if/else, switch) is one operation
// over the union of its branches' wires whose height is the deepest branch.
//
// Wires are numbered 2*q for qubit q and 2*c+1 for clbit c.
//
// A tracker can record what happens to it (a loop body) and then apply the
// recorded stretch k more times at once (see depth-transfer.ts).

import { DepthTransfer, type LevelStep } from './depth-transfer.js';

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
  /** What happened since the oldest open recording began; `marks` are where each began. */
  private log: (LevelStep | DepthTransfer)[] = [];
  private readonly marks: number[] = [];

  /** The levels when they are dense (the whole circuit): the common gate takes a shorter path. */
  private readonly dense: DenseLevels | null;

  constructor(branch = false) {
    this.dense = branch ? null : new DenseLevels();
    this.levels = this.dense ?? new SparseLevels();
    this.touched = branch ? new Set() : null;
  }

  /**
   * An operation on `qubits` that may write clbit `clbit` (-1: none) and
   * read `condClbits`: one layer above the highest of those wires.
   */
  place(qubits: readonly number[], clbit: number, condClbits: readonly number[] | undefined): void {
    const dense = this.dense;
    if (dense && this.marks.length === 0) {
      let top = 0;
      for (let i = 0; i < qubits.length; i++) top = Math.max(top, dense.get(2 * qubits[i]!));
      if (clbit >= 0) top = Math.max(top, dense.get(2 * clbit + 1));
      if (condClbits) for (let i = 0; i < condClbits.length; i++) top = Math.max(top, dense.get(2 * condClbits[i]! + 1));
      const level = top + 1;
      for (let i = 0; i < qubits.length; i++) dense.set(2 * qubits[i]!, level);
      if (clbit >= 0) dense.set(2 * clbit + 1, level);
      if (condClbits) for (let i = 0; i < condClbits.length; i++) dense.set(2 * condClbits[i]! + 1, level);
      if (level > this.depth) this.depth = level;
      return;
    }
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
    if (this.marks.length > 0) {
      const wires = qubits.map(qubitWire);
      if (clbit >= 0) wires.push(clbitWire(clbit));
      if (condClbits) for (const c of condClbits) wires.push(clbitWire(c));
      this.log.push({ wires, height: 1 });
    }
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
    if (this.marks.length > 0) this.log.push({ wires: [...wires], height });
  }

  /** Starts recording (recordings nest). */
  beginRecording(): void {
    this.marks.push(this.log.length);
  }

  /**
   * Ends the innermost recording and applies what it recorded `times` more
   * times: as one matrix power when that is cheaper, else step by step.
   */
  endRecording(times: number): void {
    const start = this.marks.pop()!;
    const steps = this.log.slice(start);
    if (times > 0 && steps.length > 0) {
      const transfer = DepthTransfer.of(steps);
      let stepCost = 0;
      for (const s of steps) stepCost += s instanceof DepthTransfer ? s.wires.length ** 2 : s.wires.length + 1;
      if (transfer.powerCost(times) <= 4 * times * stepCost) {
        this.applyTransfer(transfer.power(times));
      } else {
        for (let k = 0; k < times; k++) {
          for (const s of steps) {
            if (s instanceof DepthTransfer) this.applyTransfer(s);
            else this.placeBlock(s.wires, s.height);
          }
        }
      }
    }
    if (this.marks.length === 0) this.log = [];
  }

  private applyTransfer(t: DepthTransfer): void {
    const levels = t.apply((w) => this.levels.get(w));
    let top = t.floor;
    t.wires.forEach((w, i) => {
      this.mark(w, levels[i]!);
      top = Math.max(top, levels[i]!);
    });
    if (top > this.depth) this.depth = top;
    if (this.marks.length > 0) this.log.push(t);
  }
}
