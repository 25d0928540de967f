// What noise follows each gate and each readout, derived from a device's
// calibration: thermal relaxation (T1/T2 over the gate's duration) on every
// qubit the gate touches, then a depolarizing channel whose strength makes the
// total gate error equal the calibrated one, and a classical readout flip.

import type { DeviceModel } from '../devices/device-model.js';
import type { ComplexMatrix } from '../linalg/complex-matrix.js';
import { nativeCost } from './gate-costs.js';
import { averageGateFidelity, depolarizingStrength, processFidelity, thermalRelaxation } from './quantum-channels.js';

export interface GateNoise {
  /** Per touched qubit, a 4×4 relaxation superoperator (omitted when the gate takes no time). */
  relaxation: { qubit: number; superop: ComplexMatrix }[];
  /** Depolarizing strength on all touched qubits together (0: none). */
  depolarizing: number;
}

export interface ReadoutError {
  /** P(read 1 | state 0). */
  p1Given0: number;
  /** P(read 0 | state 1). */
  p0Given1: number;
}

export interface NoiseModel {
  /** Noise after gate `name` on circuit qubits `qubits` (controls first), `extraControls` of them added by modifiers. */
  afterGate(name: string, qubits: readonly number[], extraControls: number): GateNoise;
  readout(qubit: number): ReadoutError;
}

/** A noise model for circuit qubit i placed on physical qubit layout[i] (default: i). */
export function deviceNoiseModel(device: DeviceModel, layout?: readonly number[]): NoiseModel {
  const physical = (q: number): number => {
    const p = layout ? layout[q] : q;
    if (p === undefined || p >= device.numQubits) throw new RangeError(`circuit qubit ${q} has no physical qubit on ${device.name}`);
    return p;
  };
  const medianEdge = median(device.edges.map((e) => e.error).filter((e) => e < 1));
  const medianTime = median(device.edges.map((e) => e.gateTimeNs));
  const cache = new Map<string, GateNoise>();

  const twoQubitCalibration = (qs: number[]): { error: number; timeNs: number } => {
    if (qs.length < 2) return { error: 0, timeNs: 0 };
    // The worst coupler among the gate's qubit pairs; uncoupled pairs pay SWAPs.
    let error = 0, timeNs = 0;
    for (let i = 0; i < qs.length; i++) for (let j = i + 1; j < qs.length; j++) {
      const e = device.edge(qs[i], qs[j]);
      if (e) {
        error = Math.max(error, e.error);
        timeNs = Math.max(timeNs, qs[i] < qs[j] ? e.gateTimeNs : e.gateTimeReverseNs);
      } else {
        const hops = device.distance(qs[i], qs[j]);
        const swaps = Number.isFinite(hops) ? hops - 1 : qs.length;
        error = Math.max(error, 1 - (1 - medianEdge) ** (1 + 3 * swaps));
        timeNs = Math.max(timeNs, medianTime * (1 + 3 * swaps));
      }
    }
    return { error, timeNs };
  };

  return {
    afterGate(name, qubits, extraControls) {
      const key = `${name}/${extraControls}/${qubits.join(',')}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const phys = qubits.map(physical);
      const c = nativeCost(name, extraControls);
      const cal = phys.map((p) => device.qubits[p]);
      const sxErr = Math.max(...cal.map((q) => q.sxError));
      const xErr = Math.max(...cal.map((q) => q.xError));
      const sxLen = Math.max(...cal.map((q) => q.sxLengthNs));
      const xLen = Math.max(...cal.map((q) => q.xLengthNs));
      const two = twoQubitCalibration(phys);
      const success = (1 - sxErr) ** c.sx * (1 - xErr) ** c.x * (1 - two.error) ** c.twoQubit;
      const timeNs = c.sx * sxLen + c.x * xLen + c.twoQubit * two.timeNs;
      const relaxation = timeNs > 0
        ? cal.map((q, i) => ({ qubit: qubits[i], superop: thermalRelaxation(q.t1Us * 1000, q.t2Us * 1000, timeNs) }))
        : [];
      const dim = 2 ** qubits.length;
      let relaxFid = 1;
      for (const r of relaxation) relaxFid *= processFidelity(r.superop);
      const noise: GateNoise = {
        relaxation,
        depolarizing: success < 1 ? depolarizingStrength(1 - success, dim, averageGateFidelity(relaxFid, dim)) : 0,
      };
      cache.set(key, noise);
      return noise;
    },
    readout(qubit) {
      const q = device.qubits[physical(qubit)];
      return { p1Given0: q.readout1Given0, p0Given1: q.readout0Given1 };
    },
  };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
