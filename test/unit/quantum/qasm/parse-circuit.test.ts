import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isCircuitFile, isCircuitFileName, parseCircuit } from '../../../../src/quantum/parse-circuit.js';
import { counts, parseError } from './helpers/parse.js';

const fixture = (name: string): string => readFileSync(resolve(process.cwd(), 'test/fixtures/qasm', name), 'utf8');

describe('parseCircuit', () => {
  test('the format comes from the extension, then from the version line', () => {
    expect(parseCircuit('OPENQASM 2.0;\nqreg q[1];\n', 'a.qasm').format).toBe('qasm2');
    expect(parseCircuit('OPENQASM 3.0;\nqubit q;\n', 'a.qasm').format).toBe('qasm3');
    expect(parseCircuit('qubit q;\n', 'a.qasm').format).toBe('qasm3');
    expect(parseCircuit('qreg q[1];\n', 'a.qasm').format).toBe('qasm2');
    expect(parseCircuit('', 'dir/a.QASM3').format).toBe('qasm3');
    expect(parseCircuit('OPENQASM 2.0;\n', 'a.qasm3').format).toBe('qasm2');
    expect(parseCircuit(fixture('ghz.braket.json'), 'ghz.json').format).toBe('braket');
  });

  test('an unknown extension is an error, not a guess', () => {
    expect(parseError('OPENQASM 2.0;', 'notes.txt')).toBe("1:1: 'notes.txt' is not a circuit file name (.qasm, .qasm3 or Braket .json)");
  });

  test('an OpenQASM 2 program with user gates (fixture)', () => {
    const parsed = parseCircuit(fixture('adder.qasm'), 'adder.qasm');
    expect(counts(parsed.metrics)).toEqual({ qubits: 10, clbits: 5, gates: 14, twoQubit: 1, multiQubit: 8, measure: 5, reset: 0, depth: 11 });
    const circuit = parsed.lower();
    expect(circuit.numQubits).toBe(10);
    expect(circuit.ops.filter((op) => op.kind === 'gate')).toHaveLength(1 + 4 + 4 * 3 + 1 + 4 * 3);
  });

  test('an OpenQASM 3 program with conditions (fixture)', () => {
    const parsed = parseCircuit(fixture('teleport.qasm'), 'teleport.qasm');
    expect(counts(parsed.metrics)).toEqual({ qubits: 3, clbits: 3, gates: 7, twoQubit: 2, multiQubit: 0, measure: 3, reset: 0, depth: 8 });
    expect(parsed.lower().ops.filter((op) => op.kind !== 'barrier' && op.condition)).toHaveLength(2);
  });
});

describe('which files are circuits', () => {
  test.each([
    ['bell.qasm', true],
    ['deep/dir/v2.QASM', true],
    ['x.qasm2', true],
    ['x.qasm3', true],
    ['job.braket.json', true],
    ['params.json', false],
    ['results.json', false],
    ['notes.txt', false],
    ['.qasm', false],
    ['qasm', false],
  ])('%s: %s', (name, expected) => {
    expect(isCircuitFileName(name)).toBe(expected);
  });

  test('a .json file is a circuit when it declares a Braket schema header', () => {
    expect(isCircuitFile('ghz.json', fixture('ghz.braket.json'))).toBe(true);
    expect(isCircuitFile('params.json', '{ "theta": 0.5 }')).toBe(false);
    expect(isCircuitFile('bell.qasm', '')).toBe(true);
  });
});
