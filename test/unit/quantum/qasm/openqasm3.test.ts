import { describe, expect, test } from 'vitest';
import { counts, lowerError, lowerOf, metricsOf, parseError, STDGATES } from './helpers/parse.js';

describe('OpenQASM 3 declarations and measurement', () => {
  test('qubit[n], qubit, qreg, bit[n], bit, creg all count', () => {
    const m = metricsOf(`${STDGATES}
qubit[2] q; qubit r; qreg s[3];
bit[2] c; bit d; creg e[2];
`);
    expect(counts(m)).toMatchObject({ qubits: 6, clbits: 5, gates: 0, depth: 0 });
    expect(m).toMatchObject({ format: 'qasm3', formatVersion: '3.0' });
  });

  test('the three measurement forms broadcast over registers', () => {
    const m = metricsOf(`${STDGATES}
qubit[3] q;
bit[3] a = measure q;
bit[3] b;
b[0] = measure q[0];
measure q -> b;
b[1:2] = measure q[0:1];
`);
    expect(counts(m)).toMatchObject({ clbits: 6, measure: 9, depth: 4 });
  });

  test('a bare measure (no target) counts, and occupies only its qubit', () => {
    const m = metricsOf(`${STDGATES}qubit[2] q;\nmeasure q;\n`);
    expect(counts(m)).toMatchObject({ clbits: 0, measure: 2, depth: 1 });
  });

  test('U is built in; gphase without qubits is not a gate', () => {
    const m = metricsOf('OPENQASM 3;\nqubit q;\nU(pi, 0, pi) q;\ngphase(pi / 2);\n');
    expect(m.gates).toBe(1);
    expect(m.gatesByName).toEqual({ U: 1 });
    expect(lowerOf('OPENQASM 3;\nqubit q;\nU(pi, 0, pi) q;\ngphase(pi / 2);\n').ops).toEqual([
      { kind: 'gate', name: 'U', qubits: [0], params: [Math.PI, 0, Math.PI] },
      { kind: 'gphase', theta: Math.PI / 2 },
    ]);
  });

  test('the version line is optional: OpenQASM 3 syntax is recognized without it', () => {
    const m = metricsOf('include "stdgates.inc";\nqubit[2] q;\nh q;\n');
    expect(m).toMatchObject({ format: 'qasm3', formatVersion: '3.0', gates: 2 });
    expect(metricsOf('OPENQASM 3.1;\nqubit q;\n').formatVersion).toBe('3.1');
  });
});

describe('OpenQASM 3 gate modifiers', () => {
  const program = `${STDGATES}
qubit[4] q;
ctrl @ x q[0], q[1];
ctrl(2) @ x q[0], q[1], q[2];
negctrl @ h q[3], q[2];
inv @ s q[0];
pow(2) @ t q[1];
inv @ pow(0.5) @ ctrl @ rz(0.1) q[2], q[3];
ctrl @ gphase(pi) q[0];
`;

  test('a modified gate counts once, on all its operands, under its modified name', () => {
    const m = metricsOf(program);
    expect(counts(m)).toMatchObject({ gates: 7, twoQubit: 3, multiQubit: 1, depth: 4 });
    expect(m.gatesByName).toEqual({
      'ctrl @ x': 1,
      'ctrl(2) @ x': 1,
      'negctrl @ h': 1,
      'inv @ s': 1,
      'pow @ t': 1,
      'inv @ pow @ ctrl @ rz': 1,
      'ctrl @ gphase': 1,
    });
  });

  test('modifiers on library gates are kept as fields of the op', () => {
    expect(lowerOf(program).ops).toEqual([
      { kind: 'gate', name: 'x', qubits: [1], params: [], controls: [0] },
      { kind: 'gate', name: 'x', qubits: [2], params: [], controls: [0, 1] },
      { kind: 'gate', name: 'h', qubits: [2], params: [], negControls: [3] },
      { kind: 'gate', name: 's', qubits: [0], params: [], inverse: true },
      { kind: 'gate', name: 't', qubits: [1], params: [], power: 2 },
      { kind: 'gate', name: 'rz', qubits: [3], params: [0.1], controls: [2], inverse: true, power: 0.5 },
      { kind: 'gate', name: 'p', qubits: [0], params: [Math.PI] },
    ]);
  });

  test('broadcasting applies to modified gates too', () => {
    expect(metricsOf(`${STDGATES}qubit[2] a; qubit[2] b;\nctrl @ x a, b;\n`)).toMatchObject({ gates: 2, twoQubit: 2, depth: 1 });
  });
});

