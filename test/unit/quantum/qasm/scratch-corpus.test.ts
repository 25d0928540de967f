import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'vitest';
import { parseQasm } from '../../../../src/quantum/qasm/parse-qasm.js';

test('corpus', () => {
  for (const corpus of ['qasmbench', 'openqasm-examples']) {
    const dir = join('/work/shared/corpus', corpus);
    const expected = JSON.parse(readFileSync(join(dir, 'EXPECTED.json'), 'utf8'));
    let ok = 0, bad = 0; const t0 = performance.now(); let bytes = 0;
    for (const [file, exp] of Object.entries<any>(expected)) {
      if (file.startsWith('_')) continue;
      const text = readFileSync(join(dir, file), 'utf8');
      bytes += text.length;
      let got: any;
      try {
        const m = parseQasm(text, file.endsWith('.qasm3') ? 3 : 2).metrics;
        got = { qubits: m.qubits, clbits: m.clbits, gates: m.gates, cx: m.twoQubit, measure: m.measure, depth: m.depth, exact: m.exact, reason: m.reason };
      } catch (e: any) {
        got = { error: e.message, stack: e.line ? undefined : e.stack };
      }
      const diffs: string[] = [];
      if (exp.invalid) { if (!got.error) diffs.push(`expected invalid (${exp.invalid})`); }
      else if (exp.unsupported) { console.log('UNSUPPORTED', file, JSON.stringify(got)); continue; }
      else if (got.error) diffs.push(`error ${got.error} ${got.stack ?? ''}`);
      else for (const k of ['qubits','clbits','gates','cx','measure','depth']) if (exp[k] !== got[k]) diffs.push(`${k}: exp ${exp[k]} got ${got[k]}`);
      if (diffs.length) { bad++; console.log('MISMATCH', file, diffs.join('; '), got.reason ?? ''); } else { ok++; if (exp.invalid) console.log('INVALID OK', file, got.error); }
    }
    console.log(corpus, ok, bad, (bytes/1e6/((performance.now()-t0)/1000)).toFixed(1), 'MB/s', bytes);
  }
});
