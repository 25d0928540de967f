// The one entry point the rest of QFS uses for circuit files: picks the
// format from the file name, parses, and returns the metadata plus a lazy
// lowering to the executable circuit. Pure: no I/O.
//
//   .qasm          OpenQASM 2 or 3 (by the OPENQASM line; without one,
//                  OpenQASM 3 syntax makes it 3, otherwise 2)
//   .qasm2 .qasm3  the same, with that version assumed when there is no line
//   .json          Amazon Braket program (JAQCD or OpenQASM in JSON)

import type { Circuit } from './circuit.js';
import { parseBraket } from './braket/parse-braket.js';
import type { CircuitFormat, CircuitMetrics } from './metrics/circuit-metrics.js';
import { CircuitParseError } from './qasm/circuit-parse-error.js';
import { parseQasm } from './qasm/parse-qasm.js';

export { CircuitParseError };
export type { CircuitFormat, CircuitMetrics };

export interface ParsedCircuit {
  format: CircuitFormat;
  metrics: CircuitMetrics;
  /** The executable circuit; throws CircuitParseError for what cannot run. */
  lower(): Circuit;
}

function extension(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot);
}

/** Parses a circuit file's text; throws CircuitParseError ("line:col: reason"). */
export function parseCircuit(text: string, fileName: string): ParsedCircuit {
  const ext = extension(fileName);
  let parsed: { metrics: CircuitMetrics; lower(): Circuit };
  switch (ext) {
    case '.qasm':
    case '.qasm2':
      parsed = parseQasm(text, 2);
      break;
    case '.qasm3':
      parsed = parseQasm(text, 3);
      break;
    case '.json':
      parsed = parseBraket(text);
      break;
    default:
      throw new CircuitParseError(1, 1, `'${fileName}' is not a circuit file name (.qasm, .qasm3 or Braket .json)`);
  }
  return { format: parsed.metrics.format, metrics: parsed.metrics, lower: parsed.lower };
}

/**
 * Names that always hold circuits: OpenQASM files and `*.braket.json`.
 * Other `.json` files are circuits only by content; see isCircuitFile.
 */
export function isCircuitFileName(name: string): boolean {
  const ext = extension(name);
  return ext === '.qasm' || ext === '.qasm2' || ext === '.qasm3' || name.toLowerCase().endsWith('.braket.json');
}

/**
 * Whether a file is a circuit, given its name and (the start of) its text:
 * a circuit file name, or a `.json` that declares a Braket schema header.
 * Parameter and result files (.json) are thereby not mistaken for circuits.
 */
export function isCircuitFile(name: string, text: string): boolean {
  if (isCircuitFileName(name)) return true;
  return extension(name) === '.json' && /"braketSchemaHeader"\s*:/.test(text.slice(0, 4096));
}
