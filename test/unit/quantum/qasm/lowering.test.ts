// Lowering to the executable circuit: user gates are inlined and gate
// modifiers distributed over their bodies. Checked both as op lists and by
// comparing unitaries with an equivalent program.

import { describe, expect, test } from 'vitest';
import type { Circuit } from '../../../../src/quantum/circuit.js';
import { lowerError, lowerOf, STDGATES } from './helpers/parse.js';
import { circuitUnitary, distance } from './helpers/unitary.js';

const GATE_G = 'gate g(t) a, b { rx(t) a; cx a, b; rz(2 * t) b; }\n';

/** Largest entry-wise difference between the unitaries of two programs. */
function unitaryGap(a: string, b: string, upToPhase = false): number {
  return distance(circuitUnitary(lowerOf(a)), circuitUnitary(lowerOf(b)), upToPhase);
}

describe('modifiers distributed over user gates', () => {
  test('inv @ reverses the body and inverts each op', () => {
    const c = lowerOf(`${STDGATES}${GATE_G}qubit[2] q;\ninv @ g(0.3) q[0], q[1];\n`);
    expect(c.ops).toEqual([
      { kind: 'gate', name: 'rz', qubits: [1], params: [0.6], inverse: true },
      { kind: 'gate', name: 'cx', qubits: [0, 1], params: [], inverse: true },
      { kind: 'gate', name: 'rx', qubits: [0], params: [0.3], inverse: true },
    ]);
    expect(unitaryGap(`${STDGATES}${GATE_G}qubit[2] q;\ng(0.3) q[0], q[1];\ninv @ g(0.3) q[0], q[1];\n`, `${STDGATES}qubit[2] q;\n`)).toBeLessThan(1e-12);
  });

  test('ctrl @ adds the control to every op of the body', () => {
    const c = lowerOf(`${STDGATES}${GATE_G}qubit[3] q;\nctrl @ g(0.3) q[2], q[0], q[1];\n`);
    expect(c.ops).toEqual([
      { kind: 'gate', name: 'rx', qubits: [0], params: [0.3], controls: [2] },
      { kind: 'gate', name: 'cx', qubits: [0, 1], params: [], controls: [2] },
      { kind: 'gate', name: 'rz', qubits: [1], params: [0.6], controls: [2] },
    ]);
  });

  test('negctrl @ fires on |0>', () => {
    const gap = unitaryGap(
      `${STDGATES}${GATE_G}qubit[3] q;\nnegctrl @ g(0.3) q[2], q[0], q[1];\n`,
      `${STDGATES}${GATE_G}qubit[3] q;\nx q[2];\nctrl @ g(0.3) q[2], q[0], q[1];\nx q[2];\n`,
    );
    expect(gap).toBeLessThan(1e-12);
  });

  test('pow(k) @ with an integer k repeats the body; a negative k repeats the inverse', () => {
    expect(unitaryGap(`${STDGATES}${GATE_G}qubit[2] q;\npow(3) @ g(0.3) q[0], q[1];\n`, `${STDGATES}${GATE_G}qubit[2] q;\ng(0.3) q[0], q[1];\ng(0.3) q[0], q[1];\ng(0.3) q[0], q[1];\n`)).toBeLessThan(1e-12);
    expect(unitaryGap(`${STDGATES}${GATE_G}qubit[2] q;\npow(-2) @ g(0.3) q[0], q[1];\n`, `${STDGATES}${GATE_G}qubit[2] q;\ninv @ g(0.3) q[0], q[1];\ninv @ g(0.3) q[0], q[1];\n`)).toBeLessThan(1e-12);
    expect(lowerOf(`${STDGATES}${GATE_G}qubit[2] q;\npow(0) @ g(0.3) q[0], q[1];\n`).ops).toEqual([]);
  });

  test('a controlled global phase becomes a phase on the control', () => {
    const program = `${STDGATES}gate ph(t) a { gphase(t); }\nqubit[2] q;\nctrl @ ph(0.7) q[1], q[0];\n`;
    expect(lowerOf(program).ops).toEqual([{ kind: 'gate', name: 'p', qubits: [1], params: [0.7] }]);
    expect(unitaryGap(program, `${STDGATES}qubit[2] q;\np(0.7) q[1];\n`)).toBeLessThan(1e-12);
    const negated = `${STDGATES}gate ph(t) a { gphase(t); }\nqubit[2] q;\nnegctrl @ ph(0.7) q[1], q[0];\n`;
    expect(unitaryGap(negated, `${STDGATES}qubit[2] q;\nx q[1];\np(0.7) q[1];\nx q[1];\n`)).toBeLessThan(1e-12);
  });

  test('nested user gates with modifiers at several levels', () => {
    const nested = `${STDGATES}${GATE_G}gate outer(t) a, b, c { inv @ g(t) a, b; ctrl @ g(t / 2) c, a, b; }\nqubit[3] q;\ninv @ outer(0.8) q[0], q[1], q[2];\n`;
    const flat = `${STDGATES}qubit[3] q;
ctrl @ rz(-0.8) q[2], q[1]; ctrl @ cx q[2], q[0], q[1]; ctrl @ rx(-0.4) q[2], q[0];
rx(0.8) q[0]; cx q[0], q[1]; rz(1.6) q[1];
`;
    expect(unitaryGap(nested, flat)).toBeLessThan(1e-12);
  });

  test('the inlined U, CX definitions of qelib1 match the library gates they define', () => {
    const defined = `OPENQASM 2.0;
gate mycx a, b { CX a, b; }
gate myh a { U(pi/2, 0, pi) a; }
gate myccx a, b, c { myh c; mycx b, c; U(0, 0, -pi/4) c; mycx a, c; U(0, 0, pi/4) c; mycx b, c; U(0, 0, -pi/4) c; mycx a, c; U(0, 0, pi/4) b; U(0, 0, pi/4) c; myh c; mycx a, b; U(0, 0, pi/4) a; U(0, 0, -pi/4) b; mycx a, b; }
qreg q[3];
myccx q[0], q[1], q[2];
`;
    const library = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\nccx q[0], q[1], q[2];\n';
    expect(unitaryGap(defined, library, true)).toBeLessThan(1e-9);
  });
});