describe('OpenQASM 3 loops', () => {
  test('for over inclusive ranges, with steps and descending', () => {
    const m = metricsOf(`${STDGATES}
qubit[5] q;
for uint i in [0:3] { cx q[i], q[i + 1]; }
for int i in [0:2:4] { h q[i]; }
for i in [4:-2:0] { x q[i]; }
`);
    expect(counts(m)).toMatchObject({ gates: 10, twoQubit: 4, depth: 6 });
    expect(lowerOf(`${STDGATES}qubit[5] q;\nfor int i in [4:-2:0] { rx(i * 0.5) q[i]; }\n`).ops).toEqual([
      { kind: 'gate', name: 'rx', qubits: [4], params: [2] },
      { kind: 'gate', name: 'rx', qubits: [2], params: [1] },
      { kind: 'gate', name: 'rx', qubits: [0], params: [0] },
    ]);
  });

  test('for over a set and over an array', () => {
    const m = metricsOf(`${STDGATES}
qubit[4] q;
for int i in {3, 1, 1} { x q[i]; }
array[int[8], 2] targets = {0, 2};
for int t in targets { h q[t]; }
`);
    expect(m.gatesByName).toEqual({ x: 3, h: 2 });
    expect(m.depth).toBe(2);
  });

  test('nested loops, break and continue', () => {
    const m = metricsOf(`${STDGATES}
qubit[4] q;
for int i in [0:3] {
  if (i == 2) continue;
  for int j in [0:3] {
    if (j >= i) break;
    cz q[i], q[j];
  }
}
`);
    // i = 1: cz q1,q0; i = 3: cz q3,q0 / q3,q1 / q3,q2.
    expect(counts(m)).toMatchObject({ gates: 4, twoQubit: 4, depth: 4 });
    expect(m.exact).toBe(true);
  });

  test('a while loop with a known condition is unrolled; one with a runtime condition is not statically countable', () => {
    const m = metricsOf(`${STDGATES}
qubit[2] q;
bit b;
int n = 0;
while (n < 3) { h q[0]; n += 1; }
b = measure q[0];
while (b == 1) { x q[0]; b = measure q[0]; }
x q[1];
`);
    expect(counts(m)).toMatchObject({ gates: 4, measure: 1, depth: 4 });
    expect(m.exact).toBe(false);
    expect(m.reason).toBe(
      '9:1: a while loop whose condition is known only at run time is not statically countable; its operations are not counted',
    );
  });

  test('a for loop over a runtime range is flagged, not guessed', () => {
    const m = metricsOf(`${STDGATES}
input int[8] n;
qubit q;
for int i in [1:n] { x q; }
h q;
`);
    expect(m.gates).toBe(1);
    expect(m.exact).toBe(false);
    expect(m.reason).toMatch(/^6:1: a for loop over values known only at run time/);
  });

  test('loops cannot run forever: the expansion budget stops them', () => {
    const m = metricsOf(`${STDGATES}qubit q;\nwhile (true) { }\n`);
    expect(m.exact).toBe(false);
    expect(m.reason).toMatch(/^4:1: the program expands to more than 5000000 operations/);
  }, 60_000);
});

describe('OpenQASM 3 aliases and physical qubits', () => {
  test('let with slices, index sets, negative indices and ++', () => {
    const c = lowerOf(`${STDGATES}
qubit[5] q;
let evens = q[0:2:4];
let picked = q[{4, 1}];
let last = q[-1];
let both = evens ++ picked;
let tail = q[3:];
x evens; h picked[0]; z last; y both[4]; s tail;
`);
    const targets = c.ops.map((op) => (op.kind === 'gate' ? `${op.name}${op.qubits[0]}` : op.kind));
    expect(targets).toEqual(['x0', 'x2', 'x4', 'h4', 'z4', 'y1', 's3', 's4']);
    expect(metricsOf(`${STDGATES}qubit[5] q;\nlet a = q[0:1];\n`).qubits).toBe(5);
  });

  test('physical qubits $n are qubits 0..n, before declared ones', () => {
    const m = metricsOf(`${STDGATES}x $0;\ncx $0, $2;\n`);
    expect(counts(m)).toMatchObject({ qubits: 3, gates: 2, twoQubit: 1, depth: 2 });
    expect(lowerOf(`${STDGATES}cx $1, $0;\n`).ops).toEqual([{ kind: 'gate', name: 'cx', qubits: [1, 0], params: [] }]);
  });
});

