// A device's calibration (the compact JSON of shared/devices/*.json) turned
// into a checked, typed model. Pure: the caller reads and parses the file.

export interface QubitCalibration {
  t1Us: number;
  /** Clamped to 2·T1: a larger fitted T2 (a fit artefact) is unphysical. */
  t2Us: number;
  /** P(read 1 | prepared 0). */
  readout1Given0: number;
  /** P(read 0 | prepared 1). */
  readout0Given1: number;
  sxError: number;
  sxLengthNs: number;
  xError: number;
  xLengthNs: number;
}

export interface EdgeCalibration {
  a: number;
  b: number;
  /** Error of the native two-qubit gate (cx or ecr); 1 marks a broken coupler. */
  error: number;
  gateTimeNs: number;
  gateTimeReverseNs: number;
}

export interface DeviceModel {
  name: string;
  numQubits: number;
  twoQubitGate: string;
  basisGates: string[];
  qubits: QubitCalibration[];
  edges: EdgeCalibration[];
  /** The calibration of the coupler between a and b, either direction. */
  edge(a: number, b: number): EdgeCalibration | undefined;
  /** Hops between two qubits in the coupling graph (Infinity if disconnected). */
  distance(a: number, b: number): number;
}

export class DeviceModelError extends Error {
  override readonly name = 'DeviceModelError';
}

export function deviceModel(json: unknown): DeviceModel {
  const d = asRecord(json, 'device');
  const name = str(d.name, 'name');
  const numQubits = int(d.n_qubits, 'n_qubits');
  const qubitsRaw = arr(d.qubits, 'qubits');
  if (qubitsRaw.length !== numQubits) throw new DeviceModelError(`n_qubits is ${numQubits} but ${qubitsRaw.length} qubits are listed`);
  const qubits = qubitsRaw.map((raw, i) => {
    const q = asRecord(raw, `qubits[${i}]`);
    const t1Us = positive(q.t1_us, `qubits[${i}].t1_us`);
    return {
      t1Us,
      t2Us: Math.min(positive(q.t2_us, `qubits[${i}].t2_us`), 2 * t1Us),
      readout1Given0: probability(q.prob_meas1_prep0, `qubits[${i}].prob_meas1_prep0`),
      readout0Given1: probability(q.prob_meas0_prep1, `qubits[${i}].prob_meas0_prep1`),
      sxError: probability(q.sx_error, `qubits[${i}].sx_error`),
      sxLengthNs: nonNegative(q.sx_length_ns, `qubits[${i}].sx_length_ns`),
      xError: probability(q.x_error, `qubits[${i}].x_error`),
      xLengthNs: nonNegative(q.x_length_ns, `qubits[${i}].x_length_ns`),
    };
  });
  const edges = arr(d.edges, 'edges').map((raw, i) => {
    const e = asRecord(raw, `edges[${i}]`);
    const a = int(e.a, `edges[${i}].a`), b = int(e.b, `edges[${i}].b`);
    if (a >= numQubits || b >= numQubits || a === b) throw new DeviceModelError(`edges[${i}] joins bad qubits ${a}, ${b}`);
    const time = nonNegative(e.gate_time_ns, `edges[${i}].gate_time_ns`);
    return {
      a, b,
      error: probability(e.cx_error, `edges[${i}].cx_error`),
      gateTimeNs: time,
      gateTimeReverseNs: e.gate_time_ns_reverse === undefined || e.gate_time_ns_reverse === null ? time : nonNegative(e.gate_time_ns_reverse, `edges[${i}].gate_time_ns_reverse`),
    };
  });
  const byPair = new Map<number, EdgeCalibration>();
  const adjacency: number[][] = Array.from({ length: numQubits }, () => []);
  for (const e of edges) {
    byPair.set(pairKey(e.a, e.b, numQubits), e);
    adjacency[e.a].push(e.b);
    adjacency[e.b].push(e.a);
  }
  const distances = new Map<number, Int32Array>();
  return {
    name,
    numQubits,
    twoQubitGate: str(d.two_qubit_gate, 'two_qubit_gate'),
    basisGates: arr(d.basis_gates, 'basis_gates').map((g, i) => str(g, `basis_gates[${i}]`)),
    qubits,
    edges,
    edge: (a, b) => byPair.get(pairKey(a, b, numQubits)),
    distance: (a, b) => {
      let row = distances.get(a);
      if (!row) {
        row = bfs(adjacency, a);
        distances.set(a, row);
      }
      return row[b] < 0 ? Infinity : row[b];
    },
  };
}

function pairKey(a: number, b: number, n: number): number {
  return Math.min(a, b) * n + Math.max(a, b);
}

function bfs(adjacency: number[][], from: number): Int32Array {
  const dist = new Int32Array(adjacency.length).fill(-1);
  dist[from] = 0;
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    for (const next of adjacency[queue[i]]) {
      if (dist[next] < 0) {
        dist[next] = dist[queue[i]] + 1;
        queue.push(next);
      }
    }
  }
  return dist;
}

function asRecord(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DeviceModelError(`${what} must be an object`);
  return v as Record<string, unknown>;
}
function arr(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new DeviceModelError(`${what} must be an array`);
  return v;
}
function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new DeviceModelError(`${what} must be a string`);
  return v;
}
function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new DeviceModelError(`${what} must be a finite number`);
  return v;
}
function int(v: unknown, what: string): number {
  const n = num(v, what);
  if (!Number.isInteger(n) || n < 0) throw new DeviceModelError(`${what} must be a non-negative integer`);
  return n;
}
function positive(v: unknown, what: string): number {
  const n = num(v, what);
  if (n <= 0) throw new DeviceModelError(`${what} must be positive`);
  return n;
}
function nonNegative(v: unknown, what: string): number {
  const n = num(v, what);
  if (n < 0) throw new DeviceModelError(`${what} must not be negative`);
  return n;
}
function probability(v: unknown, what: string): number {
  const n = num(v, what);
  if (n < 0 || n > 1) throw new DeviceModelError(`${what} must be a probability`);
  return n;
}
