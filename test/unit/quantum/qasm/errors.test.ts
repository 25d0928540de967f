// Malformed programs: each gives a CircuitParseError whose message is
// "line:column: reason", pointing at the offending spot.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CircuitParseError, parseCircuit } from '../../../../src/quantum/parse-circuit.js';
import { parseError, QELIB, STDGATES } from './helpers/parse.js';

describe('syntax errors', () => {
  test.each([
    ['a missing semicolon is reported where it belongs', 'OPENQASM 2.0\nqreg q[1];\n', "1:13: expected ';'"],
    ['... also before the next statement', `${QELIB}qreg q[2];\nh q[0]\nh q[1];\n`, "4:7: expected ';'"],
    ['operands need commas', `${QELIB}qreg q[2];\ncx q[0] q[1];\n`, "4:9: expected ',' or ';', found 'q'"],
    ['stray character', `${QELIB}qreg q[2];\nh q[0]; \` \n`, "4:9: unexpected character '`'"],
    ['unterminated string', 'OPENQASM 2.0;\ninclude "qelib1.inc;\n', '2:9: unterminated string'],
    ['unterminated comment', 'OPENQASM 2.0;\nqreg q[1];\n/* unterminated', "3:1: unterminated comment ('/*' without '*/')"],
    ['unterminated block', `${QELIB}gate g a {\n h a;\n`, "3:10: unterminated '{' (no matching '}')"],
    ['the version line must come first', 'include "qelib1.inc";\nOPENQASM 2.0;\n', "2:1: the 'OPENQASM' version line must be the first statement"],
    ['unknown version', 'OPENQASM 5;\n', "1:10: unsupported OpenQASM version '5'"],
    ['OpenQASM 3 declarations in an OpenQASM 2 program', `${QELIB}qubit[2] q;\n`, "3:1: 'qubit' declarations are OpenQASM 3; this program is OpenQASM 2"],
    ['OpenQASM 2 conditions compare a whole register', `${QELIB}qreg q[1]; creg c[1];\nif (c[0] == 1) x q[0];\n`, "4:6: expected ')', found '['"],
    ['else without if', `${STDGATES}qubit q;\nelse { x q; }\n`, "4:1: 'else' without a matching 'if'"],
    ['a bit string holds only 0 and 1', `${STDGATES}bit[2] b = "012";\n`, '3:12: "012" is not a bit string'],
  ])('%s', (_, text, message) => {
    expect(parseError(text)).toBe(message);
  });
});

