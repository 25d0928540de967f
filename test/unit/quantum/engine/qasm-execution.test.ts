// Programs lowered by the OpenQASM front end run on the simulator.

import { describe, expect, it } from 'vitest';
import { parseQasm } from '../../../../src/quantum/qasm/parse-qasm.js';
import { finalStateVector } from '../../../../src/quantum/sim/run-circuit.js';
import { sample } from '../../../../src/quantum/sim/sample-counts.js';
import { maxDiff } from './helpers.js';

const S = Math.SQRT1_2;

describe('OpenQASM programs on the simulator', () => {
  it('runs an OpenQASM 2 Bell circuit with measurements', () => {
    const c = parseQasm('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n').lower();
    expect(maxDiff(finalStateVector(c).amplitudes, [S, 0, 0, 0, 0, 0, S, 0])).toBeLessThan(1e-15);
    const counts = sample(c, 1000, 1);
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
  });

  it('runs OpenQASM 3 modifiers and classical feed-forward', () => {
    const c = parseQasm([
      'OPENQASM 3.0;', 'include "stdgates.inc";', 'qubit[3] q;', 'bit[2] b;',
      'x q[0];', 'ctrl @ x q[0], q[1];', 'pow(0.5) @ x q[2];', 'pow(0.5) @ x q[2];',
      'b[0] = measure q[1];', 'if (b[0] == 1) x q[1];', 'b[1] = measure q[1];',
    ].join('\n')).lower();
    expect(sample(c, 200, 2)).toEqual({ '01': 200 });
  });
});
