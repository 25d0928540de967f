import { describe, expect, test } from 'vitest';
import { counts, lowerError, lowerOf, metricsOf, parseError, QELIB } from './helpers/parse.js';

describe('OpenQASM 2 metrics', () => {
  test('register broadcasting expands gates and measurements', () => {
    const m = metricsOf(`${QELIB}
qreg a[3]; qreg b[3]; qreg s[1]; creg c[3];
h a;
cx a, b;
cx s[0], b;
measure b -> c;
`);
    // cx s[0], b runs s[0] against b[0], b[1], b[2] in turn: depth 3, 4, 5; measures 4, 5, 6.
    expect(counts(m)).toEqual({ qubits: 7, clbits: 3, gates: 9, twoQubit: 6, multiQubit: 0, measure: 3, reset: 0, depth: 6 });
    expect(m.gatesByName).toEqual({ h: 3, cx: 6 });
    expect(m).toMatchObject({ format: 'qasm2', formatVersion: '2.0', exact: true, unknownIncludes: [] });
  });

  test('a user gate counts once at its call site, whatever its body', () => {
    const m = metricsOf(`${QELIB}
gate rot(t) q { rz(t/2) q; ry(-t) q; }
gate pair(a, b) x, y { rot(a*b) x; cx x, y; rot(a+b) y; }
qreg q[3];
pair(pi, 0.5) q[1], q[0];
pair(0, 0) q[1], q[2];
rot(1) q[2];
`);
    expect(counts(m)).toMatchObject({ gates: 3, twoQubit: 2, depth: 3 });
    expect(m.gatesByName).toEqual({ pair: 2, rot: 1 });
  });

  test('conditional ops also occupy every bit of the condition register', () => {
    const m = metricsOf(`${QELIB}
qreg q[2]; creg c[2];
h q[0];
measure q[0] -> c[0];
if(c==1) x q[1];
if(c==1) x q[1];
`);
    expect(counts(m)).toMatchObject({ gates: 3, measure: 1, depth: 4 });
  });

  test('broadcast under a condition is one conditional op per qubit, each reading the register', () => {
    const m = metricsOf(`${QELIB}
qreg q[3]; creg c[1];
if(c==0) x q;
`);
    expect(counts(m)).toMatchObject({ gates: 3, depth: 3 });
  });

  test('a barrier adds no layer but lines up the qubits it names', () => {
    const withBarrier = metricsOf(`${QELIB}
qreg q[3];
h q[0]; h q[0]; x q[1];
barrier q[0], q[1];
x q[1]; x q[2];
`);
    expect(withBarrier.depth).toBe(3);
    const without = metricsOf(`${QELIB}
qreg q[3];
h q[0]; h q[0]; x q[1];
x q[1]; x q[2];
`);
    expect(without.depth).toBe(2);
    expect(withBarrier.gates).toBe(without.gates);
  });

  test('measure, reset and barrier are not gates; measure also occupies its bit', () => {
    const m = metricsOf(`${QELIB}
qreg q[2]; creg c[1];
reset q;
measure q[0] -> c[0];
measure q[1] -> c[0];
barrier q;
`);
    expect(counts(m)).toEqual({ qubits: 2, clbits: 1, gates: 0, twoQubit: 0, multiQubit: 0, measure: 2, reset: 2, depth: 3 });
  });

  test('multi-qubit library gates and opaque gates', () => {
    const m = metricsOf(`${QELIB}
opaque magic(a) x, y;
qreg q[5];
ccx q[0], q[1], q[2];
c3x q[0], q[1], q[2], q[3];
c4x q[0], q[1], q[2], q[3], q[4];
magic(0.3) q[3], q[4];
rccx q[0], q[1], q[2];
`);
    expect(counts(m)).toMatchObject({ gates: 5, twoQubit: 1, multiQubit: 4, depth: 4 });
  });

  test("the extended qelib1.inc: sx, sxdg, p, u, cp, csx, cu, rxx, rzz, u0, c3sqrtx, rc3x and the builtins U, CX", () => {
    const m = metricsOf(`${QELIB}
qreg q[4];
sx q[0]; sxdg q[0]; p(0.1) q[1]; u(1,2,3) q[2]; cp(0.2) q[0], q[1]; csx q[1], q[2];
cu(1,2,3,4) q[2], q[3]; rxx(0.3) q[0], q[3]; rzz(0.4) q[1], q[2]; u0(1) q[3];
c3sqrtx q[0], q[1], q[2], q[3]; rc3x q[3], q[2], q[1], q[0]; U(0, 0, pi) q[0]; CX q[0], q[1];
id q[1]; u2(0, pi) q[2]; cu3(1, 2, 3) q[0], q[3]; cswap q[0], q[1], q[2];
`);
    expect(m.gates).toBe(18);
    expect(m.twoQubit).toBe(7);
    expect(m.multiQubit).toBe(3);
  });

  test('a program may redefine a library gate (Qiskit programs define cu themselves)', () => {
    const m = metricsOf(`${QELIB}
gate cu c, t { cx c, t; }
qreg q[2];
cu q[0], q[1];
`);
    expect(m.gates).toBe(1);
    expect(lowerOf(`${QELIB}
gate cu c, t { cx c, t; }
qreg q[2];
cu q[0], q[1];
`).ops).toEqual([{ kind: 'gate', name: 'cx', qubits: [0, 1], params: [] }]);
  });

  test('other include files are recorded, not read; they are only an error if a gate from them is used', () => {
    const m = metricsOf(`${QELIB}include "mylib.inc";
qreg q[1];
h q[0];
`);
    expect(m.unknownIncludes).toEqual(['mylib.inc']);
    expect(parseError(`${QELIB}include "mylib.inc";
qreg q[1];
mygate q[0];
`)).toBe(`5:1: undefined gate 'mygate' (included files other than the standard library are not read: "mylib.inc")`);
  });

  test('a program without a version line is OpenQASM 2', () => {
    const m = metricsOf('include "qelib1.inc";\nqreg q[1];\nh q[0];\n');
    expect(m).toMatchObject({ format: 'qasm2', formatVersion: '2.0', gates: 1 });
  });

  test('CRLF line endings, comments and a byte-order mark', () => {
    const text = '\uFEFF// header comment\r\nOPENQASM 2.0;\r\ninclude "qelib1.inc";\r\n/* block\r\n comment */\r\nqreg q[2];\r\ncx q[0], q[1]; // trailing\r\n';
    expect(metricsOf(text).twoQubit).toBe(1);
    expect(parseError(text.replace('cx q[0], q[1];', 'cx q[0], q[2];'))).toBe("7:12: index 2 out of range for 'q' (size 2)");
  });

  test('condition values beyond 2^53 are accepted (Qiskit writes them for wide registers)', () => {
    const m = metricsOf(`${QELIB}
qreg q[1]; creg c[64];
if(c==9223372036854775808) x q[0];
`);
    expect(m.gates).toBe(1);
  });
});

