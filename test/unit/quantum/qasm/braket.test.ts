import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { counts, lowerError, lowerOf, metricsOf, parseError } from './helpers/parse.js';
import { bigEndian, c, circuitUnitary, controlled, distance, expi, gateMatrix, type Matrix } from './helpers/unitary.js';

const HEADER = '"braketSchemaHeader": { "name": "braket.ir.jaqcd.program", "version": "1" }';
const program = (...instructions: string[]): string => `{ ${HEADER}, "instructions": [${instructions.join(', ')}] }`;
const fixture = (name: string): string => readFileSync(resolve(process.cwd(), 'test/fixtures/qasm', name), 'utf8');

describe('Braket JAQCD metrics', () => {
  test('gates counted under their Braket names; noise channels are not gates', () => {
    const m = metricsOf(fixture('ghz.braket.json'), 'ghz.braket.json');
    expect(counts(m)).toEqual({ qubits: 4, clbits: 0, gates: 5, twoQubit: 2, multiQubit: 1, measure: 0, reset: 0, depth: 4 });
    expect(m.gatesByName).toEqual({ h: 1, cnot: 2, rz: 1, ccnot: 1 });
    expect(m).toMatchObject({ format: 'braket', formatVersion: 'jaqcd 1', exact: true });
  });

  test('qubits is one more than the highest index named (sparse indices allowed)', () => {
    expect(metricsOf(program('{ "type": "x", "target": 6 }'), 'p.json').qubits).toBe(7);
  });
});

describe('Braket JAQCD lowering', () => {
  test('standard gates keep their qubit order', () => {
    expect(lowerOf(fixture('ghz.braket.json').replace(/,\s*\{ "type": "depolarizing"[^}]*\}/, ''), 'ghz.json')).toEqual({
      numQubits: 4,
      numClbits: 0,
      ops: [
        { kind: 'gate', name: 'h', qubits: [0], params: [] },
        { kind: 'gate', name: 'cx', qubits: [0, 1], params: [] },
        { kind: 'gate', name: 'cx', qubits: [1, 2], params: [] },
        { kind: 'gate', name: 'rz', qubits: [2], params: [0.25] },
        { kind: 'gate', name: 'ccx', qubits: [0, 1, 3], params: [] },
      ],
    });
  });

  const t = 0.7;
  const diag = (...d: [number, number][]): Matrix => d.map((x, i) => d.map((_, j) => (i === j ? x : c(0))));
  const s = Math.SQRT1_2;
  // Braket's matrices, first listed qubit most significant.
  const cases: [string, string, Matrix][] = [
    ['cphaseshift', `{ "type": "cphaseshift", "control": 0, "target": 1, "angle": ${t} }`, diag(c(1), c(1), c(1), expi(t))],
    ['cphaseshift00', `{ "type": "cphaseshift00", "control": 0, "target": 1, "angle": ${t} }`, diag(expi(t), c(1), c(1), c(1))],
    ['cphaseshift01', `{ "type": "cphaseshift01", "control": 0, "target": 1, "angle": ${t} }`, diag(c(1), expi(t), c(1), c(1))],
    ['cphaseshift10', `{ "type": "cphaseshift10", "control": 0, "target": 1, "angle": ${t} }`, diag(c(1), c(1), expi(t), c(1))],
    ['xy', `{ "type": "xy", "targets": [0, 1], "angle": ${t} }`, [
      [c(1), c(0), c(0), c(0)],
      [c(0), c(Math.cos(t / 2)), c(0, Math.sin(t / 2)), c(0)],
      [c(0), c(0, Math.sin(t / 2)), c(Math.cos(t / 2)), c(0)],
      [c(0), c(0), c(0), c(1)],
    ]],
    ['pswap', `{ "type": "pswap", "targets": [0, 1], "angle": ${t} }`, [
      [c(1), c(0), c(0), c(0)],
      [c(0), c(0), expi(t), c(0)],
      [c(0), expi(t), c(0), c(0)],
      [c(0), c(0), c(0), c(1)],
    ]],
    ['ecr', '{ "type": "ecr", "targets": [0, 1] }', [
      [c(0), c(0), c(s), c(0, s)],
      [c(0), c(0), c(0, s), c(s)],
      [c(s), c(0, -s), c(0), c(0)],
      [c(0, -s), c(s), c(0), c(0)],
    ]],
    ['cv', '{ "type": "cv", "control": 0, "target": 1 }', controlled(gateMatrix('sx', []))],
    ['cnot reversed', '{ "type": "cnot", "control": 1, "target": 0 }', [
      [c(1), c(0), c(0), c(0)],
      [c(0), c(0), c(0), c(1)],
      [c(0), c(0), c(1), c(0)],
      [c(0), c(1), c(0), c(0)],
    ]],
    ['zz', `{ "type": "zz", "targets": [0, 1], "angle": ${t} }`, diag(expi(-t / 2), expi(t / 2), expi(t / 2), expi(-t / 2))],
  ];

  test.each(cases)('%s matches its Braket matrix exactly', (_, instruction, expected) => {
    const u = bigEndian(circuitUnitary(lowerOf(program(instruction), 'p.json')), 2);
    expect(distance(u, expected)).toBeLessThan(1e-12);
  });

  test('one-qubit names: i, v, vi, si, ti, phaseshift', () => {
    const c1 = lowerOf(
      program(
        '{ "type": "i", "target": 0 }',
        '{ "type": "v", "target": 0 }',
        '{ "type": "vi", "target": 0 }',
        '{ "type": "si", "target": 0 }',
        '{ "type": "ti", "target": 0 }',
        '{ "type": "phaseshift", "target": 0, "angle": 0.5 }',
      ),
      'p.json',
    );
    expect(c1.ops.map((op) => (op.kind === 'gate' ? op.name : op.kind))).toEqual(['id', 'sx', 'sxdg', 'sdg', 'tdg', 'p']);
  });

  test('a one-qubit unitary becomes U plus a global phase, exactly', () => {
    // A random-looking unitary: e^{0.3i} * U(1.1, 0.4, -0.9).
    const target: Matrix = gateMatrix('U', [1.1, 0.4, -0.9]).map((row) => row.map(([re, im]) => {
      const [pr, pi] = expi(0.3);
      return [re * pr - im * pi, re * pi + im * pr] as [number, number];
    }));
    const json = program(`{ "type": "unitary", "targets": [0], "matrix": ${JSON.stringify(target)} }`);
    const circuit = lowerOf(json, 'u.json');
    expect(circuit.ops.map((op) => op.kind)).toEqual(['gate', 'gphase']);
    expect(distance(circuitUnitary(circuit), target)).toBeLessThan(1e-12);
    expect(metricsOf(json, 'u.json').gatesByName).toEqual({ unitary: 1 });
  });

  test('what has no executable form is refused with its position', () => {
    expect(lowerError(fixture('ghz.braket.json'), 'ghz.json')).toBe(
      "9:15: noise channel 'depolarizing' has no executable form; the circuit cannot be lowered",
    );
    const swap: Matrix = gateMatrix('swap', []);
    expect(lowerError(program(`{ "type": "unitary", "targets": [0, 1], "matrix": ${JSON.stringify(swap)} }`), 'u.json')).toMatch(
      /^1:\d+: a unitary on 2 qubits cannot be lowered \(only one-qubit unitaries can\)$/,
    );
  });
});

