// Sizes a program declares become arrays: past MAX_WIRES they are an error
// with the position, not an allocation that aborts the process (V8 stops the
// whole process, daemon included, on an array that large). And content the
// parser cannot handle at all is recorded as invalid, never thrown at the commit.
import { describe, expect, test } from 'vitest';
import { MAX_WIRES } from '../../../../src/quantum/qasm/walker.js';
import { describeCircuit } from '../../../../src/trees/circuits/circuit-index.js';
import { metricsOf, parseError } from './helpers/parse.js';

const HUGE = 2_000_000_000;
const OQ2 = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n';
const OQ3 = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n';

describe('declared sizes', () => {
  test('a size past the limit is an error at its position', () => {
    expect(parseError(`${OQ2}qreg q[${HUGE}];\nh q;\n`)).toBe(`3:8: ${HUGE} qubits: more than the ${MAX_WIRES} QFS counts in one program`);
    expect(parseError(`${OQ2}qreg q[2];\ncreg c[${HUGE}];\n`)).toMatch(/^4:8: .* more than the \d+ QFS counts/);
    expect(parseError(`${OQ3}qubit[${HUGE}] q;\n`)).toBe(`3:7: ${HUGE} qubits: more than the ${MAX_WIRES} QFS counts in one program`);
    expect(parseError(`${OQ3}bit[${HUGE}] c;\n`)).toMatch(/^3:5: .* more than/);
    expect(parseError(`${OQ3}int[${HUGE}] n = 3;\n`)).toMatch(/^3:5: .* more than/);
    expect(parseError(`${OQ3}array[int[8], ${HUGE}] a;\n`)).toMatch(/^3:15: .* array elements: more than/);
    expect(parseError(`${OQ3}array[int[8], 4000, 4000] a;\n`)).toBe(`3:21: 16000000 array elements: more than the ${MAX_WIRES} QFS counts in one program`);
    expect(parseError(`${OQ3}def f(qubit[${HUGE}] r) { }\nqubit q;\n`)).toMatch(/more than/);
  });

  test('so are registers that pass it together, each below it', () => {
    const half = MAX_WIRES / 2;
    const regs = (kw: string) => [0, 1, 2].map((i) => `${kw} r${i}[${half}];`).join('\n');
    expect(parseError(`${OQ2}${regs('qreg')}\n`)).toBe(`5:9: ${MAX_WIRES} + ${half} qubits: more than the ${MAX_WIRES} QFS counts in one program`);
    expect(parseError(`${OQ2}qreg q[1];\n${regs('creg')}\n`)).toMatch(/^6:1: \d+ \+ \d+ bits: more than/);
    const arrays = 'array[int[8], 600000] a;\narray[int[8], 600000] b;\n';
    expect(parseError(`${OQ3}${arrays}`)).toBe(`4:1: 600000 + 600000 array elements: more than the ${MAX_WIRES} QFS counts in one program`);
    // A declaration that a loop runs again counts once.
    expect(metricsOf(`${OQ3}qubit q;\nfor int i in [0:2] { array[int[8], 600000] a; h q; }\n`).gates).toBe(3);
  });

  test('up to the limit a register is counted', () => {
    const m = metricsOf(`${OQ2}qreg q[${MAX_WIRES}];\nx q[${MAX_WIRES - 1}];\n`);
    expect([m.qubits, m.gates, m.depth]).toEqual([MAX_WIRES, 1, 1]);
  });
});

describe('other huge numbers', () => {
  test('a control count past the operands is an error before any control is made', () => {
    expect(parseError(`${OQ3}qubit[2] q;\nctrl(${HUGE}) @ x q[0], q[1];\n`)).toBe(`4:6: ${HUGE} controls but only 2 operands`);
  });

  test('a shift by billions makes no billion-bit integer', () => {
    expect(metricsOf(`${OQ3}int[64] x = 1 << ${HUGE};\nint[64] y = 1 >> ${HUGE};\nqubit q;\n`).qubits).toBe(1);
  });
});

describe('describeCircuit', () => {
  const describe1 = (text: string) => describeCircuit(1, Buffer.from('deep.qasm'), Buffer.from(text));

  test('records content nested past the stack as invalid instead of throwing', () => {
    const deep = `${OQ2}qreg q[1];\nrz(${'('.repeat(100_000)}1${')'.repeat(100_000)}) q[0];\n`;
    const row = describe1(deep);
    expect([row.valid, row.error]).toEqual([false, '1:1: nested too deeply to parse']);
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('records a register past the limit as invalid with its position', () => {
    expect(describe1(`${OQ2}qreg q[${HUGE}];\nh q;\n`).error).toBe(`3:8: ${HUGE} qubits: more than the ${MAX_WIRES} QFS counts in one program`);
  });
});
