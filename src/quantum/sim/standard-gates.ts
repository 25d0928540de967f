// Matrices of the gates in STANDARD_GATES with Qiskit's semantics. A gate is
// a target matrix plus a number of leading control operands (cx = x with one
// control), so modifiers and kernels treat built-in and added controls alike.
// Matrices are little-endian: operand 0 of the targets is the low bit of the
// local index, as in Qiskit's Operator of the gate.
//
// u1/u2/u3 follow Qiskit's U1/U2/U3 gates (no global phase relative to U),
// not the gphase-carrying definitions of OpenQASM 3's stdgates.inc; the two
// differ only under ctrl @.

import { STANDARD_GATES } from '../circuit.js';
import { identityMatrix, kron, scaleMatrix, type ComplexMatrix } from '../linalg/complex-matrix.js';
import { apply1, apply2, NO_CONTROLS } from './amplitude-kernels.js';
import { SimulatorError } from './simulator-error.js';

export interface GateMatrix {
  /** Leading operands that are controls (fire on |1>). */
  controls: number;
  /** Matrix on the remaining operands. */
  matrix: ComplexMatrix;
}

const S2 = Math.SQRT1_2;

const m = (...v: number[]): ComplexMatrix => Float64Array.from(v);
/** e^{it}, exact at multiples of π/2 so that s, cp(π/2)… carry no 6e-17 residue. */
const phase = (t: number): [number, number] => {
  const quarter = t / (Math.PI / 2);
  if (Number.isInteger(quarter)) return ([[1, 0], [0, 1], [-1, 0], [0, -1]] as const)[((quarter % 4) + 4) % 4] as [number, number];
  return [Math.cos(t), Math.sin(t)];
};

function u(theta: number, phi: number, lambda: number): ComplexMatrix {
  const c = Math.cos(theta / 2), s = Math.sin(theta / 2);
  const [lr, li] = phase(lambda), [pr, pi] = phase(phi), [qr, qi] = phase(phi + lambda);
  return m(c, 0, -lr * s, -li * s, pr * s, pi * s, qr * c, qi * c);
}

const diag1 = (t: number): ComplexMatrix => m(1, 0, 0, 0, 0, 0, ...phase(t));
const X = m(0, 0, 1, 0, 1, 0, 0, 0);
const Y = m(0, 0, 0, -1, 0, 1, 0, 0);
const Z = m(1, 0, 0, 0, 0, 0, -1, 0);
const H = m(S2, 0, S2, 0, S2, 0, -S2, 0);
const SX = m(0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5);
const SXDG = m(0.5, -0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5);
const SWAP = m(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0);
const ISWAP = m(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0);
const ECR = scaleMatrix(m(0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, -1, 0, 0, 1, 0, 0, 0), S2, 0);

const rx = (t: number): ComplexMatrix => { const c = Math.cos(t / 2), s = Math.sin(t / 2); return m(c, 0, 0, -s, 0, -s, c, 0); };
const ry = (t: number): ComplexMatrix => { const c = Math.cos(t / 2), s = Math.sin(t / 2); return m(c, 0, -s, 0, s, 0, c, 0); };
const rz = (t: number): ComplexMatrix => m(...phase(-t / 2), 0, 0, 0, 0, ...phase(t / 2));

/** exp(−i θ/2 · P⊗Q) for a two-qubit Pauli product with (P⊗Q)² = I. */
function pauliRotation(pq: ComplexMatrix, t: number): ComplexMatrix {
  const c = Math.cos(t / 2), s = Math.sin(t / 2);
  const out = scaleMatrix(identityMatrix(4), c, 0);
  const rot = scaleMatrix(pq, 0, -s);
  for (let i = 0; i < out.length; i++) out[i] += rot[i];
  return out;
}

type Builder = (p: number[]) => GateMatrix;
const fixed = (matrix: ComplexMatrix, controls = 0): Builder => () => ({ controls, matrix });
const param1 = (f: (t: number) => ComplexMatrix, controls = 0): Builder => (p) => ({ controls, matrix: f(p[0]) });

/** A gate defined by a sequence of 1- and 2-qubit gates on k operands (qelib1.inc bodies). */
type Step = [name: string, operands: number[], params?: number[]];
function fromSequence(k: number, steps: Step[]): ComplexMatrix {
  const d = 1 << k;
  const out = new Float64Array(2 * d * d);
  const col = new Float64Array(2 * d);
  for (let c = 0; c < d; c++) {
    col.fill(0);
    col[2 * c] = 1;
    for (const [name, ops, params = []] of steps) {
      const g = gateMatrix(name, params);
      if (g.controls === 0 && ops.length === 1) apply1(col, k, ops[0], g.matrix, NO_CONTROLS);
      else if (g.controls === 1 && ops.length === 2) apply1(col, k, ops[1], g.matrix, { mask: 1 << ops[0], value: 1 << ops[0] });
      else apply2(col, k, ops[0], ops[1], g.matrix, NO_CONTROLS);
    }
    for (let r = 0; r < d; r++) {
      out[2 * (r * d + c)] = col[2 * r];
      out[2 * (r * d + c) + 1] = col[2 * r + 1];
    }
  }
  return out;
}

const PI = Math.PI;
const lazy = (make: () => ComplexMatrix): Builder => {
  let cached: ComplexMatrix | undefined;
  return () => ({ controls: 0, matrix: (cached ??= make()) });
};

