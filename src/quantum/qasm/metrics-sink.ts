// Feeds walker output into the format-agnostic metrics collector.

import type { MetricsCollector } from '../metrics/circuit-metrics.js';
import type { ActiveCondition, GateApplication, OpSink } from './op-sink.js';

export class MetricsSink implements OpSink {
  constructor(private readonly collector: MetricsCollector) {}

  gate(app: GateApplication, cond: ActiveCondition | null): void {
    this.collector.gate(app.key, app.qubits, cond?.clbits, app.arity);
  }

  globalPhase(): void {
    // A bare global phase is not a gate and occupies no wire.
  }

  measure(qubit: number, clbit: number | null, cond: ActiveCondition | null): number {
    this.collector.measure(qubit, clbit, cond?.clbits);
    return clbit ?? -1;
  }

  reset(qubit: number, cond: ActiveCondition | null): void {
    this.collector.reset(qubit, cond?.clbits);
  }

  barrier(qubits: number[]): void {
    this.collector.barrier(qubits);
  }

  beginBlock(condClbits: number[]): void {
    this.collector.beginBlock(condClbits);
  }

  nextBranch(): void {
    this.collector.nextBranch();
  }

  endBlock(): void {
    this.collector.endBlock();
  }

  beginRepeat(): void {
    this.collector.beginRepeat();
  }

  endRepeat(times: number): void {
    this.collector.endRepeat(times);
  }
}
