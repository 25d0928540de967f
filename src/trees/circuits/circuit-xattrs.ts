// The user.qfs.* attributes the parser derives for a circuit file (read-only;
// see trees/derived-attrs.ts for the user's own, which are searchable).
import type { CircuitRow } from '../../meta/meta-store.js';

export function derivedXattrs(row: CircuitRow): Map<string, string> {
  const out = new Map<string, string>();
  out.set('user.qfs.valid', row.valid ? '1' : '0');
  out.set('user.qfs.sha256', row.sha256);
  if (row.error) out.set('user.qfs.error', row.error);
  if (row.valid && row.metrics) {
    const m = JSON.parse(row.metrics) as {
      format: string; formatVersion: string; qubits: number; clbits: number; gates: number; twoQubit: number;
      multiQubit: number; measure: number; reset: number; depth: number; exact: boolean; reason?: string;
      gatesByName: Record<string, number>;
    };
    out.set('user.qfs.format', `${m.format}`);
    out.set('user.qfs.format_version', m.formatVersion);
    out.set('user.qfs.qubits', String(m.qubits));
    out.set('user.qfs.clbits', String(m.clbits));
    out.set('user.qfs.gates', String(m.gates));
    out.set('user.qfs.cx', String(m.twoQubit));
    out.set('user.qfs.multi_qubit', String(m.multiQubit));
    out.set('user.qfs.measure', String(m.measure));
    out.set('user.qfs.reset', String(m.reset));
    out.set('user.qfs.depth', String(m.depth));
    out.set('user.qfs.exact', m.exact ? '1' : '0');
    if (m.reason) out.set('user.qfs.inexact_reason', m.reason);
    out.set('user.qfs.gate_counts', Object.entries(m.gatesByName).map(([k, v]) => `${k}=${v}`).join(','));
  }
  return out;
}
