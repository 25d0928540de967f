// The instructions of Amazon Braket's JAQCD intermediate representation
// (braket.ir.jaqcd.program): which fields hold their qubits and parameters,
// and how each gate runs as standard gates. Braket lists qubits most
// significant first, as OpenQASM does, so qubit order carries over as is.

import type { GateOp, Op } from '../circuit.js';

/** Where an instruction keeps its qubits, in the order they are listed here. */
export type QubitFields =
  | 'target' // { target }
  | 'targets' // { targets: [...] }
  | 'control-target' // { control, target }
  | 'controls-target' // { controls: [a, b], target }
  | 'control-targets'; // { control, targets: [a, b] }

export interface GateSpec {
  qubits: QubitFields;
  /** Number of qubits when `qubits` is 'targets' (unitary: any). */
  count?: number;
  angle?: boolean;
  /** Executable ops for qubits q (in field order) and the angle. */
  lower(q: readonly number[], angle: number): Op[];
}

export interface NoiseSpec {
  qubits: 'target' | 'targets';
  count?: number;
  /** Numeric fields the channel takes (probabilities, gamma). */
  params: readonly string[];
}

function gate(name: string, qubits: readonly number[], params: number[] = [], extra: Partial<GateOp> = {}): GateOp {
  return { kind: 'gate', name, qubits: [...qubits], params, ...extra };
}

const single = (name: string, angle = false): GateSpec => ({
  qubits: 'target',
  angle,
  lower: (q, a) => [gate(name, q, angle ? [a] : [])],
});

const pair = (name: string, angle = false): GateSpec => ({
  qubits: 'targets',
  count: 2,
  angle,
  lower: (q, a) => [gate(name, q, angle ? [a] : [])],
});

const controlled = (name: string, angle = false): GateSpec => ({
  qubits: 'control-target',
  angle,
  lower: (q, a) => [gate(name, q, angle ? [a] : [])],
});

export const JAQCD_GATES: Readonly<Record<string, GateSpec>> = {
  i: single('id'),
  h: single('h'),
  x: single('x'),
  y: single('y'),
  z: single('z'),
  s: single('s'),
  si: single('sdg'),
  t: single('t'),
  ti: single('tdg'),
  v: single('sx'),
  vi: single('sxdg'),
  rx: single('rx', true),
  ry: single('ry', true),
  rz: single('rz', true),
  phaseshift: single('p', true),
  cnot: controlled('cx'),
  cy: controlled('cy'),
  cz: controlled('cz'),
  cv: controlled('csx'),
  cphaseshift: controlled('cp', true),
  // Phase on |control target> = |01>, |10>, |00>: a phase gate that fires
  // when the other qubit is 0 (a flip turns "target = 0" into "target = 1").
  cphaseshift01: {
    qubits: 'control-target',
    angle: true,
    lower: ([c, t], a) => [gate('p', [t!], [a], { negControls: [c!] })],
  },
  cphaseshift10: {
    qubits: 'control-target',
    angle: true,
    lower: ([c, t], a) => [gate('p', [c!], [a], { negControls: [t!] })],
  },
  cphaseshift00: {
    qubits: 'control-target',
    angle: true,
    lower: ([c, t], a) => [gate('x', [t!]), gate('p', [t!], [a], { negControls: [c!] }), gate('x', [t!])],
  },
  swap: pair('swap'),
  iswap: pair('iswap'),
  ecr: pair('ecr'),
  xx: pair('rxx', true),
  yy: pair('ryy', true),
  zz: pair('rzz', true),
  // XY(t) = exp(i t/4 (XX + YY)) = RXX(-t/2) RYY(-t/2) (the two commute).
  xy: {
    qubits: 'targets',
    count: 2,
    angle: true,
    lower: (q, a) => [gate('rxx', q, [-a / 2]), gate('ryy', q, [-a / 2])],
  },
  // PSWAP(t) = SWAP then e^{it} on |01> and |10>: P(t) on each qubit, CP(-2t).
  pswap: {
    qubits: 'targets',
    count: 2,
    angle: true,
    lower: (q, a) => [gate('swap', q), gate('p', [q[0]!], [a]), gate('p', [q[1]!], [a]), gate('cp', q, [-2 * a])],
  },
  ccnot: { qubits: 'controls-target', lower: (q) => [gate('ccx', q)] },
  cswap: { qubits: 'control-targets', lower: (q) => [gate('cswap', q)] },
};

/** `unitary` carries its matrix; lowered separately (one qubit only). */
export const UNITARY = 'unitary';

export const JAQCD_NOISE: Readonly<Record<string, NoiseSpec>> = {
  bit_flip: { qubits: 'target', params: ['probability'] },
  phase_flip: { qubits: 'target', params: ['probability'] },
  depolarizing: { qubits: 'target', params: ['probability'] },
  amplitude_damping: { qubits: 'target', params: ['gamma'] },
  phase_damping: { qubits: 'target', params: ['gamma'] },
  generalized_amplitude_damping: { qubits: 'target', params: ['gamma', 'probability'] },
  pauli_channel: { qubits: 'target', params: ['probX', 'probY', 'probZ'] },
  two_qubit_depolarizing: { qubits: 'targets', count: 2, params: ['probability'] },
  two_qubit_dephasing: { qubits: 'targets', count: 2, params: ['probability'] },
  kraus: { qubits: 'targets', params: [] },
};

export const JAQCD_RESULT_TYPES = new Set([
  'expectation',
  'sample',
  'variance',
  'probability',
  'amplitude',
  'statevector',
  'densitymatrix',
]);