describe('Braket errors', () => {
  test.each([
    ['malformed JSON', '{\n  "braketSchemaHeader": {\n    "name": "x",,\n', '3:17: expected a property name in double quotes'],
    ['not an object', '[1, 2]', '1:1: a Braket program is a JSON object'],
    ['missing header', '{ "instructions": [] }', "1:1: missing 'braketSchemaHeader' object"],
    ['unknown program type', '{ "braketSchemaHeader": { "name": "braket.ir.blackbird.program", "version": "1" } }', '1:35: unsupported Braket program type "braket.ir.blackbird.program" (expected "braket.ir.jaqcd.program" or "braket.ir.openqasm.program")'],
    ['missing instructions', `{ ${HEADER} }`, "1:1: missing 'instructions' array"],
    ['unknown instruction', program('{ "type": "h", "target": 0 }', '\n{ "type": "foo", "target": 0 }'), "2:11: unknown instruction type 'foo'"],
  ])('%s', (_, text, message) => {
    expect(parseError(text, 'p.json')).toBe(message);
  });

  // One-line programs: the error points at `marker` (an instruction or a field value).
  test.each([
    ['missing qubit', '{ "type": "cnot", "target": 0 }', '{ "type": "cnot"', "'cnot' needs a qubit index (a non-negative integer) in 'control'"],
    ['negative qubit', '{ "type": "h", "target": -1 }', '-1', "'h' needs a qubit index (a non-negative integer) in 'target'"],
    ['the same qubit twice', '{ "type": "cnot", "control": 1, "target": 1 }', '{ "type": "cnot"', "the same qubit is used twice in 'cnot'"],
    ['missing angle', '{ "type": "rx", "target": 0 }', '{ "type": "rx"', "'rx' needs a number in 'angle'"],
    ['wrong qubit count', '{ "type": "swap", "targets": [0, 1, 2] }', '[0, 1, 2]', "'swap' takes 2 qubits in 'targets', got 3"],
    ['not unitary', '{ "type": "unitary", "targets": [0], "matrix": [[[1, 0], [1, 0]], [[0, 0], [1, 0]]] }', '[[[1', "the 'unitary' matrix is not unitary"],
    ['probability out of range', '{ "type": "bit_flip", "target": 0, "probability": 1.5 }', '1.5', "'probability' of 'bit_flip' must be between 0 and 1"],
    ['unknown result type', '{ "type": "h", "target": 0 }], "results": [{ "type": "histogram" }', '"histogram"', 'unknown result type "histogram"'],
  ])('%s', (_, instruction, marker, reason) => {
    const text = program(instruction);
    expect(parseError(text, 'p.json')).toBe(`1:${text.indexOf(marker) + 1}: ${reason}`);
  });
});

describe('Braket OpenQASM programs', () => {
  const source = 'OPENQASM 3;\\ninclude \\"stdgates.inc\\";\\nqubit[2] q;\\nh q[0];\\ncnot q[0], q[1];';
  const json = (src: string): string => `{\n "braketSchemaHeader": { "name": "braket.ir.openqasm.program", "version": "1" },\n "source": "${src}"\n}`;

  test('the OpenQASM 3 source is parsed as such', () => {
    const m = metricsOf(json('OPENQASM 3;\\ninclude \\"stdgates.inc\\";\\nqubit[2] q;\\nh q[0];\\ncx q[0], q[1];'), 'p.json');
    expect(m).toMatchObject({ format: 'braket', formatVersion: 'openqasm 1', gates: 2, twoQubit: 1, depth: 2 });
  });

  test('errors in the source point at the source string and say where inside it', () => {
    expect(parseError(json(source), 'p.json')).toBe(`3:12: in "source" at 5:1: undefined gate 'cnot'`);
  });
});