describe('control flow in the executable form', () => {
  test('static loops unroll with the loop variable substituted', () => {
    const c: Circuit = lowerOf(`${STDGATES}qubit[3] q;\nfor int i in [0:1] { cx q[i], q[i + 1]; rz(i * pi) q[i]; }\n`);
    expect(c.ops).toEqual([
      { kind: 'gate', name: 'cx', qubits: [0, 1], params: [] },
      { kind: 'gate', name: 'rz', qubits: [0], params: [0] },
      { kind: 'gate', name: 'cx', qubits: [1, 2], params: [] },
      { kind: 'gate', name: 'rz', qubits: [1], params: [Math.PI] },
    ]);
  });

  test('teleportation: mid-circuit measurements and conditioned corrections', () => {
    const c = lowerOf(`${STDGATES}
qubit[3] q;
bit c0; bit c1; bit c2;
reset q;
U(0.3, 0.2, 0.1) q[0];
h q[1];
cx q[1], q[2];
cx q[0], q[1];
h q[0];
c0 = measure q[0];
c1 = measure q[1];
if (c0 == 1) z q[2];
if (c1 == 1) { x q[2]; }
c2 = measure q[2];
`);
    expect(c.numQubits).toBe(3);
    expect(c.numClbits).toBe(3);
    expect(c.ops.slice(-5)).toEqual([
      { kind: 'measure', qubit: 0, clbit: 0 },
      { kind: 'measure', qubit: 1, clbit: 1 },
      { kind: 'gate', name: 'z', qubits: [2], params: [], condition: { clbits: [0], op: '==', value: 1 } },
      { kind: 'gate', name: 'x', qubits: [2], params: [], condition: { clbits: [1], op: '==', value: 1 } },
      { kind: 'measure', qubit: 2, clbit: 2 },
    ]);
  });

  test('a subroutine returning measured bits: the condition reads the clbits that hold them', () => {
    const c = lowerOf(`${STDGATES}
qubit[3] q;
qubit[2] a;
bit[2] syn;
def syndrome(qubit[3] d, qubit[2] anc) -> bit[2] {
  bit[2] b;
  cx d[0], anc[0];
  cx d[1], anc[1];
  measure anc -> b;
  return b;
}
syn = syndrome(q, a);
if (int[2](syn) == 3) x q[1];
`);
    // syn's clbits are 0..1; the subroutine's own b is 2..3 and holds the result.
    expect(c.numClbits).toBe(4);
    expect(c.ops.at(-1)).toEqual({ kind: 'gate', name: 'x', qubits: [1], params: [], condition: { clbits: [2, 3], op: '==', value: 3 } });
  });

  test('what only run time can decide is refused, with the position and the reason', () => {
    expect(lowerError(`${STDGATES}qubit q; bit b;\nb = measure q;\nwhile (b) { x q; b = measure q; }\n`)).toBe(
      '5:1: a while loop whose condition is known only at run time cannot be lowered',
    );
    expect(lowerError(`${STDGATES}qubit[2] q; bit b;\nb = measure q[0];\nint k = int(b);\nx q[k];\n`)).toBe(
      '6:1: a qubit index depends on a runtime value; the circuit cannot be lowered',
    );
    expect(lowerError(`${STDGATES}qubit q; bit[2] b;\nb[0] = measure q;\nif (b[0]) { if (b[1]) x q; }\n`)).toBe(
      '5:13: an if on a runtime value inside another one cannot be lowered',
    );
    expect(lowerError(`${STDGATES}${GATE_G}qubit[2] q;\npow(1.5) @ g(0.1) q[0], q[1];\n`)).toBe(
      "5:1: pow(1.5) of the defined gate 'g' cannot be lowered: only integer powers of a gate definition can",
    );
    expect(lowerError(`${STDGATES}qubit q; bit b;\nb = measure q;\nint k = 0;\nif (b) k = 1;\nrx(k) q;\n`)).toBe(
      "7:1: parameter 1 of 'rx' depends on a runtime value; the circuit cannot be lowered",
    );
  });

  test('a bit overwritten after its value was passed on cannot be read', () => {
    expect(lowerError(`${STDGATES}
qubit q;
bit keep;
def m(qubit a) -> bit { bit r; r = measure a; return r; }
keep = m(q);
x q;
bit other = m(q);
if (keep) x q;
`)).toBe("10:5: the clbit holding the value of 'keep' was overwritten before this condition; the circuit cannot be lowered");
  });
});
