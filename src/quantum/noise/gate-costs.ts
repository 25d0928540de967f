// How many native pulses a standard gate costs on IBM-style hardware (basis
// rz, sx, x and one two-qubit gate). rz and the other diagonal one-qubit
// gates are virtual (a frame change): no error, no time. Counts for the
// multi-qubit gates follow Qiskit's standard decompositions and are
// approximations for a circuit that was not transpiled.

export interface NativeCost {
  sx: number;
  x: number;
  twoQubit: number;
}

const cost = (sx: number, x: number, twoQubit: number): NativeCost => ({ sx, x, twoQubit });

const COSTS: Record<string, NativeCost> = {
  id: cost(1, 0, 0),
  rz: cost(0, 0, 0), p: cost(0, 0, 0), u1: cost(0, 0, 0), z: cost(0, 0, 0),
  s: cost(0, 0, 0), sdg: cost(0, 0, 0), t: cost(0, 0, 0), tdg: cost(0, 0, 0),
  x: cost(0, 1, 0), y: cost(0, 1, 0),
  sx: cost(1, 0, 0), sxdg: cost(1, 0, 0), h: cost(1, 0, 0), u2: cost(1, 0, 0),
  rx: cost(2, 0, 0), ry: cost(2, 0, 0), u: cost(2, 0, 0), u3: cost(2, 0, 0), U: cost(2, 0, 0),
  cx: cost(0, 0, 1), CX: cost(0, 0, 1), cy: cost(0, 0, 1), cz: cost(0, 0, 1), ch: cost(2, 0, 1), ecr: cost(0, 0, 1),
  csx: cost(2, 0, 2), crx: cost(2, 0, 2), cry: cost(2, 0, 2), crz: cost(0, 0, 2),
  cp: cost(0, 0, 2), cphase: cost(0, 0, 2), cu1: cost(0, 0, 2), cu3: cost(4, 0, 2), cu: cost(4, 0, 2),
  swap: cost(0, 0, 3), iswap: cost(2, 0, 2), dcx: cost(0, 0, 2),
  rxx: cost(4, 0, 2), ryy: cost(4, 0, 2), rzz: cost(0, 0, 2), rzx: cost(2, 0, 2),
  ccx: cost(2, 0, 6), cswap: cost(2, 0, 8), rccx: cost(2, 0, 3),
  c3x: cost(2, 0, 14), c3sqrtx: cost(4, 0, 14), rc3x: cost(4, 0, 6), c4x: cost(4, 0, 36),
};

/** Native cost of a gate with `extraControls` controls added by ctrl @ / negctrl @. */
export function nativeCost(name: string, extraControls: number): NativeCost {
  const base = COSTS[name] ?? cost(2, 0, 0);
  if (extraControls === 0) return base;
  // Each added control roughly doubles the entangling work and adds a pair of cx.
  const factor = 2 ** extraControls;
  return { sx: base.sx * factor, x: base.x, twoQubit: (base.twoQubit + 1) * factor };
}
