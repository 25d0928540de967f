// A 2x2 unitary as U(theta, phi, lambda) times a global phase, so that a
// Braket `unitary` instruction on one qubit can run as standard gates.

import type { Op } from '../circuit.js';

export type Complex = readonly [re: number, im: number];

const EPS = 1e-9;

function abs([re, im]: Complex): number {
  return Math.hypot(re, im);
}

function arg([re, im]: Complex): number {
  return Math.atan2(im, re);
}

/** Ops equal to m on `qubit`: U(theta, phi, lambda) then a global phase. */
export function decomposeOneQubit(m: readonly (readonly Complex[])[], qubit: number): Op[] {
  const [[a, b], [c, d]] = m as [[Complex, Complex], [Complex, Complex]];
  // m = e^{i alpha} [[cos t/2, -e^{i lam} sin t/2], [e^{i phi} sin t/2, e^{i(phi+lam)} cos t/2]]
  const theta = 2 * Math.atan2(abs(c), abs(a));
  let alpha: number;
  let phi: number;
  let lambda: number;
  if (abs(c) < EPS) {
    alpha = arg(a);
    phi = 0;
    lambda = arg(d) - alpha;
  } else if (abs(a) < EPS) {
    lambda = 0;
    alpha = arg([-b[0], -b[1]]);
    phi = arg(c) - alpha;
  } else {
    alpha = arg(a);
    phi = arg(c) - alpha;
    lambda = arg([-b[0], -b[1]]) - alpha;
  }
  return [
    { kind: 'gate', name: 'U', qubits: [qubit], params: [theta, phi, lambda] },
    { kind: 'gphase', theta: alpha },
  ];
}