describe('OpenQASM 2 semantic errors', () => {
  test.each([
    ['undefined gate', `${QELIB}qreg q[1];\nfoo q[0];\n`, "4:1: undefined gate 'foo'"],
    ['gates need an include', 'OPENQASM 2.0;\nqreg q[1];\nh q[0];\n', "3:1: undefined gate 'h'"],
    ['wrong parameter count', `${QELIB}qreg q[1];\nrx(0.1, 0.2) q[0];\n`, "4:1: gate 'rx' takes 1 parameter, got 2"],
    ['wrong qubit count', `${QELIB}qreg q[3];\nccx q[0], q[1];\n`, "4:1: gate 'ccx' takes 3 qubits, got 2"],
    ['qubit index out of range', `${QELIB}qreg q[2];\nh q[5];\n`, "4:5: index 5 out of range for 'q' (size 2)"],
    ['bit index out of range', `${QELIB}qreg q[2]; creg c[2];\nmeasure q[0] -> c[2];\n`, "4:19: index 2 out of range for 'c' (size 2)"],
    ['redeclared register', `${QELIB}qreg q[2];\ncreg q[2];\n`, "4:1: 'q' is already declared (at 3:1)"],
    ['the same qubit twice', `${QELIB}qreg q[2];\ncx q[1], q[1];\n`, "4:1: the same qubit is used twice in 'cx'"],
    ['the same qubit twice through broadcasting', `${QELIB}qreg q[2];\ncx q, q;\n`, "4:1: the same qubit is used twice in 'cx'"],
    ['broadcast registers of different sizes', `${QELIB}qreg a[2]; qreg b[3];\ncx a, b;\n`, "4:1: 'a' has 2 qubits but 'b' has 3; broadcast operands must have the same size"],
    ['measure of registers of different sizes', `${QELIB}qreg a[2]; creg c[3];\nmeasure a -> c;\n`, '4:1: measure of 2 qubits into 3 bits'],
    ['undefined register', `${QELIB}qreg q[2];\nh r[0];\n`, "4:3: undefined qubit register 'r'"],
    ['classical register used as qubits', `${QELIB}qreg q[1]; creg c[1];\nh c[0];\n`, "4:3: 'c' is not a qubit or qubit register"],
    ['qubits used as a measurement target', `${QELIB}qreg q[1];\nmeasure q[0] -> q[0];\n`, "4:17: 'q' is not a bit or bit register"],
    ['undefined parameter', `${QELIB}qreg q[1];\nrx(theta) q[0];\n`, "4:4: undefined identifier 'theta'"],
    ['division by zero', `${QELIB}qreg q[1];\nrx(1/0) q[0];\n`, '4:4: division by zero'],
    ['empty register', `${QELIB}qreg q[0];\n`, '3:8: register size must be positive, got 0'],
    ['condition on a quantum register', `${QELIB}qreg q[1];\nif (q == 1) x q[0];\n`, "4:5: 'q' is not a classical register"],
  ])('%s', (_, text, message) => {
    expect(parseError(text)).toBe(message);
  });

  test.each([
    ['a gate body sees only its own arguments', `${QELIB}qreg q[2];\ngate g a { cx a, q[0]; }\n`, "4:18: 'q' is not a qubit argument of this gate"],
    ['a gate body holds gate calls and barriers only', `${QELIB}gate g a { measure a -> a; }\n`, "3:12: 'measure' is not allowed in a gate definition (only gate calls and barriers are)"],
    ['a gate cannot call itself', `${QELIB}gate g a { g a; }\n`, "3:12: undefined gate 'g'"],
    ['a gate is defined once', `${QELIB}gate g a { h a; }\ngate g a { x a; }\n`, "4:1: gate 'g' is already defined (at 3:1)"],
    ['builtins cannot be redefined', `${QELIB}gate U(a,b,c) q { }\n`, "3:1: 'U' is a built-in gate and cannot be redefined"],
    ['errors in a gate that is never called still count', `${QELIB}gate g(t) a { rx(t, t) a; }\n`, "3:15: gate 'rx' takes 1 parameter, got 2"],
  ])('%s', (_, text, message) => {
    expect(parseError(text)).toBe(message);
  });
});

