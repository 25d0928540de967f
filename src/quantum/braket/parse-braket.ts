// Amazon Braket programs (.json), the second circuit format besides
// OpenQASM. Braket was chosen over Quil because its JAQCD intermediate
// representation (braket.ir.jaqcd.program) is small and fully specified: every
// instruction can be validated and, noise channels and multi-qubit `unitary`
// matrices aside, executed as standard gates. A braket.ir.openqasm.program
// carries OpenQASM 3 source and is handed to the OpenQASM parser.
//
// Counting rules for JAQCD: every gate instruction (including `unitary`)
// counts once under its Braket name; noise channels are not gates and take
// no layer; `results` and `basis_rotation_instructions` are measurement
// settings, not circuit operations. JAQCD has no measurement instruction
// (Braket measures every qubit at the end), so measure and clbits are 0.
// qubits is one more than the highest qubit index the program names.

import type { Circuit, Op } from '../circuit.js';
import { MetricsCollector, type CircuitMetrics } from '../metrics/circuit-metrics.js';
import { CircuitParseError } from '../qasm/circuit-parse-error.js';
import { parseQasm } from '../qasm/parse-qasm.js';
import {
  JAQCD_GATES,
  JAQCD_NOISE,
  JAQCD_RESULT_TYPES,
  UNITARY,
  type QubitFields,
} from './jaqcd-instructions.js';
import { parseJson, type JsonDocument, type JsonValue } from './json-positions.js';
import { decomposeOneQubit, type Complex } from './one-qubit-unitary.js';

export interface ParsedBraket {
  metrics: CircuitMetrics;
  lower(): Circuit;
}

type JsonObject = { [key: string]: JsonValue };

interface Instruction {
  type: string;
  qubits: number[];
  angle: number;
  /** `unitary` only. */
  matrix?: Complex[][];
  /** The JSON object, for error positions. */
  source: JsonObject;
}

const JAQCD = 'braket.ir.jaqcd.program';
const OPENQASM = 'braket.ir.openqasm.program';
const UNITARY_TOLERANCE = 1e-6;
const MAX_UNITARY_QUBITS = 10;

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses and measures a Braket program; throws CircuitParseError. */
export function parseBraket(text: string): ParsedBraket {
  const doc = parseJson(text);
  const root = doc.value;
  if (!isObject(root)) throw new CircuitParseError(1, 1, 'a Braket program is a JSON object');
  const header = root.braketSchemaHeader;
  if (!isObject(header)) throw doc.error(root, 'braketSchemaHeader', "missing 'braketSchemaHeader' object");
  const name = header.name;
  const version = typeof header.version === 'string' ? header.version : '1';
  if (name === OPENQASM) return parseOpenQasmProgram(doc, root, version);
  if (name !== JAQCD) {
    throw doc.error(header, 'name', `unsupported Braket program type ${JSON.stringify(name)} (expected "${JAQCD}" or "${OPENQASM}")`);
  }
  const program = new JaqcdReader(doc).read(root);
  const metrics = jaqcdMetrics(program, version);
  return { metrics, lower: () => lowerJaqcd(program, doc) };
}

function parseOpenQasmProgram(doc: JsonDocument, root: JsonObject, version: string): ParsedBraket {
  const source = root.source;
  if (typeof source !== 'string') throw doc.error(root, 'source', "an OpenQASM Braket program needs a 'source' string");
  const relocate = (e: unknown): never => {
    if (!(e instanceof CircuitParseError)) throw e;
    throw doc.error(root, 'source', `in "source" at ${e.line}:${e.column}: ${e.reason}`);
  };
  try {
    const parsed = parseQasm(source, 3);
    const metrics: CircuitMetrics = { ...parsed.metrics, format: 'braket', formatVersion: `openqasm ${version}` };
    return {
      metrics,
      lower: () => {
        try {
          return parsed.lower();
        } catch (e) {
          return relocate(e);
        }
      },
    };
  } catch (e) {
    return relocate(e);
  }
}

