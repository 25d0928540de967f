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

/** The counts when a repeatable stretch (one loop iteration) began. */
interface OpenRepeat {
  tracker: DepthTracker;
  gates: number;
  twoQubit: number;
  multiQubit: number;
  measures: number;
  resets: number;
  byName: Map<string, number>;
}

/** A count that a map holds by reference, so that counting one more is one lookup. */
interface Tally {
  n: number;
}

export class MetricsCollector {
  private gates = 0;
  private twoQubit = 0;
  private multiQubit = 0;
  private measures = 0;
  private resets = 0;
  private readonly byName = new Map<string, Tally>();
  private readonly root = new DepthTracker();
  private readonly blocks: OpenBlock[] = [];
  private readonly repeats: OpenRepeat[] = [];
  private inexactReason: string | undefined;

  /** A gate on `qubits` (controls included); `condClbits` are the bits its condition reads. */
  gate(name: string, qubits: readonly number[] | null, condClbits?: readonly number[], arity?: number): void {
    const n = qubits ? qubits.length : (arity ?? 0);
    this.gates++;
    if (n === 2) this.twoQubit++;
    else if (n >= 3) this.multiQubit++;
    const tally = this.byName.get(name);
    if (tally) tally.n++;
    else this.byName.set(name, { n: 1 });
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

  /**
   * Starts a stretch of operations (one iteration of a loop) that
   * endRepeat() may count again; stretches nest.
   */
  beginRepeat(): void {
    const tracker = this.current();
    tracker.beginRecording();
    this.repeats.push({
      tracker, gates: this.gates, twoQubit: this.twoQubit, multiQubit: this.multiQubit,
      measures: this.measures, resets: this.resets, byName: new Map([...this.byName].map(([name, t]) => [name, t.n])),
    });
  }

  /** Ends the innermost stretch and counts it `times` more times, as if it had been repeated. */
  endRepeat(times: number): void {
    const r = this.repeats.pop()!;
    if (r.tracker !== this.current()) throw new Error('a repeated stretch must end where it began');
    r.tracker.endRecording(times);
    if (times === 0) return;
    this.gates += (this.gates - r.gates) * times;
    this.twoQubit += (this.twoQubit - r.twoQubit) * times;
    this.multiQubit += (this.multiQubit - r.multiQubit) * times;
    this.measures += (this.measures - r.measures) * times;
    this.resets += (this.resets - r.resets) * times;
    for (const [name, t] of this.byName) t.n += (t.n - (r.byName.get(name) ?? 0)) * times;
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
      gatesByName: Object.fromEntries([...this.byName].map(([name, t]) => [name, t.n])),
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
