// OpenQASM entry point: picks the language version, then parses and walks
// the program statement by statement (metrics now, the executable circuit on
// demand, by parsing again: a large program is never held whole in memory).

import type { Circuit } from '../circuit.js';
import { MetricsCollector, type CircuitMetrics } from '../metrics/circuit-metrics.js';
import type { ProgramHeader } from './ast.js';
import { MetricsSink } from './metrics-sink.js';
import { QasmParser } from './parser.js';
import { ProgramWalker } from './walker.js';

export interface ParsedQasm {
  metrics: CircuitMetrics;
  lower(): Circuit;
}

const HEADER = /^\uFEFF?\s*(?:(?:\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)\s*)*OPENQASM\s+(\d+)/;

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
export function detectQasmVersion(text: string, fallback: 2 | 3 = 2): 2 | 3 {
  const m = HEADER.exec(text);
  if (m) return m[1] === '3' ? 3 : 2;
  return OQ3_SYNTAX.test(stripComments(text)) ? 3 : fallback;
}

/** One more than the highest physical qubit `$n` the program names (0 if none). */
function physicalQubitCount(text: string): number {
  if (!text.includes('$')) return 0;
  let max = -1;
  for (const m of stripComments(text).matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max + 1;
}

interface OpenedProgram {
  header: ProgramHeader;
  parser: QasmParser;
  physicalQubits: number;
}

function open(text: string, fallback: 2 | 3): OpenedProgram {
  const version = detectQasmVersion(text, fallback);
  const parser = new QasmParser(text, version);
  const header = parser.parseHeader(`${version}.0`);
  return { header, parser, physicalQubits: physicalQubitCount(text) };
}

export interface MetricsOptions {
  /** Walk every loop iteration instead of counting repeated ones (to check that shortcut). */
  unrollLoops?: boolean;
  /** Parse every statement into a syntax tree, plain gate calls too (to check that shortcut). */
  walkEveryStatement?: boolean;
}

export function qasmMetrics(text: string, fallback: 2 | 3 = 2, options: MetricsOptions = {}): CircuitMetrics {
  const { header, parser, physicalQubits } = open(text, fallback);
  const collector = new MetricsCollector();
  const walker = new ProgramWalker(header.version, physicalQubits, 'metrics', new MetricsSink(collector), (reason) =>
    collector.markInexact(reason),
  );
  walker.repeatLoops = !options.unrollLoops;
  walker.run({ nextStatement: () => parser.nextStatement(), plainStatements: options.walkEveryStatement ? undefined : parser });
  return collector.result({
    format: header.version === 3 ? 'qasm3' : 'qasm2',
    formatVersion: header.versionText,
    qubits: walker.numQubits,
    clbits: walker.clbits.declaredCount,
    unknownIncludes: walker.unknownIncludes,
  });
}

export function lowerQasm(text: string, fallback: 2 | 3 = 2): Circuit {
  const { header, parser, physicalQubits } = open(text, fallback);
  const walker = new ProgramWalker(header.version, physicalQubits, 'lower');
  walker.run(parser);
  return walker.finish();
}

/**
 * Parses and measures an OpenQASM 2 or 3 program (throws CircuitParseError).
 * `fallback` is the version assumed when the program has no version line
 * and uses no OpenQASM 3 syntax.
 */
export function parseQasm(text: string, fallback: 2 | 3 = 2): ParsedQasm {
  const metrics = qasmMetrics(text, fallback);
  return { metrics, lower: () => lowerQasm(text, fallback) };
}
