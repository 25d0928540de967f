// The capture control line: circuit=<path under the mount> shots=<n per
// setting> [method=pauli|shadow] [device=<name>|ideal] [name=<snapshot>]
// [seed=<n>] [counts=0|1]. Anything else is EINVAL with the reason.
import { fsError } from '../../vfs/errors.js';
import { MAX_CAPTURE_QUBITS } from './capture-snapshot.js';

export interface CaptureRequest {
  circuit: string;
  shots: number;
  method: 'pauli' | 'shadow';
  device: string;
  name?: string;
  seed: number;
  counts?: boolean;
}

const KEYS = new Set(['circuit', 'shots', 'method', 'device', 'name', 'seed', 'counts']);
/** Shots per setting (pauli) or snapshots in all (shadow). */
export const MAX_SHOTS = 1_000_000;

export function parseCaptureRequest(line: string): CaptureRequest {
  const kv = new Map<string, string>();
  for (const word of line.split(/\s+/).filter(Boolean)) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw bad(`'${word}' is not key=value`);
    const k = word.slice(0, eq);
    if (!KEYS.has(k)) throw bad(`unknown key '${k}' (known: ${[...KEYS].join(', ')})`);
    if (kv.has(k)) throw bad(`'${k}' given twice`);
    kv.set(k, word.slice(eq + 1));
  }
  const circuit = kv.get('circuit');
  if (!circuit) throw bad('circuit=<path under the mount> is required');
  if (!circuit.startsWith('/')) throw bad(`circuit path '${circuit}' must start with / (the mount's root)`);
  const shots = integer(kv.get('shots'), 'shots', 1, MAX_SHOTS);
  if (shots === undefined) throw bad('shots=<n> is required');
  const method = kv.get('method') ?? 'pauli';
  if (method !== 'pauli' && method !== 'shadow') throw bad(`method must be pauli or shadow, not '${method}'`);
  const name = kv.get('name');
  if (name !== undefined) checkSnapshotName(name);
  const counts = kv.get('counts');
  if (counts !== undefined && counts !== '0' && counts !== '1') throw bad(`counts must be 0 or 1, not '${counts}'`);
  return {
    circuit, shots, method, name,
    device: kv.get('device') ?? 'ideal',
    seed: integer(kv.get('seed'), 'seed', 0, 2 ** 32 - 1) ?? (Date.now() >>> 0),
    counts: counts === undefined ? undefined : counts === '1',
  };
}

export function checkSnapshotName(name: string): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,127}$/.test(name)) {
    throw bad(`snapshot name '${name}' must be 1-128 letters, digits, _ . + - (not starting with . or -)`);
  }
}

function integer(v: string | undefined, key: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw bad(`${key} must be a whole number, not '${v}'`);
  const n = Number(v);
  if (n < min || n > max) throw bad(`${key} must be between ${min} and ${max}`);
  return n;
}

const bad = (why: string) => fsError('EINVAL', `capture: ${why}`);

export const CAPTURE_HELP = `# /states/capture: write one line to run a circuit and snapshot its state
#   circuit=<path under the mount> shots=<n per setting> [method=pauli|shadow]
#   [device=<name>|ideal] [name=<snapshot>] [seed=<n>] [counts=0|1]
# e.g. echo "circuit=/circuits/bell.qasm shots=4000 name=bell1" > capture
# The write returns once snapshots/<name>/ holds rho.npy, meta.json (and counts.json);
# it fails with EINVAL (bad request), ENOENT (no such circuit), EEXIST (name taken),
# EFBIG (more than ${MAX_CAPTURE_QUBITS} qubits). Reasons go to the daemon log.
`;