describe('OpenQASM 3 subroutines', () => {
  const program = `${STDGATES}
def prep(qubit a, qubit[2] r, int n) -> bit {
  for int i in [1:n] { h a; }
  cx r[0], r[1];
  return measure a;
}
qubit x;
qubit[2] y;
bit b;
b = prep(x, y, 3);
if (b == 1) { x y[0]; }
prep x, y;
`;

  test('calls are expanded at the call site (gate-style calls as in the specification examples too)', () => {
    const m = metricsOf(program.replace('prep x, y;', 'prep(2) x, y;'));
    expect(counts(m)).toMatchObject({ gates: 8, twoQubit: 2, measure: 2 });
  });

  test('a returned measurement feeds a condition when lowering (scratch clbits follow declared ones)', () => {
    const c = lowerOf(program.replace('prep x, y;', ''));
    expect(c.numClbits).toBe(2);
    expect(c.ops).toEqual([
      { kind: 'gate', name: 'h', qubits: [0], params: [] },
      { kind: 'gate', name: 'h', qubits: [0], params: [] },
      { kind: 'gate', name: 'h', qubits: [0], params: [] },
      { kind: 'gate', name: 'cx', qubits: [1, 2], params: [] },
      { kind: 'measure', qubit: 0, clbit: 1 },
      { kind: 'gate', name: 'x', qubits: [1], params: [], condition: { clbits: [1], op: '==', value: 1 } },
    ]);
  });

  test('argument checks', () => {
    expect(parseError(program.replace('b = prep(x, y, 3);', 'b = prep(y, x, 3);'))).toBe(
      "12:10: argument 1 of 'prep' must be one qubit, got 2 qubits",
    );
    expect(parseError(program.replace('b = prep(x, y, 3);', 'b = prep(x, y);'))).toBe("12:5: 'prep' takes 3 arguments, got 2");
  });

  test('extern calls give runtime values', () => {
    const m = metricsOf(`${STDGATES}
extern decide(bit) -> bool;
qubit q; bit c;
c = measure q;
if (decide(c)) x q;
`);
    expect(counts(m)).toMatchObject({ gates: 1, measure: 1, depth: 2 });
    expect(lowerError(`${STDGATES}
extern decide(bit) -> bool;
qubit q; bit c;
c = measure q;
if (decide(c)) x q;
`)).toBe('7:5: this condition cannot be lowered: only bits or a bit register compared with a constant can be');
  });
});

describe('OpenQASM 3 if/else', () => {
  const program = `${STDGATES}
qubit[3] q;
bit[2] c;
h q[0];
c[0] = measure q[0];
if (c[0]) {
  x q[1];
  x q[1];
  cx q[1], q[2];
} else {
  z q[2];
}
x q[0];
h q[2];
`;

  test('one block over both branches; its height is the deeper branch', () => {
    // h 1, measure 2, block over {c0, q1, q2} from 2 to 5, x q[0] 3, h q[2] 6.
    expect(counts(metricsOf(program))).toMatchObject({ gates: 7, twoQubit: 1, measure: 1, depth: 6 });
  });

  test('lowered as a condition on each op of the then branch and its negation on the else branch', () => {
    const cond = { clbits: [0], op: '==', value: 1 };
    const neg = { clbits: [0], op: '!=', value: 1 };
    expect(lowerOf(program).ops.slice(2, 6)).toEqual([
      { kind: 'gate', name: 'x', qubits: [1], params: [], condition: cond },
      { kind: 'gate', name: 'x', qubits: [1], params: [], condition: cond },
      { kind: 'gate', name: 'cx', qubits: [1, 2], params: [], condition: cond },
      { kind: 'gate', name: 'z', qubits: [2], params: [], condition: neg },
    ]);
  });

  test('condition forms: c == n, int(c) == n, !c[i], c[i] == false', () => {
    const c = lowerOf(`${STDGATES}
qubit[2] q; bit[2] c;
c = measure q;
if (int[2](c) == 2) x q[0];
if (!c[1]) y q[0];
if (c[0] == false) z q[0];
if (3 != c) h q[0];
`);
    expect(c.ops.slice(2).map((op) => (op.kind === 'gate' ? op.condition : undefined))).toEqual([
      { clbits: [0, 1], op: '==', value: 2 },
      { clbits: [1], op: '==', value: 0 },
      { clbits: [0], op: '==', value: 0 },
      { clbits: [0, 1], op: '!=', value: 3 },
    ]);
  });

  test('both branches are counted even when the condition is known; lowering keeps only the taken one', () => {
    const text = `${STDGATES}qubit q;\nconst int k = 1;\nif (k == 1) { x q; } else { y q; z q; }\n`;
    expect(counts(metricsOf(text))).toMatchObject({ gates: 3, depth: 2 });
    expect(lowerOf(text).ops).toEqual([{ kind: 'gate', name: 'x', qubits: [0], params: [] }]);
  });

  test('switch is one block of all its cases', () => {
    const text = `${STDGATES}qubit[2] q;\nint k = 2;\nswitch (k) { case 1 { x q[0]; } case 2, 3 { h q[0]; h q[0]; } default { z q[1]; } }\n`;
    expect(counts(metricsOf(text))).toMatchObject({ gates: 4, depth: 2 });
    expect(lowerOf(text).ops).toEqual([
      { kind: 'gate', name: 'h', qubits: [0], params: [] },
      { kind: 'gate', name: 'h', qubits: [0], params: [] },
    ]);
  });
});

