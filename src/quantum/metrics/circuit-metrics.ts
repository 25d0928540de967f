// The metadata every circuit format reports, and the collector that the
// parsers feed one operation at a time. Counting rules (shared by all
// formats): a gate application counts once whatever its definition; barrier,
// measure, reset, delay and a bare global phase are not gates; `twoQubit` is
// the number of gate applications on exactly two qubits (controls included),
// `multiQubit` on three or more.

import { DepthTracker, clbitWire, qubitWire } from './depth.js';

export type CircuitFormat = 'qasm2' | 'qasm3' | 'braket' | 'quil';

export interface CircuitMetrics {
  format: CircuitFormat;
  /** '2.0', '3.0', '1' (Braket schema version), ... */
  formatVersion: string;
  qubits: number;
  clbits: number;
  gates: number;
  gatesByName: Record<string, number>;
  twoQubit: number;
  multiQubit: number;
  measure: number;
  reset: number;
  depth: number;
  /** False when some construct could not be counted statically; see `reason`. */
  exact: boolean;
  reason?: string;
  /** Include files other than the standard libraries (not read). */
  unknownIncludes: string[];
}

interface OpenBlock {
  condWires: number[];
  finished: DepthTracker[];
  current: DepthTracker;
}

export class MetricsCollector {
  private gates = 0;
  private twoQubit = 0;
  private multiQubit = 0;
  private measures = 0;
  private resets = 0;
  private readonly byName = new Map<string, number>();
  private readonly root = new DepthTracker();
  private readonly blocks: OpenBlock[] = [];
  private inexactReason: string | undefined;

  /** A gate on `qubits` (controls included); `condClbits` are the bits its condition reads. */
  gate(name: string, qubits: readonly number[] | null, condClbits?: readonly number[], arity?: number): void {
    const n = qubits ? qubits.length : (arity ?? 0);
    this.gates++;
    if (n === 2) this.twoQubit++;
    else if (n >= 3) this.multiQubit++;
    this.byName.set(name, (this.byName.get(name) ?? 0) + 1);
    if (qubits) this.current().place(qubits, -1, condClbits);
  }

  measure(qubit: number, clbit: number | null, condClbits?: readonly number[]): void {
    this.measures++;
    this.current().place([qubit], clbit ?? -1, condClbits);
  }

  reset(qubit: number, condClbits?: readonly number[]): void {
    this.resets++;
    this.current().place([qubit], -1, condClbits);
  }

  barrier(qubits: readonly number[]): void {
    this.current().sync(qubits.map(qubitWire));
  }

  /** Opens an if/else or switch whose condition reads `condClbits`. */
  beginBlock(condClbits: readonly number[]): void {
    this.blocks.push({ condWires: condClbits.map(clbitWire), finished: [], current: new DepthTracker(true) });
  }

  nextBranch(): void {
    const b = this.blocks[this.blocks.length - 1]!;
    b.finished.push(b.current);
    b.current = new DepthTracker(true);
  }

  endBlock(): void {
    const b = this.blocks.pop()!;
    b.finished.push(b.current);
    const wires = new Set(b.condWires);
    let height = 0;
    for (const branch of b.finished) {
      for (const w of branch.touched!) wires.add(w);
      height = Math.max(height, branch.depth);
    }
    this.current().placeBlock(wires, height);
  }

  /** Records that the numbers are not exact; the first reason is kept. */
  markInexact(reason: string): void {
    this.inexactReason ??= reason;
  }

  get exact(): boolean {
    return this.inexactReason === undefined;
  }

  result(
    base: Pick<CircuitMetrics, 'format' | 'formatVersion' | 'qubits' | 'clbits'> & { unknownIncludes?: string[] },
  ): CircuitMetrics {
    const metrics: CircuitMetrics = {
      format: base.format,
      formatVersion: base.formatVersion,
      qubits: base.qubits,
      clbits: base.clbits,
      gates: this.gates,
      gatesByName: Object.fromEntries(this.byName),
      twoQubit: this.twoQubit,
      multiQubit: this.multiQubit,
      measure: this.measures,
      reset: this.resets,
      depth: this.root.depth,
      exact: this.inexactReason === undefined,
      unknownIncludes: base.unknownIncludes ?? [],
    };
    if (this.inexactReason !== undefined) metrics.reason = this.inexactReason;
    return metrics;
  }

  private current(): DepthTracker {
    return this.blocks.length > 0 ? this.blocks[this.blocks.length - 1]!.current : this.root;
  }
}