interface JaqcdProgram {
  instructions: Instruction[];
  numQubits: number;
}

class JaqcdReader {
  private maxQubit = -1;

  constructor(private readonly doc: JsonDocument) {}

  read(root: JsonObject): JaqcdProgram {
    const list = root.instructions;
    if (!Array.isArray(list)) throw this.doc.error(root, 'instructions', "missing 'instructions' array");
    const instructions = list.map((item, i) => this.instruction(list, i, item, false));
    const rotations = root.basis_rotation_instructions;
    if (rotations !== undefined) {
      if (!Array.isArray(rotations)) throw this.doc.error(root, 'basis_rotation_instructions', 'expected an array');
      rotations.forEach((item, i) => this.instruction(rotations, i, item, true));
    }
    const results = root.results;
    if (results !== undefined && results !== null) {
      if (!Array.isArray(results)) throw this.doc.error(root, 'results', 'expected an array');
      results.forEach((r, i) => this.result(results, i, r));
    }
    return { instructions, numQubits: this.maxQubit + 1 };
  }

  private instruction(list: JsonValue[], i: number, item: JsonValue, gatesOnly: boolean): Instruction {
    if (!isObject(item)) throw this.doc.error(list, i, 'an instruction is a JSON object');
    const type = item.type;
    if (typeof type !== 'string') throw this.doc.error(item, 'type', "an instruction needs a 'type' string");
    const gate = JAQCD_GATES[type];
    if (gate) {
      const qubits = this.qubits(item, type, gate.qubits, gate.count);
      return { type, qubits, angle: gate.angle ? this.number(item, 'angle', type) : 0, source: item };
    }
    if (type === UNITARY) {
      const qubits = this.qubits(item, type, 'targets');
      return { type, qubits, angle: 0, matrix: this.unitary(item, qubits.length), source: item };
    }
    const noise = JAQCD_NOISE[type];
    if (noise && !gatesOnly) {
      const qubits = this.qubits(item, type, noise.qubits, noise.count);
      for (const p of noise.params) {
        const v = this.number(item, p, type);
        if (v < 0 || v > 1) throw this.doc.error(item, p, `'${p}' of '${type}' must be between 0 and 1`);
      }
      return { type, qubits, angle: 0, source: item };
    }
    throw this.doc.error(item, 'type', `unknown ${gatesOnly ? 'gate' : 'instruction'} type '${type}'`);
  }

  private qubits(item: JsonObject, type: string, fields: QubitFields, count?: number): number[] {
    let qubits: number[];
    switch (fields) {
      case 'target':
        qubits = [this.qubit(item, 'target', type)];
        break;
      case 'targets':
        qubits = this.qubitList(item, 'targets', type, count);
        break;
      case 'control-target':
        qubits = [this.qubit(item, 'control', type), this.qubit(item, 'target', type)];
        break;
      case 'controls-target':
        qubits = [...this.qubitList(item, 'controls', type, 2), this.qubit(item, 'target', type)];
        break;
      case 'control-targets':
        qubits = [this.qubit(item, 'control', type), ...this.qubitList(item, 'targets', type, 2)];
        break;
    }
    if (new Set(qubits).size !== qubits.length) throw this.doc.error(item, undefined, `the same qubit is used twice in '${type}'`);
    return qubits;
  }

  private qubit(obj: JsonObject | JsonValue[], key: string | number, type: string): number {
    const v = (obj as Record<string | number, JsonValue>)[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw this.doc.error(obj, key, `'${type}' needs a qubit index (a non-negative integer) in '${key}'`);
    }
    this.maxQubit = Math.max(this.maxQubit, v);
    return v;
  }

