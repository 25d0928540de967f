// Gate modifiers distributed over an inlined gate body, on executable ops:
// `inv` reverses the body and inverts each op, integer `pow(k)` repeats it,
// `ctrl`/`negctrl` add controls to every op (a controlled global phase
// becomes a phase gate on the controls).

import type { GateOp, Op } from '../circuit.js';

export function invertOps(ops: readonly Op[]): Op[] {
  const out: Op[] = [];
  for (let i = ops.length - 1; i >= 0; i--) out.push(invertOp(ops[i]!));
  return out;
}

function invertOp(op: Op): Op {
  if (op.kind === 'gate') {
    const g: GateOp = { ...op };
    if (g.inverse) delete g.inverse;
    else g.inverse = true;
    return g;
  }
  if (op.kind === 'gphase') return { ...op, theta: -op.theta };
  return op;
}

/** The body applied `k` times (k an integer; negative means the inverse). */
export function powerOps(ops: readonly Op[], k: number): Op[] {
  const unit = k < 0 ? invertOps(ops) : [...ops];
  const out: Op[] = [];
  for (let i = 0; i < Math.abs(k); i++) out.push(...unit);
  return out;
}

export function controlOps(ops: readonly Op[], controls: readonly number[], negControls: readonly number[]): Op[] {
  if (controls.length === 0 && negControls.length === 0) return [...ops];
  const out: Op[] = [];
  for (const op of ops) {
    switch (op.kind) {
      case 'gate': {
        const g: GateOp = { ...op };
        const c = [...controls, ...(op.controls ?? [])];
        const n = [...negControls, ...(op.negControls ?? [])];
        if (c.length > 0) g.controls = c;
        if (n.length > 0) g.negControls = n;
        out.push(g);
        break;
      }
      case 'gphase':
        out.push(...controlledPhase(op.theta, controls, negControls));
        break;
      case 'barrier':
        out.push({ kind: 'barrier', qubits: [...controls, ...negControls, ...op.qubits] });
        break;
      default:
        throw new Error(`a ${op.kind} cannot be controlled`);
    }
  }
  return out;
}

/**
 * e^{i theta} on the subspace where every control is 1 and every negative
 * control is 0: a phase gate on one control, controlled by the others.
 */
export function controlledPhase(theta: number, controls: readonly number[], negControls: readonly number[]): Op[] {
  if (controls.length > 0) {
    const target = controls[controls.length - 1]!;
    const g: GateOp = { kind: 'gate', name: 'p', qubits: [target], params: [theta] };
    if (controls.length > 1) g.controls = controls.slice(0, -1);
    if (negControls.length > 0) g.negControls = [...negControls];
    return [g];
  }
  // Only negative controls: flip one so that it fires on |1>.
  const target = negControls[negControls.length - 1]!;
  const flip: GateOp = { kind: 'gate', name: 'x', qubits: [target], params: [] };
  const g: GateOp = { kind: 'gate', name: 'p', qubits: [target], params: [theta] };
  if (negControls.length > 1) g.negControls = negControls.slice(0, -1);
  return [flip, g, { ...flip }];
}
