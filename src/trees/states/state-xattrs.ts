// The user.qfs.* attributes /states derives for an analysed .npy file.
import type { StateRow } from '../../meta/state-index.js';

const num = (x: unknown): string | undefined => (typeof x === 'number' && Number.isFinite(x) ? String(Number(x.toPrecision(12))) : undefined);

export function stateXattrs(row: StateRow): Map<string, string> {
  const d = JSON.parse(row.details) as Record<string, unknown>;
  const out = new Map<string, string>();
  const set = (k: string, v: string | undefined) => { if (v !== undefined) out.set(`user.qfs.${k}`, v); };
  set('valid', row.valid ? '1' : '0');
  set('error', row.error ?? undefined);
  set('kind', row.kind);
  set('qubits', row.qubits === null ? undefined : String(row.qubits));
  set('dtype', typeof d.dtype === 'string' ? d.dtype : undefined);
  set('shape', Array.isArray(d.shape) ? d.shape.join('x') : undefined);
  set('norm', num(d.norm));
  set('trace', num(d.trace));
  set('purity', num(d.purity));
  set('entropy', num(d.entropy));
  set('min_eigenvalue', num(d.minEigenvalue));
  set('codec', row.codec ?? 'chunks');
  set('raw_bytes', String(row.rawBytes));
  set('stored_bytes', String(row.storedBytes));
  set('sha256', row.sha256 || undefined);
  return out;
}
