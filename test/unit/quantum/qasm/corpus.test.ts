// Metrics of real circuits against independently computed expectations
// (../shared/corpus/*/EXPECTED.json). Every mismatch is listed on failure.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { CircuitParseError, parseCircuit, type CircuitMetrics } from '../../../../src/quantum/parse-circuit.js';

const CORPUS = resolve(process.cwd(), '../shared/corpus');
const COMPARED = ['qubits', 'clbits', 'gates', 'cx', 'measure', 'depth'] as const;

type Entry = Partial<Record<(typeof COMPARED)[number], number>> & { invalid?: string; unsupported?: string; note?: string };

interface Outcome {
  file: string;
  expected: Entry;
  metrics?: CircuitMetrics;
  error?: unknown;
  bytes: number;
  ms: number;
}

function runCorpus(name: string): Outcome[] {
  const dir = join(CORPUS, name);
  const expected = JSON.parse(readFileSync(join(dir, 'EXPECTED.json'), 'utf8')) as Record<string, Entry>;
  return Object.entries(expected)
    .filter(([file]) => !file.startsWith('_'))
    .map(([file, entry]) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const t0 = performance.now();
      try {
        const metrics = parseCircuit(text, file).metrics;
        return { file, expected: entry, metrics, bytes: text.length, ms: performance.now() - t0 };
      } catch (error) {
        return { file, expected: entry, error, bytes: text.length, ms: performance.now() - t0 };
      }
    });
}

function actual(m: CircuitMetrics, key: (typeof COMPARED)[number]): number {
  return key === 'cx' ? m.twoQubit : m[key];
}

/** Every disagreement between an outcome and its expectation, one line each. */
function mismatches(outcomes: Outcome[]): string[] {
  const out: string[] = [];
  for (const o of outcomes) {
    if (o.expected.unsupported) continue;
    if (o.expected.invalid) {
      if (!o.error) out.push(`${o.file}: expected invalid (${o.expected.invalid}), got valid`);
      continue;
    }
    if (o.error) {
      out.push(`${o.file}: expected valid, got error ${String((o.error as Error).message)}`);
      continue;
    }
    for (const key of COMPARED) {
      if (o.expected[key] !== undefined && o.expected[key] !== actual(o.metrics!, key)) {
        out.push(`${o.file}: ${key} expected ${o.expected[key]}, got ${actual(o.metrics!, key)}`);
      }
    }
  }
  return out;
}

function report(name: string, outcomes: Outcome[]): void {
  const bytes = outcomes.reduce((a, o) => a + o.bytes, 0);
  const ms = outcomes.reduce((a, o) => a + o.ms, 0);
  const slowest = outcomes.reduce((a, o) => (o.ms > a.ms ? o : a));
  console.log(
    `${name}: ${outcomes.length} files, ${(bytes / 1e6).toFixed(2)} MB parsed and measured in ${ms.toFixed(0)} ms = ` +
      `${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s (slowest: ${slowest.file}, ${(slowest.bytes / 1e3).toFixed(0)} kB in ${slowest.ms.toFixed(0)} ms)`,
  );
}

const present = existsSync(join(CORPUS, 'qasmbench', 'EXPECTED.json'));
if (!present) console.warn(`circuit corpus not found at ${CORPUS}; corpus checks skipped`);

describe.skipIf(!present)('QASMBench corpus', () => {
  let outcomes: Outcome[] = [];
  beforeAll(() => {
    outcomes = runCorpus('qasmbench');
  });

  test('at least 99% of the files match every expected number', () => {
    report('qasmbench', outcomes);
    const bad = mismatches(outcomes);
    const badFiles = new Set(bad.map((m) => m.split(':')[0]));
    const scored = outcomes.filter((o) => !o.expected.unsupported).length;
    console.log(`qasmbench: ${scored - badFiles.size}/${scored} files match`);
    expect(scored).toBeGreaterThan(200);
    if ((scored - badFiles.size) / scored < 0.99) expect.fail(`mismatches:\n${bad.join('\n')}`);
  });

  test('every invalid entry is rejected with a positioned error', () => {
    const invalid = outcomes.filter((o) => o.expected.invalid);
    expect(invalid.length).toBe(7);
    for (const o of invalid) {
      expect(o.error, o.file).toBeInstanceOf(CircuitParseError);
      expect((o.error as CircuitParseError).line, o.file).toBeGreaterThan(1);
    }
  });

  test('the invalid entries fail for the documented reasons', () => {
    const reasons = Object.fromEntries(outcomes.filter((o) => o.error).map((o) => [o.file, (o.error as Error).message]));
    expect(reasons['large/QAOA_3SAT_N1000_p1/random_QAOA_angles_k3_N1000_p1.qasm']).toBe("1400:1: the same qubit is used twice in 'cx'");
    expect(reasons['small/vqe_uccsd_n4/vqe_uccsd_n4.qasm']).toBe("225:9: undefined qubit register 'q'");
  });
});

describe.skipIf(!present)('OpenQASM example programs (v2 and v3)', () => {
  let outcomes: Outcome[] = [];
  beforeAll(() => {
    outcomes = runCorpus('openqasm-examples');
  });

  test('every countable example matches; invalid ones are rejected', () => {
    report('openqasm-examples', outcomes);
    const bad = mismatches(outcomes);
    const scored = outcomes.filter((o) => !o.expected.unsupported);
    console.log(`openqasm-examples: ${scored.length - new Set(bad.map((m) => m.split(':')[0])).size}/${scored.length} files match`);
    expect(scored.length).toBe(23);
    expect(bad, `mismatches:\n${bad.join('\n')}`).toEqual([]);
  });

  test('examples outside the static subset end in metrics or a positioned error, never a crash', () => {
    const results: Record<string, string> = {};
    for (const o of outcomes.filter((x) => x.expected.unsupported)) {
      if (o.error) {
        expect(o.error, o.file).toBeInstanceOf(CircuitParseError);
        results[o.file] = `invalid: ${(o.error as Error).message}`;
      } else {
        results[o.file] = o.metrics!.exact ? 'exact' : `inexact: ${o.metrics!.reason}`;
      }
    }
    expect(results).toEqual({
      'v3/alignment.qasm': 'exact',
      'v3/arrays.qasm': 'invalid: 51:18: index 4 out of range (size 4)',
      'v3/dd.qasm': "invalid: 25:3: undefined gate 'u'",
      'v3/defcal.qasm': 'exact',
      'v3/gateteleport.qasm': 'exact',
      'v3/ipe.qasm': "invalid: 28:16: 'c' is not a bit or bit register",
      'v3/msd.qasm': "invalid: 48:14: index 3 out of range for 'scratch' (size 3)",
      'v3/qec.qasm': 'exact',
      'v3/rus.qasm':
        'inexact: 34:1: a while loop whose condition is known only at run time is not statically countable; its operations are not counted',
      'v3/scqec.qasm': 'exact',
      'v3/t1.qasm': 'exact',
      'v3/varteleport.qasm': 'exact',
      'v3/vqe.qasm': "invalid: 25:20: 'for' is not allowed in a gate definition (only gate calls and barriers are)",
    });
  });
});
