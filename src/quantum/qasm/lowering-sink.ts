// Collects executable ops (src/quantum/circuit.ts) from the walker. Gate
// calls arriving here are builtin or library gates; user gates have already
// been inlined by the walker. A measurement without a target gets a scratch
// clbit, numbered after all declared clbits when the circuit is finished.

import type { Circuit, GateOp, Op } from '../circuit.js';
import { errorAt, type SourcePos } from './circuit-parse-error.js';
import { controlledPhase } from './apply-modifiers.js';
import type { ClbitState } from './clbit-state.js';
import { GPHASE } from './gate-library.js';
import type { ActiveCondition, GateApplication, OpSink } from './op-sink.js';
import { toNumber, type Value } from './values.js';

export function requireNumber(v: Value, at: SourcePos, what: string): number {
  const n = v.t === 'unknown' ? undefined : toNumber(v);
  if (n === undefined) throw errorAt(at, `${what} depends on a runtime value; the circuit cannot be lowered`);
  return n;
}

export class LoweringSink implements OpSink {
  readonly ops: Op[] = [];

  constructor(private readonly clbits: ClbitState) {}

  gate(app: GateApplication, cond: ActiveCondition | null): void {
    if (app.qubits === null) throw errorAt(app.at, 'a qubit index depends on a runtime value; the circuit cannot be lowered');
    const { info, mods } = app;
    const nc = mods.controls.length;
    const controls = app.qubits.slice(0, nc).filter((_, i) => mods.controls[i]);
    const negControls = app.qubits.slice(0, nc).filter((_, i) => !mods.controls[i]);
    const params = info.dropParams ? [] : app.params.map((v, i) => requireNumber(v, app.at, `parameter ${i + 1} of '${info.name}'`));
    const power = mods.power === null ? undefined : requireNumber(mods.power, app.at, 'the pow() exponent');
    if (info.name === GPHASE) {
      const theta = params[0]! * (mods.inverse ? -1 : 1) * (power ?? 1);
      this.pushOps(controlledPhase(theta, controls, negControls), cond);
      return;
    }
    const op: GateOp = { kind: 'gate', name: info.standard!, qubits: app.qubits.slice(nc), params };
    if (controls.length > 0) op.controls = controls;
    if (negControls.length > 0) op.negControls = negControls;
    if (mods.inverse) op.inverse = true;
    if (power !== undefined) op.power = power;
    if (cond?.ir) op.condition = cond.ir;
    this.ops.push(op);
  }

  globalPhase(theta: Value, at: SourcePos, cond: ActiveCondition | null): void {
    const op: Op = { kind: 'gphase', theta: requireNumber(theta, at, 'the gphase angle') };
    if (cond?.ir) op.condition = cond.ir;
    this.ops.push(op);
  }

  measure(qubit: number, clbit: number | null, cond: ActiveCondition | null): number {
    const c = clbit ?? this.clbits.allocate(1, true)[0]!;
    const op: Op = { kind: 'measure', qubit, clbit: c };
    if (cond?.ir) op.condition = cond.ir;
    this.ops.push(op);
    return c;
  }

  reset(qubit: number, cond: ActiveCondition | null): void {
    const op: Op = { kind: 'reset', qubit };
    if (cond?.ir) op.condition = cond.ir;
    this.ops.push(op);
  }

  barrier(qubits: number[]): void {
    this.ops.push({ kind: 'barrier', qubits });
  }

  beginBlock(): void {}
  nextBranch(): void {}
  endBlock(): void {}

  // Lowering walks every iteration: an executable circuit holds them all.
  beginRepeat(): void {
    throw new Error('a lowering walk does not repeat loop iterations');
  }

  endRepeat(): void {
    throw new Error('a lowering walk does not repeat loop iterations');
  }

  /** Appends already-built ops (an inlined gate body), each guarded by `cond`. */
  pushOps(ops: readonly Op[], cond: ActiveCondition | null): void {
    for (const op of ops) {
      this.ops.push(cond?.ir && op.kind !== 'barrier' ? { ...op, condition: cond.ir } : op);
    }
  }

  finish(numQubits: number): Circuit {
    const map = this.clbits.finalNumbering();
    const remapCondition = (op: Op): Op => {
      if (op.kind === 'barrier' || !op.condition) return op;
      return { ...op, condition: { ...op.condition, clbits: op.condition.clbits.map((c) => map[c]!) } };
    };
    const ops = this.ops.map((op) => {
      const o = remapCondition(op);
      return o.kind === 'measure' ? { ...o, clbit: map[o.clbit]! } : o;
    });
    return { numQubits, numClbits: this.clbits.total, ops };
  }
}
