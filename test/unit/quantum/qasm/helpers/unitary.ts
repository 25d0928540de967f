// Test-only: the unitary of a lowered circuit (gates and global phases only),
// so that lowering can be checked against what the source means rather than
// against a particular op list. Qubit q is bit q of a basis index; a gate's
// matrix is indexed by its operands, the first operand most significant.

import type { Circuit, GateOp } from '../../../../../src/quantum/circuit.js';

export type C = [number, number];
export type Matrix = C[][];

const c = (re: number, im = 0): C => [re, im];
const mul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const add = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const expi = (t: number): C => [Math.cos(t), Math.sin(t)];

function matmul(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((acc, x, k) => add(acc, mul(x, b[k]![j]!)), c(0))));
}

function dagger(m: Matrix): Matrix {
  return m[0]!.map((_, j) => m.map((row) => [row[j]![0], -row[j]![1]] as C));
}

function kron(a: Matrix, b: Matrix): Matrix {
  const out: Matrix = [];
  for (const ra of a) for (const rb of b) out.push(ra.flatMap((x) => rb.map((y) => mul(x, y))));
  return out;
}

const I: Matrix = [[c(1), c(0)], [c(0), c(1)]];
const X: Matrix = [[c(0), c(1)], [c(1), c(0)]];
const Y: Matrix = [[c(0), c(0, -1)], [c(0, 1), c(0)]];
const Z: Matrix = [[c(1), c(0)], [c(0), c(-1)]];
const H: Matrix = [[c(Math.SQRT1_2), c(Math.SQRT1_2)], [c(Math.SQRT1_2), c(-Math.SQRT1_2)]];
const phase = (t: number): Matrix => [[c(1), c(0)], [c(0), expi(t)]];
const U = (t: number, p: number, l: number): Matrix => [
  [c(Math.cos(t / 2)), mul(expi(l), c(-Math.sin(t / 2)))],
  [mul(expi(p), c(Math.sin(t / 2))), mul(expi(p + l), c(Math.cos(t / 2)))],
];
const RX = (t: number): Matrix => U(t, -Math.PI / 2, Math.PI / 2);
const RY = (t: number): Matrix => U(t, 0, 0);
const RZ = (t: number): Matrix => [[expi(-t / 2), c(0)], [c(0), expi(t / 2)]];
const SX: Matrix = [[c(0.5, 0.5), c(0.5, -0.5)], [c(0.5, -0.5), c(0.5, 0.5)]];
const SWAP: Matrix = [
  [c(1), c(0), c(0), c(0)],
  [c(0), c(0), c(1), c(0)],
  [c(0), c(1), c(0), c(0)],
  [c(0), c(0), c(0), c(1)],
];

/** exp(-i t/2 P) for a Pauli product P (P squared is the identity). */
function pauliRotation(p: Matrix, t: number): Matrix {
  return p.map((row, i) => row.map((x, j) => add(mul(c(Math.cos(t / 2)), i === j ? c(1) : c(0)), mul(c(0, -Math.sin(t / 2)), x))));
}

function controlled(m: Matrix, n = 1): Matrix {
  const dim = m.length * 2 ** n;
  const out: Matrix = Array.from({ length: dim }, (_, i) => Array.from({ length: dim }, (_, j) => c(i === j ? 1 : 0)));
  const off = dim - m.length;
  m.forEach((row, i) => row.forEach((x, j) => (out[off + i]![off + j] = x)));
  return out;
}

/** Matrix of a standard gate over its operands. */
export function gateMatrix(name: string, p: readonly number[]): Matrix {
  const [a = 0, b = 0, g = 0, d = 0] = p;
  switch (name) {
    case 'id': return I;
    case 'x': return X;
    case 'y': return Y;
    case 'z': return Z;
    case 'h': return H;
    case 's': return phase(Math.PI / 2);
    case 'sdg': return phase(-Math.PI / 2);
    case 't': return phase(Math.PI / 4);
    case 'tdg': return phase(-Math.PI / 4);
    case 'sx': return SX;
    case 'sxdg': return dagger(SX);
    case 'rx': return RX(a);
    case 'ry': return RY(a);
    case 'rz': return RZ(a);
    case 'p': case 'u1': return phase(a);
    case 'u2': return U(Math.PI / 2, a, b);
    case 'U': case 'u': case 'u3': return U(a, b, g);
    case 'CX': case 'cx': return controlled(X);
    case 'cy': return controlled(Y);
    case 'cz': return controlled(Z);
    case 'ch': return controlled(H);
    case 'csx': return controlled(SX);
    case 'cp': case 'cphase': case 'cu1': return controlled(phase(a));
    case 'crx': return controlled(RX(a));
    case 'cry': return controlled(RY(a));
    case 'crz': return controlled(RZ(a));
    case 'cu3': return controlled(U(a, b, g));
    case 'cu': return controlled(U(a, b, g).map((row) => row.map((x) => mul(expi(d), x))));
    case 'swap': return SWAP;
    case 'iswap': return [[c(1), c(0), c(0), c(0)], [c(0), c(0), c(0, 1), c(0)], [c(0), c(0, 1), c(0), c(0)], [c(0), c(0), c(0), c(1)]];
    case 'ecr': {
      const s = Math.SQRT1_2;
      return [[c(0), c(0), c(s), c(0, s)], [c(0), c(0), c(0, s), c(s)], [c(s), c(0, -s), c(0), c(0)], [c(0, -s), c(s), c(0), c(0)]];
    }
    case 'rxx': return pauliRotation(kron(X, X), a);
    case 'ryy': return pauliRotation(kron(Y, Y), a);
    case 'rzz': return pauliRotation(kron(Z, Z), a);
    case 'ccx': return controlled(X, 2);
    case 'cswap': return controlled(SWAP);
    case 'c3x': return controlled(X, 3);
    case 'c4x': return controlled(X, 4);
    default: throw new Error(`no test matrix for '${name}'`);
  }
}