describe('OpenQASM 2 expressions', () => {
  const params = (expr: string): number[] => {
    const op = lowerOf(`${QELIB}qreg q[1];\nu3(${expr}) q[0];\n`).ops[0]!;
    return op.kind === 'gate' ? op.params : [];
  };

  test('pi, unary minus, + - * / and ^ (power binds tighter than unary minus)', () => {
    const [a, b, c] = params('2^3/4, -pi/2, -2^2');
    expect(a).toBe(2);
    expect(b).toBeCloseTo(-Math.PI / 2, 12);
    expect(c).toBe(-4);
  });

  test('sin cos tan exp ln sqrt', () => {
    const [a, b, c] = params('sqrt(2)*cos(pi/3), ln(exp(1.5)) + tan(0) - sin(pi/2), 1/2');
    expect(a).toBeCloseTo(Math.SQRT2 / 2, 12);
    expect(b).toBeCloseTo(0.5, 12);
    expect(c).toBe(0.5);
  });

  test('scientific notation and parentheses', () => {
    expect(params('1.5e-3, (1+2)*3, 2.e1')).toEqual([0.0015, 9, 20]);
  });

  test('OpenQASM 3 functions are not OpenQASM 2 functions', () => {
    expect(parseError(`${QELIB}qreg q[1];\nrx(arccos(0)) q[0];\n`)).toBe("4:4: undefined function 'arccos'");
  });
});

