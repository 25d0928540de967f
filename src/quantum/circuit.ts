// The executable form of a circuit: what the parsers lower a program to and
// what the simulator runs. User gates are already inlined, register
// broadcasting expanded and static loops unrolled; every index is a global
// qubit or clbit number (registers laid out in declaration order).

/** A classical condition on a gate, measure or reset. */
export interface Condition {
  /** The bits read, least significant first (bit 0 of `value` is clbits[0]). */
  clbits: number[];
  op: '==' | '!=';
  value: number;
}

export interface GateOp {
  kind: 'gate';
  /** A name from the simulator's standard library (see STANDARD_GATES). */
  name: string;
  /** Target qubits, in the gate's own operand order. */
  qubits: number[];
  /** Angles in radians, already evaluated. */
  params: number[];
  /** Control qubits added by `ctrl @` (fire on |1>). */
  controls?: number[];
  /** Control qubits added by `negctrl @` (fire on |0>). */
  negControls?: number[];
  /** `inv @`. Applied before `power`. */
  inverse?: boolean;
  /** `pow(k) @`, any real k. */
  power?: number;
  condition?: Condition;
}

export interface MeasureOp {
  kind: 'measure';
  qubit: number;
  clbit: number;
  condition?: Condition;
}

export interface ResetOp {
  kind: 'reset';
  qubit: number;
  condition?: Condition;
}

export interface BarrierOp {
  kind: 'barrier';
  qubits: number[];
}

/** A global phase e^{i·theta}; invisible in measurements, kept for exactness. */
export interface GlobalPhaseOp {
  kind: 'gphase';
  theta: number;
  condition?: Condition;
}

export type Op = GateOp | MeasureOp | ResetOp | BarrierOp | GlobalPhaseOp;

export interface Circuit {
  numQubits: number;
  numClbits: number;
  ops: Op[];
}

/**
 * The gate names an executable circuit may use, with their qubit and
 * parameter counts. Semantics are Qiskit's (qelib1.inc as Qiskit extends
 * it, and OpenQASM 3 stdgates.inc); `U` and `CX` are the OpenQASM builtins.
 */
export const STANDARD_GATES: Readonly<Record<string, { qubits: number; params: number }>> = {
  U: { qubits: 1, params: 3 },
  CX: { qubits: 2, params: 0 },
  id: { qubits: 1, params: 0 },
  x: { qubits: 1, params: 0 },
  y: { qubits: 1, params: 0 },
  z: { qubits: 1, params: 0 },
  h: { qubits: 1, params: 0 },
  s: { qubits: 1, params: 0 },
  sdg: { qubits: 1, params: 0 },
  t: { qubits: 1, params: 0 },
  tdg: { qubits: 1, params: 0 },
  sx: { qubits: 1, params: 0 },
  sxdg: { qubits: 1, params: 0 },
  rx: { qubits: 1, params: 1 },
  ry: { qubits: 1, params: 1 },
  rz: { qubits: 1, params: 1 },
  p: { qubits: 1, params: 1 },
  u1: { qubits: 1, params: 1 },
  u2: { qubits: 1, params: 2 },
  u3: { qubits: 1, params: 3 },
  u: { qubits: 1, params: 3 },
  cx: { qubits: 2, params: 0 },
  cy: { qubits: 2, params: 0 },
  cz: { qubits: 2, params: 0 },
  ch: { qubits: 2, params: 0 },
  csx: { qubits: 2, params: 0 },
  swap: { qubits: 2, params: 0 },
  iswap: { qubits: 2, params: 0 },
  ecr: { qubits: 2, params: 0 },
  dcx: { qubits: 2, params: 0 },
  crx: { qubits: 2, params: 1 },
  cry: { qubits: 2, params: 1 },
  crz: { qubits: 2, params: 1 },
  cp: { qubits: 2, params: 1 },
  cphase: { qubits: 2, params: 1 },
  cu1: { qubits: 2, params: 1 },
  cu3: { qubits: 2, params: 3 },
  cu: { qubits: 2, params: 4 },
  rxx: { qubits: 2, params: 1 },
  ryy: { qubits: 2, params: 1 },
  rzz: { qubits: 2, params: 1 },
  rzx: { qubits: 2, params: 1 },
  ccx: { qubits: 3, params: 0 },
  cswap: { qubits: 3, params: 0 },
  rccx: { qubits: 3, params: 0 },
  c3x: { qubits: 4, params: 0 },
  c3sqrtx: { qubits: 4, params: 0 },
  rc3x: { qubits: 4, params: 0 },
  c4x: { qubits: 5, params: 0 },
};