describe('OpenQASM 3 semantic errors', () => {
  test.each([
    ['undeclared register', 'OPENQASM 3;\ninclude "stdgates.inc";\nh q;\n', "3:3: undefined qubit register 'q'"],
    ['break outside a loop', `${STDGATES}break;\n`, "3:1: 'break' outside a loop"],
    ['return outside a subroutine', `${STDGATES}return;\n`, "3:1: 'return' outside a subroutine"],
    ['assignment to a constant', `${STDGATES}const int n = 2;\nn = 3;\n`, "4:1: cannot assign to constant 'n'"],
    ['a constant from a variable', `${STDGATES}int k = 2;\nconst int n = k;\n`, "4:15: constant 'n' cannot depend on 'k', which is not a constant"],
    ['qubits declared inside a block', `${STDGATES}for int i in [0:1] { qubit q; }\n`, '3:22: a qubit declaration is only allowed at the top level of the program'],
    ['gates defined inside a block', `${STDGATES}if (true) { gate g a { x a; } }\n`, '3:13: a gate definition is only allowed at the top level of the program'],
    ['a single qubit cannot be indexed', `${STDGATES}qubit q;\nx q[0];\n`, "4:5: 'q' is a single qubit and cannot be indexed"],
    ['undefined variable', `${STDGATES}qubit q;\nrx(theta) q;\n`, "4:4: undefined identifier 'theta'"],
    ['pow needs an exponent', `${STDGATES}qubit q;\npow @ x q;\n`, '4:1: pow needs an exponent: pow(k) @'],
    ['ctrl(n) needs a constant', `${STDGATES}qubit[3] q; input int k;\nctrl(k) @ x q[0], q[1];\n`, '4:6: a control count must be a compile-time constant'],
    ['ctrl(n) adds n operands', `${STDGATES}qubit[3] q;\nctrl(2) @ x q[0], q[1];\n`, "4:1: gate 'x' takes 3 qubits, got 2"],
    ['gphase takes no qubits unless controlled', `${STDGATES}qubit q;\ngphase(0.1) q;\n`, "4:1: gate 'gphase' takes 0 qubits, got 1"],
    ['alias indices must be known', `${STDGATES}qubit[2] q; input int k;\nlet a = q[k];\n`, '4:9: an alias needs indices known at compile time'],
    ['measurements go into bits', `${STDGATES}qubit q; int x;\nx = measure q;\n`, "4:5: a measurement result can only be stored in bits, not in 'x'"],
    ['modifiers do not apply to subroutines', `${STDGATES}def f(qubit a) { x a; }\nqubit q;\ninv @ f q;\n`, "5:1: gate modifiers do not apply to subroutine 'f'"],
    ['unbounded recursion', `${STDGATES}def f(qubit a) { f(a); }\nqubit q;\nf(q);\n`, '3:18: subroutine calls nest more than 64 deep'],
    ['a gate called like a function', `${STDGATES}qubit q;\nh(q);\n`, "4:1: gate 'h' needs qubit operands"],
    ['a range step of 0', `${STDGATES}qubit q;\nfor int i in [0:0:3] { x q; }\n`, '4:15: a range step cannot be 0'],
    ['physical qubits inside a gate', `${STDGATES}gate g a { cx a, $0; }\n`, '3:18: physical qubits cannot be used inside a gate definition'],
    ['Unicode names work, and are checked like others', 'OPENQASM 3;\nqubit θ;\nU(π, 0, 0) θ;\nU(0, 0, 0) θ[1];\n', "4:14: 'θ' is a single qubit and cannot be indexed"],
  ])('%s', (_, text, message) => {
    expect(parseError(text)).toBe(message);
  });
});

test('errors carry line, column and reason separately', () => {
  try {
    parseCircuit(`${QELIB}qreg q[1];\nfoo q[0];\n`, 'x.qasm');
    expect.fail('no error');
  } catch (e) {
    expect(e).toBeInstanceOf(CircuitParseError);
    expect(e).toMatchObject({ line: 4, column: 1, reason: "undefined gate 'foo'", name: 'CircuitParseError' });
  }
});

test('mutated programs either parse or fail with a positioned CircuitParseError, never anything else', () => {
  const seeds: [string, string][] = [
    ['adder.qasm', readFileSync(resolve(process.cwd(), 'test/fixtures/qasm/adder.qasm'), 'utf8')],
    ['teleport.qasm', readFileSync(resolve(process.cwd(), 'test/fixtures/qasm/teleport.qasm'), 'utf8')],
    ['ghz.json', readFileSync(resolve(process.cwd(), 'test/fixtures/qasm/ghz.braket.json'), 'utf8')],
  ];
  const pieces = [';', '{', '}', '(', ')', '[', ']', ',', '->', '@', 'if', 'else', 'for', 'gate', 'def', 'measure', 'q', '0', '-1', 'pi', 'ctrl', 'inv', '$0', '==', 'let', 'bit', '"', ':'];
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let rejected = 0;
  for (let i = 0; i < 1500; i++) {
    const [name, source] = seeds[i % seeds.length]!;
    const at = rand(source.length);
    const text = rand(2) === 0 ? source.slice(0, at) + source.slice(at + 1 + rand(4)) : `${source.slice(0, at)} ${pieces[rand(pieces.length)]} ${source.slice(at)}`;
    try {
      parseCircuit(text, name).lower();
    } catch (e) {
      expect(e).toBeInstanceOf(CircuitParseError);
      expect((e as CircuitParseError).line).toBeGreaterThanOrEqual(1);
      expect((e as CircuitParseError).column).toBeGreaterThanOrEqual(1);
      rejected++;
    }
  }
  expect(rejected).toBeGreaterThan(500);
});