describe('OpenQASM 3 classical code', () => {
  test('const, input, output, int/uint/float/angle/bool/duration declarations and assignments', () => {
    const c = lowerOf(`${STDGATES}
const int[32] n = 3;
const float[64] half = 1 / 2;
output bit[n] out;
qubit[n] q;
uint[8] k = 5;
k += 3;
k <<= 1;
angle[16] a = pi / 4;
bool flag = k == 16 && !false;
float x = 2 ** 3 - 7 % 4;
duration d = 100ns;
int i = 7 / 2;
rx(a * 2) q[0];
if (flag) ry(x) q[1];
rz(half + i) q[2];
`);
    expect(c.numClbits).toBe(3);
    expect(c.ops).toEqual([
      { kind: 'gate', name: 'rx', qubits: [0], params: [Math.PI / 2] },
      { kind: 'gate', name: 'ry', qubits: [1], params: [5] },
      { kind: 'gate', name: 'rz', qubits: [2], params: [3.5] },
    ]);
  });

  test('an input parameter can be counted but not lowered', () => {
    const text = `${STDGATES}input angle theta;\nqubit q;\nrz(theta) q;\n`;
    expect(metricsOf(text).gates).toBe(1);
    expect(lowerError(text)).toBe("5:1: parameter 1 of 'rz' depends on a runtime value; the circuit cannot be lowered");
  });

  test('casts, bit strings, bitwise operations and sizeof', () => {
    const c = lowerOf(`${STDGATES}
qubit[4] q;
bit[4] b = "0101";
int v = int[4](b);
bit[4] s = b << 1;
array[int[8], 3] arr = {1, 2, 3};
rx(v) q[0];
rx(int(s)) q[1];
rx(sizeof(arr)) q[2];
rx(popcount(b ^ "1111")) q[3];
`);
    expect(c.ops.map((op) => (op.kind === 'gate' ? op.params[0] : NaN))).toEqual([5, 10, 3, 2]);
  });

  test('delay, box, barrier, reset, pragmas, annotations and calibration are accepted', () => {
    const m = metricsOf(`OPENQASM 3.0;
include "stdgates.inc";
defcalgrammar "openpulse";
cal { extern port d0; }
defcal x $0 { play d0, gaussian(1.0, 160dt, 40dt); }
#pragma simulator noise off
qubit[2] q;
@reversible
box [100ns] { h q[0]; delay[50ns] q[0]; }
delay[20us] q;
barrier;
reset q[1];
stretch s;
end;
x q[0];
`);
    // $0 in the calibration makes qubit 0 physical; q is 1..2. `end` stops the program before x.
    expect(counts(m)).toMatchObject({ qubits: 3, gates: 1, reset: 1, depth: 2 });
  });

  test('arrays: declaration, element writes, multi-dimensional reads', () => {
    const c = lowerOf(`${STDGATES}
qubit q;
array[float[64], 2, 2] m = {{0.5, 1.5}, {2.5, 3.5}};
m[1, 0] = 4.5;
m[0][1] += 1;
rx(m[1][0]) q;
rx(m[0, 1]) q;
`);
    expect(c.ops.map((op) => (op.kind === 'gate' ? op.params[0] : NaN))).toEqual([4.5, 2.5]);
  });
});
