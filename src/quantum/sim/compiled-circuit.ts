// A circuit checked and lowered once into kernel-ready instructions, so that
// per-shot re-runs do not rebuild matrices.

import type { Circuit, Condition, Op } from '../circuit.js';
import { adjoint, diagonalOf, isDiagonal, type ComplexMatrix } from '../linalg/complex-matrix.js';
import { unitaryPower } from '../linalg/unitary-power.js';
import type { ControlSpec } from './amplitude-kernels.js';
import { gateMatrix } from './standard-gates.js';
import { SimulatorError } from './simulator-error.js';

export interface UnitaryInstruction {
  kind: 'unitary';
  /** The source gate's name, for noise models. */
  name: string;
  targets: number[];
  /** Every qubit the gate touches (controls first, as written). */
  qubits: number[];
  /** Controls added by ctrl @ / negctrl @ (not the gate's own). */
  extraControls: number;
  matrix: ComplexMatrix;
  /** Present when the matrix is diagonal: the cheaper kernel applies. */
  diagonal?: Float64Array;
  control: ControlSpec;
  condition?: Condition;
}

export type Instruction =
  | UnitaryInstruction
  | { kind: 'measure'; qubit: number; clbit: number; condition?: Condition }
  | { kind: 'reset'; qubit: number; condition?: Condition }
  | { kind: 'gphase'; theta: number; condition?: Condition };

export interface CompiledCircuit {
  numQubits: number;
  numClbits: number;
  instructions: Instruction[];
  /** True when every measurement is terminal and nothing is conditioned or reset mid-way: simulate once, then sample. */
  samplable: boolean;
}

/** The largest register the interleaved Float64Array layout and 32-bit index arithmetic allow. */
export const MAX_SIMULATED_QUBITS = 30;

export function compileCircuit(circuit: Circuit): CompiledCircuit {
  const { numQubits, numClbits } = circuit;
  if (!Number.isInteger(numQubits) || numQubits < 0 || numQubits > MAX_SIMULATED_QUBITS) {
    throw new SimulatorError(`cannot simulate ${numQubits} qubits (at most ${MAX_SIMULATED_QUBITS})`);
  }
  if (!Number.isInteger(numClbits) || numClbits < 0) throw new SimulatorError(`bad clbit count ${numClbits}`);
  const checkQubit = (q: number): void => {
    if (!Number.isInteger(q) || q < 0 || q >= numQubits) throw new SimulatorError(`qubit ${q} out of range 0..${numQubits - 1}`);
  };
  const checkClbit = (c: number): void => {
    if (!Number.isInteger(c) || c < 0 || c >= numClbits) throw new SimulatorError(`clbit ${c} out of range 0..${numClbits - 1}`);
  };
  const checkCondition = (cond?: Condition): void => {
    if (!cond) return;
    cond.clbits.forEach(checkClbit);
    if (cond.clbits.length > 52) throw new SimulatorError('condition reads more than 52 clbits');
  };
  const instructions: Instruction[] = [];
  for (const op of circuit.ops) {
    switch (op.kind) {
      case 'gate':
        op.qubits.forEach(checkQubit);
        op.controls?.forEach(checkQubit);
        op.negControls?.forEach(checkQubit);
        checkCondition(op.condition);
        instructions.push(lowerGate(op));
        break;
      case 'measure':
        checkQubit(op.qubit);
        checkClbit(op.clbit);
        checkCondition(op.condition);
        instructions.push({ kind: 'measure', qubit: op.qubit, clbit: op.clbit, condition: op.condition });
        break;
      case 'reset':
        checkQubit(op.qubit);
        checkCondition(op.condition);
        instructions.push({ kind: 'reset', qubit: op.qubit, condition: op.condition });
        break;
      case 'gphase':
        checkCondition(op.condition);
        instructions.push({ kind: 'gphase', theta: op.theta, condition: op.condition });
        break;
      case 'barrier':
        op.qubits.forEach(checkQubit);
        break;
      default:
        throw new SimulatorError(`unknown operation ${(op as Op).kind}`);
    }
  }
  return { numQubits, numClbits, instructions, samplable: isSamplable(instructions) };
}

function lowerGate(op: Extract<Op, { kind: 'gate' }>): UnitaryInstruction {
  const spec = gateMatrix(op.name, op.params);
  const operands = op.qubits;
  let matrix = spec.matrix;
  const targetCount = Math.round(Math.log2(Math.sqrt(matrix.length / 2)));
  if (operands.length !== spec.controls + targetCount) {
    throw new SimulatorError(`gate '${op.name}' acts on ${spec.controls + targetCount} qubit(s), got ${operands.length}`);
  }
  if (op.inverse) matrix = adjoint(matrix);
  if (op.power !== undefined && op.power !== 1) matrix = unitaryPower(matrix, op.power);
  const posControls = [...operands.slice(0, spec.controls), ...(op.controls ?? [])];
  const negControls = op.negControls ?? [];
  const targets = operands.slice(spec.controls);
  const all = [...op.negControls ?? [], ...(op.controls ?? []), ...operands];
  if (new Set(all).size !== all.length) throw new SimulatorError(`gate '${op.name}' uses a qubit twice`);
  let mask = 0, value = 0;
  for (const q of posControls) { mask |= 1 << q; value |= 1 << q; }
  for (const q of negControls) mask |= 1 << q;
  return {
    kind: 'unitary',
    name: op.name,
    targets,
    qubits: all,
    extraControls: all.length - operands.length,
    matrix,
    diagonal: isDiagonal(matrix) ? diagonalOf(matrix) : undefined,
    control: { mask, value },
    condition: op.condition,
  };
}

function isSamplable(instructions: Instruction[]): boolean {
  let measured = false;
  const touched = new Set<number>();
  for (const ins of instructions) {
    if (ins.condition) return false;
    if (ins.kind === 'measure') { measured = true; continue; }
    if (measured) return false;
    // A reset on a qubit still in |0> is a no-op and keeps the circuit unitary.
    if (ins.kind === 'reset') { if (touched.has(ins.qubit)) return false; continue; }
    if (ins.kind === 'unitary') ins.qubits.forEach((q) => touched.add(q));
  }
  return true;
}

/** Value of the condition's bits in the classical register. */
export function conditionHolds(cond: Condition | undefined, clbits: Uint8Array): boolean {
  if (!cond) return true;
  let v = 0;
  for (let i = 0; i < cond.clbits.length; i++) v += clbits[cond.clbits[i]] * 2 ** i;
  return cond.op === '==' ? v === cond.value : v !== cond.value;
}