describe('OpenQASM 2 lowering', () => {
  test('broadcasting becomes one op per qubit with global indices', () => {
    const c = lowerOf(`${QELIB}
qreg a[2]; qreg b[2]; creg m[2];
cx a, b;
measure b -> m;
`);
    expect(c).toEqual({
      numQubits: 4,
      numClbits: 2,
      ops: [
        { kind: 'gate', name: 'cx', qubits: [0, 2], params: [] },
        { kind: 'gate', name: 'cx', qubits: [1, 3], params: [] },
        { kind: 'measure', qubit: 2, clbit: 0 },
        { kind: 'measure', qubit: 3, clbit: 1 },
      ],
    });
  });

  test('nested user gates are inlined with evaluated parameters', () => {
    const c = lowerOf(`${QELIB}
gate rot(t) q { rz(t/2) q; ry(-t) q; }
gate pair(a, b) x, y { rot(a*b) x; cx x, y; rot(a+b) y; }
qreg q[2];
pair(pi, 0.5) q[1], q[0];
`);
    expect(c.ops).toEqual([
      { kind: 'gate', name: 'rz', qubits: [1], params: [Math.PI / 4] },
      { kind: 'gate', name: 'ry', qubits: [1], params: [-Math.PI / 2] },
      { kind: 'gate', name: 'cx', qubits: [1, 0], params: [] },
      { kind: 'gate', name: 'rz', qubits: [0], params: [(Math.PI + 0.5) / 2] },
      { kind: 'gate', name: 'ry', qubits: [0], params: [-(Math.PI + 0.5)] },
    ]);
  });

  test('if(c==n) becomes a condition on the whole register, on every op of an inlined gate', () => {
    const c = lowerOf(`${QELIB}
gate flip2 a, b { x a; x b; }
qreg q[2]; creg c[2];
measure q[0] -> c[1];
if(c==2) flip2 q[0], q[1];
if(c==0) measure q[1] -> c[0];
if(c==1) reset q[0];
`);
    const cond = (value: number) => ({ clbits: [0, 1], op: '==', value });
    expect(c.ops).toEqual([
      { kind: 'measure', qubit: 0, clbit: 1 },
      { kind: 'gate', name: 'x', qubits: [0], params: [], condition: cond(2) },
      { kind: 'gate', name: 'x', qubits: [1], params: [], condition: cond(2) },
      { kind: 'measure', qubit: 1, clbit: 0, condition: cond(0) },
      { kind: 'reset', qubit: 0, condition: cond(1) },
    ]);
  });

  test('u0 idles as id; U and CX are kept as the builtins', () => {
    const c = lowerOf(`${QELIB}qreg q[2];\nu0(3) q[0];\nU(1, 2, 3) q[1];\nCX q[1], q[0];\n`);
    expect(c.ops).toEqual([
      { kind: 'gate', name: 'id', qubits: [0], params: [] },
      { kind: 'gate', name: 'U', qubits: [1], params: [1, 2, 3] },
      { kind: 'gate', name: 'CX', qubits: [1, 0], params: [] },
    ]);
  });

  test('barriers are kept; an opaque gate cannot be lowered', () => {
    expect(lowerOf(`${QELIB}qreg q[2];\nbarrier q;\n`).ops).toEqual([{ kind: 'barrier', qubits: [0, 1] }]);
    expect(lowerError(`${QELIB}opaque magic q;\nqreg q[1];\nmagic q[0];\n`)).toBe(
      "5:1: opaque gate 'magic' has no definition; the circuit cannot be lowered",
    );
  });

  test('a condition value a double cannot hold exactly is refused when lowering', () => {
    const text = `${QELIB}qreg q[1]; creg c[64];\nmeasure q[0] -> c[0];\nif(c==9007199254740993) x q[0];\n`;
    expect(metricsOf(text).gates).toBe(1);
    expect(lowerError(text)).toBe('5:7: 9007199254740993 is too large to compare exactly; the circuit cannot be lowered');
  });
});
