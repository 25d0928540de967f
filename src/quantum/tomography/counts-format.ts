// counts.json: measured outcomes per Pauli measurement setting, the format in
// which simulated captures are stored and real hardware data is fed in.
//
//   {
//     "format": "qfs.pauli-counts",
//     "version": 1,
//     "qubits": 2,
//     "settings": {
//       "XZ": { "00": 493, "01": 4, "10": 2, "11": 501 },
//       "ZZ": { "00": 1000 },
//       …
//     }
//   }
//
// A setting is a string of n letters from X, Y, Z; its LAST character is the
// basis of qubit 0 and its first that of qubit n−1. An outcome is a string of
// n bits read the same way (last character = qubit 0, Qiskit's order); bit 0
// is the +1 eigenstate of that qubit's basis, bit 1 the −1 eigenstate.
// Outcomes with zero count may be left out; settings may be missing (a Pauli
// string measured by no listed setting is estimated as 0) and may have
// different shot totals. Random-basis (classical shadow) data uses the same
// format, each snapshot adding one count to its setting.

import { settingIndex, settingLabel } from './setting-tree.js';
import { TomographyError } from './tomography-error.js';

export const COUNTS_FORMAT = 'qfs.pauli-counts';

export interface SettingCounts {
  /** Outcome indices (bit k = qubit k). */
  outcomes: Int32Array;
  counts: Float64Array;
}

export interface PauliCounts {
  numQubits: number;
  /** Indexed by setting (Σ b_k 3^k, X=0, Y=1, Z=2); undefined when not measured. */
  settings: (SettingCounts | undefined)[];
}

export function countsToJson(c: PauliCounts): object {
  const settings: Record<string, Record<string, number>> = {};
  c.settings.forEach((sc, s) => {
    if (!sc) return;
    const row: Record<string, number> = {};
    for (let i = 0; i < sc.outcomes.length; i++) row[sc.outcomes[i].toString(2).padStart(c.numQubits, '0')] = sc.counts[i];
    settings[settingLabel(s, c.numQubits)] = row;
  });
  return { format: COUNTS_FORMAT, version: 1, qubits: c.numQubits, settings };
}

export function parseCountsJson(json: unknown, maxQubits: number): PauliCounts {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TomographyError('counts.json must be a JSON object');
  const o = json as Record<string, unknown>;
  if (o.format !== undefined && o.format !== COUNTS_FORMAT) throw new TomographyError(`counts.json format must be "${COUNTS_FORMAT}"`);
  if (o.version !== undefined && o.version !== 1) throw new TomographyError(`unsupported counts.json version ${String(o.version)}`);
  const n = o.qubits;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new TomographyError('"qubits" must be a positive integer');
  if (n > maxQubits) throw new TomographyError(`${n} qubits is more than the ${maxQubits} that Pauli tomography supports`);
  if (typeof o.settings !== 'object' || o.settings === null || Array.isArray(o.settings)) throw new TomographyError('"settings" must be an object');
  const settings: (SettingCounts | undefined)[] = new Array(3 ** n).fill(undefined);
  let any = false;
  for (const [label, row] of Object.entries(o.settings as Record<string, unknown>)) {
    const s = settingIndex(label, n);
    if (s === undefined) throw new TomographyError(`setting "${label}" is not ${n} letters from X, Y, Z`);
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new TomographyError(`setting "${label}" must map outcomes to counts`);
    const entries = Object.entries(row as Record<string, unknown>);
    const outcomes = new Int32Array(entries.length);
    const counts = new Float64Array(entries.length);
    const seen = new Set<number>();
    entries.forEach(([bits, count], i) => {
      if (bits.length !== n || !/^[01]+$/.test(bits)) throw new TomographyError(`outcome "${bits}" of setting "${label}" is not ${n} bits`);
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new TomographyError(`count of "${bits}" in setting "${label}" must be a non-negative integer`);
      outcomes[i] = parseInt(bits, 2);
      if (seen.has(outcomes[i])) throw new TomographyError(`outcome "${bits}" repeated in setting "${label}"`);
      seen.add(outcomes[i]);
      counts[i] = count;
    });
    if (counts.reduce((a, b) => a + b, 0) > 0) {
      settings[s] = { outcomes, counts };
      any = true;
    }
  }
  if (!any) throw new TomographyError('counts.json has no counts');
  return { numQubits: n, settings };
}