const BUILDERS: Record<string, Builder> = {
  U: (p) => ({ controls: 0, matrix: u(p[0], p[1], p[2]) }),
  u: (p) => ({ controls: 0, matrix: u(p[0], p[1], p[2]) }),
  u3: (p) => ({ controls: 0, matrix: u(p[0], p[1], p[2]) }),
  u2: (p) => ({ controls: 0, matrix: u(PI / 2, p[0], p[1]) }),
  u1: param1(diag1),
  p: param1(diag1),
  id: fixed(identityMatrix(2)),
  x: fixed(X),
  y: fixed(Y),
  z: fixed(Z),
  h: fixed(H),
  s: fixed(diag1(PI / 2)),
  sdg: fixed(diag1(-PI / 2)),
  t: fixed(diag1(PI / 4)),
  tdg: fixed(diag1(-PI / 4)),
  sx: fixed(SX),
  sxdg: fixed(SXDG),
  rx: param1(rx),
  ry: param1(ry),
  rz: param1(rz),
  CX: fixed(X, 1),
  cx: fixed(X, 1),
  cy: fixed(Y, 1),
  cz: fixed(Z, 1),
  ch: fixed(H, 1),
  csx: fixed(SX, 1),
  crx: param1(rx, 1),
  cry: param1(ry, 1),
  crz: param1(rz, 1),
  cp: param1(diag1, 1),
  cphase: param1(diag1, 1),
  cu1: param1(diag1, 1),
  cu3: (p) => ({ controls: 1, matrix: u(p[0], p[1], p[2]) }),
  cu: (p) => ({ controls: 1, matrix: scaleMatrix(u(p[0], p[1], p[2]), ...phase(p[3])) }),
  swap: fixed(SWAP),
  iswap: fixed(ISWAP),
  ecr: fixed(ECR),
  dcx: lazy(() => fromSequence(2, [['cx', [0, 1]], ['cx', [1, 0]]])),
  rxx: param1((t) => pauliRotation(kron(X, X), t)),
  ryy: param1((t) => pauliRotation(kron(Y, Y), t)),
  rzz: param1((t) => pauliRotation(kron(Z, Z), t)),
  // Z on operand 0, X on operand 1 (Qiskit's RZXGate).
  rzx: param1((t) => pauliRotation(kron(X, Z), t)),
  ccx: fixed(X, 2),
  cswap: fixed(SWAP, 1),
  c3x: fixed(X, 3),
  c3sqrtx: fixed(SX, 3),
  c4x: fixed(X, 4),
  rccx: lazy(() => fromSequence(3, [
    ['u2', [2], [0, PI]], ['u1', [2], [PI / 4]], ['cx', [1, 2]], ['u1', [2], [-PI / 4]],
    ['cx', [0, 2]], ['u1', [2], [PI / 4]], ['cx', [1, 2]], ['u1', [2], [-PI / 4]], ['u2', [2], [0, PI]],
  ])),
  rc3x: lazy(() => fromSequence(4, [
    ['u2', [3], [0, PI]], ['u1', [3], [PI / 4]], ['cx', [2, 3]], ['u1', [3], [-PI / 4]], ['u2', [3], [0, PI]],
    ['cx', [0, 3]], ['u1', [3], [PI / 4]], ['cx', [1, 3]], ['u1', [3], [-PI / 4]],
    ['cx', [0, 3]], ['u1', [3], [PI / 4]], ['cx', [1, 3]], ['u1', [3], [-PI / 4]],
    ['u2', [3], [0, PI]], ['u1', [3], [PI / 4]], ['cx', [2, 3]], ['u1', [3], [-PI / 4]], ['u2', [3], [0, PI]],
  ])),
};

/** The target matrix and built-in control count of a standard gate. */
export function gateMatrix(name: string, params: readonly number[]): GateMatrix {
  const spec = STANDARD_GATES[name];
  const build = BUILDERS[name];
  if (!spec || !build) throw new SimulatorError(`unknown gate '${name}'`);
  if (params.length !== spec.params) {
    throw new SimulatorError(`gate '${name}' takes ${spec.params} parameter(s), got ${params.length}`);
  }
  for (const p of params) if (!Number.isFinite(p)) throw new SimulatorError(`gate '${name}' has a non-finite parameter`);
  return build([...params]);
}

/** The full unitary of a standard gate over all its operands (controls included), for tests and tools. */
export function fullGateMatrix(name: string, params: readonly number[]): ComplexMatrix {
  const g = gateMatrix(name, params);
  let full = g.matrix;
  for (let c = 0; c < g.controls; c++) full = controlledOnLowBit(full);
  return full;
}

/** ctrl(U) with the control as the new low bit and U on the high bits. */
function controlledOnLowBit(uMat: ComplexMatrix): ComplexMatrix {
  const d = Math.round(Math.sqrt(uMat.length / 2));
  const D = 2 * d;
  const out = new Float64Array(2 * D * D);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) {
      // control 0: identity on even indices; control 1: U on odd ones.
      if (r === c) out[2 * ((2 * r) * D + 2 * c)] = 1;
      out[2 * ((2 * r + 1) * D + 2 * c + 1)] = uMat[2 * (r * d + c)];
      out[2 * ((2 * r + 1) * D + 2 * c + 1) + 1] = uMat[2 * (r * d + c) + 1];
    }
  }
  return out;
}

