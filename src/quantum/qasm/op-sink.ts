// What the program walker emits, one operation at a time, after names are
// resolved, broadcasting is expanded and loops are unrolled. Two consumers:
// metrics (counts and depth at call-site level) and lowering (executable ops).

import type { Condition } from '../circuit.js';
import type { SourcePos } from './circuit-parse-error.js';
import type { GateInfo } from './gate-library.js';
import type { Value } from './values.js';

/** Controls, inversion and power gathered from a call's modifiers. */
export interface ResolvedModifiers {
  /** One entry per control operand, in operand order: true = `ctrl`, false = `negctrl`. */
  controls: boolean[];
  inverse: boolean;
  /** Product of `pow(k)` exponents; null when there is none. */
  power: Value | null;
}

export interface GateApplication {
  at: SourcePos;
  /** The name counted in gatesByName (modifiers included, e.g. 'ctrl @ x'). */
  key: string;
  info: GateInfo;
  /** Parameter values; a counting walk's plain gate calls leave them out (counting never reads them). */
  params: Value[];
  /** Control operands first, then the gate's own; null if an index is only known at run time. */
  qubits: number[] | null;
  /** Number of qubits the application acts on. */
  arity: number;
  mods: ResolvedModifiers;
}

/** A condition guarding the operations emitted while it is active. */
export interface ActiveCondition {
  /** The clbits it reads (depth wires). */
  clbits: number[];
  /** The executable form (lowering only). */
  ir?: Condition;
}

export interface OpSink {
  gate(app: GateApplication, cond: ActiveCondition | null): void;
  globalPhase(theta: Value, at: SourcePos, cond: ActiveCondition | null): void;
  /** Returns the clbit that holds the result (a scratch bit when `clbit` is null), or -1. */
  measure(qubit: number, clbit: number | null, cond: ActiveCondition | null): number;
  reset(qubit: number, cond: ActiveCondition | null): void;
  barrier(qubits: number[]): void;
  /** An if/else or switch whose condition reads `condClbits`; one branch follows. */
  beginBlock(condClbits: number[]): void;
  nextBranch(): void;
  endBlock(): void;
  /** Counting only: what follows (one loop iteration) may be counted again by endRepeat. */
  beginRepeat(): void;
  /** Ends the innermost beginRepeat and counts what came since `times` more times. */
  endRepeat(times: number): void;
}

/** Discards everything (validation runs). */
export const NULL_SINK: OpSink = {
  gate() {},
  globalPhase() {},
  measure: () => -1,
  reset() {},
  barrier() {},
  beginBlock() {},
  nextBranch() {},
  endBlock() {},
  beginRepeat() {},
  endRepeat() {},
};
