// Gates a program gets without defining them: the language builtins and the
// two standard include files, which are treated as built in (no file is
// read). Each names the executable gate (STANDARD_GATES) it runs as.

import type { GateDef } from './ast.js';

export interface GateInfo {
  name: string;
  numParams: number;
  numQubits: number;
  /** builtin/library gates run as a standard gate; user gates are inlined. */
  kind: 'builtin' | 'library' | 'user' | 'opaque';
  /** The STANDARD_GATES name a builtin or library gate executes as. */
  standard?: string;
  /** u0(t) idles: it executes as `id` and ignores its parameter. */
  dropParams?: boolean;
  def?: GateDef;
}

type Row = readonly [name: string, params: number, qubits: number, standard?: string];

/**
 * qelib1.inc as Qiskit reads and writes it: the original OpenQASM 2 library
 * plus Qiskit's extensions (p, sx, u, cp, csx, cu, rxx, rzz, rccx, c3x, ...).
 * ryy, rzx, ecr, iswap and dcx are not in the file, but Qiskit-produced
 * programs use them (with definitions that then take precedence), so they
 * are accepted without one too.
 */
const QELIB1: readonly Row[] = [
  ['u3', 3, 1], ['u2', 2, 1], ['u1', 1, 1], ['cx', 0, 2], ['id', 0, 1], ['u0', 1, 1, 'id'],
  ['u', 3, 1], ['p', 1, 1], ['x', 0, 1], ['y', 0, 1], ['z', 0, 1], ['h', 0, 1], ['s', 0, 1],
  ['sdg', 0, 1], ['t', 0, 1], ['tdg', 0, 1], ['rx', 1, 1], ['ry', 1, 1], ['rz', 1, 1],
  ['sx', 0, 1], ['sxdg', 0, 1], ['cz', 0, 2], ['cy', 0, 2], ['swap', 0, 2], ['ch', 0, 2],
  ['ccx', 0, 3], ['cswap', 0, 3], ['crx', 1, 2], ['cry', 1, 2], ['crz', 1, 2], ['cu1', 1, 2],
  ['cp', 1, 2], ['cu3', 3, 2], ['csx', 0, 2], ['cu', 4, 2], ['rxx', 1, 2], ['rzz', 1, 2],
  ['rccx', 0, 3], ['rc3x', 0, 4], ['c3x', 0, 4], ['c3sqrtx', 0, 4], ['c4x', 0, 5],
  ['ryy', 1, 2], ['rzx', 1, 2], ['ecr', 0, 2], ['iswap', 0, 2], ['dcx', 0, 2],
];

/** stdgates.inc of OpenQASM 3, exactly. */
const STDGATES: readonly Row[] = [
  ['p', 1, 1], ['x', 0, 1], ['y', 0, 1], ['z', 0, 1], ['h', 0, 1], ['s', 0, 1], ['sdg', 0, 1],
  ['t', 0, 1], ['tdg', 0, 1], ['sx', 0, 1], ['rx', 1, 1], ['ry', 1, 1], ['rz', 1, 1],
  ['cx', 0, 2], ['cy', 0, 2], ['cz', 0, 2], ['cp', 1, 2], ['crx', 1, 2], ['cry', 1, 2],
  ['crz', 1, 2], ['ch', 0, 2], ['swap', 0, 2], ['ccx', 0, 3], ['cswap', 0, 3], ['cu', 4, 2],
  ['CX', 0, 2], ['phase', 1, 1, 'p'], ['cphase', 1, 2], ['id', 0, 1], ['u1', 1, 1],
  ['u2', 2, 1], ['u3', 3, 1],
];

const OQ2_BUILTINS: readonly Row[] = [['U', 3, 1], ['CX', 0, 2]];
const OQ3_BUILTINS: readonly Row[] = [['U', 3, 1]];

/** The OpenQASM 3 global phase: no qubits unless controlled. */
export const GPHASE = 'gphase';

function toInfo(kind: 'builtin' | 'library', [name, numParams, numQubits, standard]: Row): GateInfo {
  const info: GateInfo = { name, numParams, numQubits, kind, standard: standard ?? name };
  if (name === 'u0') info.dropParams = true;
  return info;
}

const LIBRARIES: ReadonlyMap<string, readonly GateInfo[]> = new Map([
  ['qelib1.inc', QELIB1.map((r) => toInfo('library', r))],
  ['stdgates.inc', STDGATES.map((r) => toInfo('library', r))],
]);

/** The gates an include file provides, or undefined for an unknown file. */
export function libraryGates(path: string): readonly GateInfo[] | undefined {
  return LIBRARIES.get(path);
}

export function builtinGates(version: 2 | 3): GateInfo[] {
  return (version === 2 ? OQ2_BUILTINS : OQ3_BUILTINS).map((r) => toInfo('builtin', r));
}