function gateOpMatrix(op: GateOp): Matrix {
  let m = gateMatrix(op.name, op.params);
  if (op.inverse) m = dagger(m);
  if (op.power !== undefined) {
    if (!Number.isInteger(op.power)) throw new Error('test unitary: integer powers only');
    const base = op.power < 0 ? dagger(m) : m;
    m = Array.from({ length: base.length }, (_, i) => Array.from({ length: base.length }, (_, j) => c(i === j ? 1 : 0)));
    for (let k = 0; k < Math.abs(op.power); k++) m = matmul(base, m);
  }
  return m;
}

/** Applies matrix m on `targets` (first most significant), when controls hold. */
function apply(state: C[], m: Matrix, targets: number[], controls: number[], negControls: number[]): C[] {
  const out = state.map((x) => [...x] as C);
  const k = targets.length;
  for (let base = 0; base < state.length; base++) {
    if (targets.some((t) => (base >> t) & 1)) continue;
    if (controls.some((q) => !((base >> q) & 1)) || negControls.some((q) => (base >> q) & 1)) continue;
    const idx = (sub: number): number => targets.reduce((acc, t, i) => acc | (((sub >> (k - 1 - i)) & 1) << t), base);
    for (let row = 0; row < 2 ** k; row++) {
      let acc = c(0);
      for (let col = 0; col < 2 ** k; col++) acc = add(acc, mul(m[row]![col]!, state[idx(col)]!));
      out[idx(row)] = acc;
    }
  }
  return out;
}

/** The circuit's unitary, column j = image of basis state j. */
export function circuitUnitary(circuit: Circuit): Matrix {
  const dim = 2 ** circuit.numQubits;
  const columns: C[][] = [];
  for (let j = 0; j < dim; j++) {
    let state: C[] = Array.from({ length: dim }, (_, i) => c(i === j ? 1 : 0));
    for (const op of circuit.ops) {
      if (op.kind === 'gate') state = apply(state, gateOpMatrix(op), op.qubits, op.controls ?? [], op.negControls ?? []);
      else if (op.kind === 'gphase') state = state.map((x) => mul(expi(op.theta), x));
      else if (op.kind !== 'barrier') throw new Error(`test unitary: cannot apply ${op.kind}`);
    }
    columns.push(state);
  }
  return columns[0]!.map((_, i) => columns.map((col) => col[i]!));
}

/** Reorders a little-endian unitary so that qubit 0 is the most significant bit. */
export function bigEndian(u: Matrix, n: number): Matrix {
  const rev = (i: number): number => {
    let r = 0;
    for (let b = 0; b < n; b++) r |= ((i >> b) & 1) << (n - 1 - b);
    return r;
  };
  return u.map((_, i) => u.map((__, j) => u[rev(i)]![rev(j)]!));
}

/** Largest entry-wise distance, after removing a global phase when `upToPhase`. */
export function distance(a: Matrix, b: Matrix, upToPhase = false): number {
  let ph: C = c(1);
  if (upToPhase) {
    let best = 0;
    a.forEach((row, i) =>
      row.forEach((x, j) => {
        const y = b[i]![j]!;
        const mag = Math.hypot(...y);
        if (mag > best) {
          best = mag;
          // ph = x / y
          const d = y[0] * y[0] + y[1] * y[1];
          ph = [(x[0] * y[0] + x[1] * y[1]) / d, (x[1] * y[0] - x[0] * y[1]) / d];
        }
      }),
    );
  }
  let max = 0;
  a.forEach((row, i) => row.forEach((x, j) => {
    const y = mul(ph, b[i]![j]!);
    max = Math.max(max, Math.hypot(x[0] - y[0], x[1] - y[1]));
  }));
  return max;
}

export { kron, matmul, dagger, controlled, expi, c };