  private qubitList(item: JsonObject, key: string, type: string, count?: number): number[] {
    const list = item[key];
    if (!Array.isArray(list) || list.length === 0) throw this.doc.error(item, key, `'${type}' needs a '${key}' array of qubit indices`);
    if (count !== undefined && list.length !== count) {
      throw this.doc.error(item, key, `'${type}' takes ${count} qubits in '${key}', got ${list.length}`);
    }
    return list.map((_, i) => this.qubit(list, i, type));
  }

  private number(item: JsonObject, key: string, type: string): number {
    const v = item[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.doc.error(item, key, `'${type}' needs a number in '${key}'`);
    return v;
  }

  private unitary(item: JsonObject, n: number): Complex[][] {
    if (n > MAX_UNITARY_QUBITS) throw this.doc.error(item, 'targets', `a unitary on more than ${MAX_UNITARY_QUBITS} qubits is not supported`);
    const dim = 2 ** n;
    const rows = item.matrix;
    const bad = (): CircuitParseError =>
      this.doc.error(item, 'matrix', `'unitary' on ${n} qubit(s) needs a ${dim}x${dim} matrix of [re, im] pairs`);
    if (!Array.isArray(rows) || rows.length !== dim) throw bad();
    const m = rows.map((row) => {
      if (!Array.isArray(row) || row.length !== dim) throw bad();
      return row.map((z) => {
        if (!Array.isArray(z) || z.length !== 2 || typeof z[0] !== 'number' || typeof z[1] !== 'number') throw bad();
        return [z[0], z[1]] as Complex;
      });
    });
    if (!isUnitary(m)) throw this.doc.error(item, 'matrix', "the 'unitary' matrix is not unitary");
    return m;
  }

  private result(list: JsonValue[], i: number, r: JsonValue): void {
    if (!isObject(r)) throw this.doc.error(list, i, 'a result is a JSON object');
    if (typeof r.type !== 'string' || !JAQCD_RESULT_TYPES.has(r.type)) {
      throw this.doc.error(r, 'type', `unknown result type ${JSON.stringify(r.type)}`);
    }
    if (r.targets !== undefined && r.targets !== null) this.qubitList(r, 'targets', r.type);
  }
}

/** M times its conjugate transpose is the identity. */
function isUnitary(m: readonly (readonly Complex[])[]): boolean {
  const n = m.length;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < n; k++) {
        const [ar, ai] = m[i]![k]!;
        const [br, bi] = m[j]![k]!;
        re += ar * br + ai * bi;
        im += ai * br - ar * bi;
      }
      if (Math.abs(re - (i === j ? 1 : 0)) > UNITARY_TOLERANCE || Math.abs(im) > UNITARY_TOLERANCE) return false;
    }
  }
  return true;
}

function jaqcdMetrics(program: JaqcdProgram, version: string): CircuitMetrics {
  const collector = new MetricsCollector();
  for (const ins of program.instructions) {
    if (ins.type in JAQCD_NOISE) continue;
    collector.gate(ins.type, ins.qubits);
  }
  return collector.result({ format: 'braket', formatVersion: `jaqcd ${version}`, qubits: program.numQubits, clbits: 0 });
}

function lowerJaqcd(program: JaqcdProgram, doc: JsonDocument): Circuit {
  const ops: Op[] = [];
  for (const ins of program.instructions) {
    if (ins.type === UNITARY) {
      if (ins.qubits.length !== 1) {
        throw doc.error(ins.source, 'type', `a unitary on ${ins.qubits.length} qubits cannot be lowered (only one-qubit unitaries can)`);
      }
      ops.push(...decomposeOneQubit(ins.matrix!, ins.qubits[0]!));
      continue;
    }
    const gate = JAQCD_GATES[ins.type];
    if (!gate) throw doc.error(ins.source, 'type', `noise channel '${ins.type}' has no executable form; the circuit cannot be lowered`);
    ops.push(...gate.lower(ins.qubits, ins.angle));
  }
  return { numQubits: program.numQubits, numClbits: 0, ops };
}
