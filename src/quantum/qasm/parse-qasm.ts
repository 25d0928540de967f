// OpenQASM entry point: picks the language version, parses, and computes
// metrics; lowering to the executable circuit is done on demand.

import type { Circuit } from '../circuit.js';
import { MetricsCollector, type CircuitMetrics } from '../metrics/circuit-metrics.js';
import type { Program } from './ast.js';
import { MetricsSink } from './metrics-sink.js';
import { QasmParser } from './parser.js';
import { ProgramWalker } from './walker.js';

export interface ParsedQasm {
  program: Program;
  metrics: CircuitMetrics;
  lower(): Circuit;
}

const HEADER = /^\uFEFF?\s*(?:(?:\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)\s*)*OPENQASM\s+(\d+)(?:\.(\d+))?/;

// Constructs only OpenQASM 3 has, for programs without a version line.
const OQ3_SYNTAX =
  /\b(?:qubit|bit)\s*(?:\[|\s+[A-Za-z_])|stdgates\.inc|\b(?:ctrl|negctrl|inv|pow)\s*(?:\(|@)|=\s*measure\b|\bdef\s+\w+\s*\(|\blet\s+\w+\s*=|\b(?:for|while)\b|\bgphase\b|\$\d|[^\x00-\x7F]/;

function stripComments(text: string): string {
  return text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
}

/**
 * The language version: from the `OPENQASM` line when there is one;
 * otherwise 3 if the program uses OpenQASM 3 syntax, else `fallback`.
 */
export function detectQasmVersion(text: string, fallback: 2 | 3 = 2): { version: 2 | 3; text: string } {
  const m = HEADER.exec(text);
  if (m) {
    const major = Number(m[1]);
    return { version: major === 3 ? 3 : 2, text: `${m[1]}.${m[2] ?? '0'}` };
  }
  const version = OQ3_SYNTAX.test(stripComments(text)) ? 3 : fallback;
  return { version, text: `${version}.0` };
}

export function parseQasmProgram(text: string, fallback: 2 | 3 = 2): Program {
  const detected = detectQasmVersion(text, fallback);
  const program = new QasmParser(text, detected.version).parseProgram(detected.text);
  program.versionText = detected.text;
  return program;
}

export function qasmMetrics(program: Program): CircuitMetrics {
  const collector = new MetricsCollector();
  const walker = new ProgramWalker(program, 'metrics', new MetricsSink(collector), (reason) => collector.markInexact(reason));
  walker.run();
  return collector.result({
    format: program.version === 3 ? 'qasm3' : 'qasm2',
    formatVersion: program.versionText,
    qubits: walker.numQubits,
    clbits: walker.clbits.declaredCount,
    unknownIncludes: walker.unknownIncludes,
  });
}

export function lowerQasm(program: Program): Circuit {
  const walker = new ProgramWalker(program, 'lower');
  walker.run();
  return walker.finish();
}

/** Parses and measures an OpenQASM 2 or 3 program; throws CircuitParseError. */
export function parseQasm(text: string, fallback: 2 | 3 = 2): ParsedQasm {
  const program = parseQasmProgram(text, fallback);
  const metrics = qasmMetrics(program);
  return { program, metrics, lower: () => lowerQasm(program) };
}
