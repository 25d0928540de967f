import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deviceModel, DeviceModelError } from '../../../../src/quantum/devices/device-model.js';
import { DensityMatrix } from '../../../../src/quantum/noise/density-matrix.js';
import { deviceNoiseModel } from '../../../../src/quantum/noise/noise-model.js';
import { averageGateFidelity, depolarizingStrength, processFidelity, thermalRelaxation } from '../../../../src/quantum/noise/quantum-channels.js';
import { finalDensityMatrix, sampleDensity } from '../../../../src/quantum/noise/run-density.js';
import { ghzCircuit, randomCircuit } from '../../../../src/quantum/sim/library-circuits.js';
import { runCircuit } from '../../../../src/quantum/sim/run-circuit.js';
import { circuit, gate, maxDiff } from './helpers.js';

const device = (name: string): unknown => JSON.parse(readFileSync(`/work/shared/devices/${name}.json`, 'utf8'));

function fidelityToPure(rho: DensityMatrix, psi: Float64Array): number {
  const d = rho.dim;
  let f = 0;
  for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) {
    const pr = psi[2 * r], pi = -psi[2 * r + 1], qr = psi[2 * c], qi = psi[2 * c + 1];
    const xr = rho.data[2 * (r * d + c)], xi = rho.data[2 * (r * d + c) + 1];
    // conj(ψ_r) ρ_rc ψ_c
    const ar = pr * xr - pi * xi, ai = pr * xi + pi * xr;
    f += ar * qr - ai * qi;
  }
  return f;
}

describe('device calibration models', () => {
  it('loads every shared device', () => {
    for (const name of ['manila', 'kolkata', 'sherbrooke']) {
      const d = deviceModel(device(name));
      expect(d.qubits.length).toBe(d.numQubits);
      expect(d.edges.length).toBeGreaterThan(0);
      for (const q of d.qubits) expect(q.t2Us).toBeLessThanOrEqual(2 * q.t1Us);
    }
    const manila = deviceModel(device('manila'));
    expect(manila.edge(1, 0)?.error).toBeCloseTo(0.008827712070629129, 15);
    expect(manila.distance(0, 4)).toBe(4);
  });

  it('rejects malformed calibration data', () => {
    expect(() => deviceModel(null)).toThrow(DeviceModelError);
    const d = device('manila') as { qubits: { t1_us: unknown }[] };
    d.qubits[0].t1_us = 'long';
    expect(() => deviceModel(d)).toThrow(/t1_us/);
  });
});

describe('noise channels', () => {
  it('T1 decay of |1> follows exp(−t/T1) and coherence exp(−t/T2)', () => {
    const t1 = 100e3, t2 = 80e3; // ns
    for (const t of [1e3, 50e3, 200e3]) {
      const rho = DensityMatrix.zero(1);
      rho.data.fill(0);
      rho.data[2 * 3] = 1; // |1><1|
      rho.applySuperoperator(0, thermalRelaxation(t1, t2, t));
      expect(rho.data[2 * 3]).toBeCloseTo(Math.exp(-t / t1), 12);
      const plus = DensityMatrix.zero(1);
      plus.data.set([0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0]);
      plus.applySuperoperator(0, thermalRelaxation(t1, t2, t));
      expect(plus.data[2]).toBeCloseTo(0.5 * Math.exp(-t / t2), 12);
    }
  });

  it('T1 decay through a device run of idle gates', () => {
    const model = deviceModel(device('manila'));
    const noise = deviceNoiseModel(model);
    const steps = 400;
    const ops = [gate('x', [0])];
    for (let i = 0; i < steps; i++) ops.push(gate('rz', [0], [0]), gate('id', [0]));
    const rho = finalDensityMatrix(circuit(1, ops), noise);
    const q = model.qubits[0];
    const t = q.xLengthNs + steps * q.sxLengthNs;
    // Amplitude damping dominates; depolarizing from the sx error adds a little.
    expect(rho.data[2 * 3]).toBeCloseTo(Math.exp(-t / (q.t1Us * 1000)), 2);
  });

  it('depolarizing strength reproduces the calibrated gate error', () => {
    const relax = thermalRelaxation(100e3, 80e3, 300);
    const fid = averageGateFidelity(processFidelity(relax), 2);
    const p = depolarizingStrength(0.01, 2, fid);
    // Average infidelity of (depolarize ∘ relax) = 1 − [(1−p)F + p/2]
    const total = 1 - ((1 - p) * fid + p * (1 / 2));
    expect(total).toBeCloseTo(0.01, 12);
  });

  it('a noiseless density-matrix run equals the pure state', () => {
    const c = randomCircuit(4, 3, 5);
    const psi = runCircuit(c).state;
    const rho = finalDensityMatrix(c);
    expect(maxDiff(rho.data, DensityMatrix.fromStateVector(psi).data)).toBeLessThan(1e-12);
  });

  it('device noise lowers GHZ fidelity, more on a worse device', () => {
    const ideal = runCircuit(ghzCircuit(4)).state.amplitudes;
    const fManila = fidelityToPure(finalDensityMatrix(ghzCircuit(4), deviceNoiseModel(deviceModel(device('manila')))), ideal);
    expect(fManila).toBeLessThan(0.999);
    expect(fManila).toBeGreaterThan(0.8);
    const trace = finalDensityMatrix(ghzCircuit(4), deviceNoiseModel(deviceModel(device('manila')))).trace();
    expect(trace).toBeCloseTo(1, 12);
  });

  it('readout error shows up in sampled counts', () => {
    const noise = deviceNoiseModel(deviceModel(device('manila')));
    const c = circuit(1, [gate('x', [0]), { kind: 'measure', qubit: 0, clbit: 0 }], 1);
    const counts = sampleDensity(c, 20000, 1, noise);
    const p0 = (counts['0'] ?? 0) / 20000;
    const q0 = deviceModel(device('manila')).qubits[0];
    expect(Math.abs(p0 - q0.readout0Given1)).toBeLessThan(0.012);
  });

  it('mid-circuit measurement branches stay exact on density matrices', () => {
    const c = circuit(2, [
      gate('h', [0]),
      { kind: 'measure', qubit: 0, clbit: 0 },
      gate('x', [1], [], { condition: { clbits: [0], op: '==', value: 1 } }),
      { kind: 'measure', qubit: 1, clbit: 1 },
    ], 2);
    const counts = sampleDensity(c, 4000, 2);
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    const rho = finalDensityMatrix(circuit(2, c.ops.slice(0, 3), 2));
    // Classical mixture of |00> and |11>.
    expect(rho.data[0]).toBeCloseTo(0.5, 12);
    expect(rho.data[2 * 15]).toBeCloseTo(0.5, 12);
    expect(rho.data[2 * 3]).toBe(0);
  });
});
