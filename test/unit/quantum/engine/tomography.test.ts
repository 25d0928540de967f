import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deviceModel } from '../../../../src/quantum/devices/device-model.js';
import { deviceNoiseModel } from '../../../../src/quantum/noise/noise-model.js';
import { finalDensityMatrix } from '../../../../src/quantum/noise/run-density.js';
import { ghzCircuit, randomCircuit } from '../../../../src/quantum/sim/library-circuits.js';
import { runCircuit } from '../../../../src/quantum/sim/run-circuit.js';
import { collectShadows, shadowFidelity, shadowPauliExpectation, shadowsToCounts } from '../../../../src/quantum/tomography/classical-shadows.js';
import { countsToJson } from '../../../../src/quantum/tomography/counts-format.js';
import { densityFromPauli, pauliExpectationsOfState } from '../../../../src/quantum/tomography/pauli-basis.js';
import { pauliTomography, reconstructFromCounts } from '../../../../src/quantum/tomography/pauli-tomography.js';
import { projectToPhysical, simplexProjection } from '../../../../src/quantum/tomography/physical-projection.js';
import { TomographyError } from '../../../../src/quantum/tomography/tomography-error.js';
import { LastQubitSampler } from '../../../../src/quantum/tomography/last-qubit-sampler.js';
import { shotStream, shotStreamSeed } from '../../../../src/quantum/tomography/shot-streams.js';
import { createRng } from '../../../../src/quantum/sim/rng.js';
import { circuit, gate, maxDiff } from './helpers.js';
import { DensityMatrix } from '../../../../src/quantum/noise/density-matrix.js';
import { hermitianEigen } from '../../../../src/quantum/linalg/hermitian-eigen.js';
import { nativeLinalgAvailable, nativeTomographyKernels } from '../../../../src/native-linalg.js';
import { typescriptSettingsKernel } from '../../../../src/quantum/tomography/settings-kernel.js';
import { typescriptPauliTransforms } from '../../../../src/quantum/tomography/pauli-basis.js';

/** The native kernels when the addon is built (scripts/setup.sh builds it), so 10-qubit runs stay fast; TypeScript otherwise. */
const fast = nativeLinalgAvailable()
  ? nativeTomographyKernels
  : { eigensolver: hermitianEigen, settingsKernel: typescriptSettingsKernel, pauliTransforms: typescriptPauliTransforms };

describe('Pauli basis', () => {
  it('ρ → ⟨P⟩ → ρ is the identity and ⟨P⟩ of a Bell state is right', () => {
    const psi = runCircuit(circuit(2, [gate('h', [0]), gate('cx', [0, 1])])).state;
    const e = pauliExpectationsOfState(psi.amplitudes, 2);
    // index = d0 + 4·d1: XX = 1 + 4, YY = 2 + 8, ZZ = 3 + 12
    expect(e[0]).toBeCloseTo(1, 14);
    expect(e[5]).toBeCloseTo(1, 14);
    expect(e[10]).toBeCloseTo(-1, 14);
    expect(e[15]).toBeCloseTo(1, 14);
    expect(e[3]).toBeCloseTo(0, 14);
    const rho = DensityMatrix.fromStateVector(runCircuit(randomCircuit(3, 2, 1)).state);
    expect(maxDiff(densityFromPauli(pauliExpectationsOfState(runCircuit(randomCircuit(3, 2, 1)).state.amplitudes, 3), 3), rho.data)).toBeLessThan(1e-14);
  });

  it('draws the last qubit by the position inside the other qubits\' interval: a multinomial of (I ± B)/2', () => {
    const half = 4;
    // Blocks I, X, Y, Z over the outcomes of qubits 0..1; outcome 2 has no mass, Z is deterministic on outcome 3.
    const table = Float64Array.of(0.4, 0.3, 0, 0.3, /* X */ 0.2, -0.3, 0, 0, /* Y */ 0, 0.1, 0, -0.1, /* Z */ 0.4, 0.3, 0, -0.3);
    const sampler = new LastQubitSampler(half);
    expect(sampler.prepare(table)).toBe(true);
    const rng = createRng(5), shots = 200_000, out = new Int32Array(shots);
    for (let b = 0; b < 3; b++) {
      sampler.draw(b, shots, rng, out);
      const counts = new Float64Array(2 * half);
      for (const o of out) counts[o]++;
      for (let o = 0; o < half; o++) {
        for (const [bit, sign] of [[0, 1], [1, -1]]) {
          const p = (table[o] + sign * table[(b + 1) * half + o]) / 2;
          const f = counts[o + bit * half] / shots;
          if (p === 0) expect(f).toBe(0);
          else expect(Math.abs(f - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / shots));
        }
      }
    }
    expect(sampler.prepare(new Float64Array(4 * half))).toBe(false);
  });

  it('draws each node\'s three settings from the node\'s own stream, whatever the walk', () => {
    const n = 3, shots = 200, streamBase = 0xdecafbad;
    const psi = runCircuit(randomCircuit(n, 3, 12)).state;
    const table = pauliExpectationsOfState(psi.amplitudes, n);
    const out = typescriptSettingsKernel({ numQubits: n, shots, streamBase, table, keepCounts: true });
    // Node 5 (qubit 0 in Z, qubit 1 in Y): its table, drawn alone from stream 5, gives the kernel's counts.
    const half = 2 ** (n - 1);
    const node = new Float64Array(4 * half);
    for (let rest = 0; rest < 4; rest++) for (let o = 0; o < half; o++) {
      // Level n−1 entry (rest, o): ⟨P⟩ summed with the signs of outcome o of qubits 0 (Z) and 1 (Y), scaled by 2^{n−1}.
      const z = o & 1 ? -1 : 1, y = o & 2 ? -1 : 1;
      node[rest * half + o] = table[16 * rest] + z * table[16 * rest + 3] + y * table[16 * rest + 8] + z * y * table[16 * rest + 11];
    }
    const sampler = new LastQubitSampler(half);
    expect(sampler.prepare(node)).toBe(true);
    const rng = shotStream(streamBase, 5), drawn = new Int32Array(shots);
    for (let b = 0; b < 3; b++) {
      sampler.draw(b, shots, rng, drawn);
      const hist = new Map<number, number>();
      for (const o of drawn) hist.set(o, (hist.get(o) ?? 0) + 1);
      const kept = out.counts![5 + 9 * b]!;
      expect(new Map(Array.from(kept.outcomes, (o, i) => [o, kept.counts[i]]))).toEqual(hist);
    }
    expect(shotStreamSeed(streamBase, 5)).not.toBe(shotStreamSeed(streamBase, 6));
  });

  it('projects eigenvalues onto the simplex as Smolin–Gambetta–Smith do', () => {
    // SGS paper example: (3/5, 1/2, 7/20, 1/10, −11/20) → (9/20, 7/20, 1/5, 0, 0)
    const out = simplexProjection(Float64Array.of(3 / 5, 1 / 2, 7 / 20, 1 / 10, -11 / 20), 1);
    expect(Array.from(out).map((v) => +v.toFixed(12))).toEqual([0.45, 0.35, 0.2, 0, 0]);
    const phys = projectToPhysical(Float64Array.of(1.2, 0, 0, 0, 0, 0, -0.2, 0), 2);
    expect(Array.from(phys.eigenvalues)).toEqual([1]);
  });
});

describe('Pauli tomography', () => {
  it('reconstructs noiseless GHZ and random states of 2–6 qubits with fidelity ≥ 0.97 inside the error bar', () => {
    for (const n of [2, 3, 4, 5, 6]) {
      for (const [name, c] of [['ghz', ghzCircuit(n)], ['random', randomCircuit(n, 3, 100 + n)]] as const) {
        const psi = runCircuit(c).state;
        const r = pauliTomography(psi, { shots: 2000, seed: n, ideal: psi.amplitudes });
        console.log(`${n}-qubit ${name}: F = ${r.fidelity!.toFixed(4)} ± ${r.fidelityErrorBar!.toFixed(4)} (F_lin ${r.fidelityLinear!.toFixed(4)}), purity ${r.purity.toFixed(4)}, ${(r.seconds.measure + r.seconds.reconstruct).toFixed(2)} s`);
        expect(r.fidelity!).toBeGreaterThanOrEqual(0.97);
        expect(Math.abs(1 - r.fidelity!)).toBeLessThanOrEqual(r.fidelityErrorBar!);
        let tr = 0;
        for (let i = 0; i < 2 ** n; i++) tr += r.rho[2 * (i * 2 ** n + i)];
        expect(tr).toBeCloseTo(1, 10);
      }
    }
  });

  it('reconstructs a noisy device state within the error bar of its true fidelity', () => {
    const noise = deviceNoiseModel(deviceModel(JSON.parse(readFileSync('/work/shared/devices/manila.json', 'utf8'))));
    const c = ghzCircuit(3);
    const rho = finalDensityMatrix(c, noise);
    const ideal = runCircuit(c).state.amplitudes;
    const r = pauliTomography(rho, { shots: 4000, seed: 9, ideal });
    const trueF = fidelity(rho, ideal);
    expect(Math.abs(r.fidelity! - trueF)).toBeLessThanOrEqual(r.fidelityErrorBar!);
    expect(r.purity).toBeLessThan(1);
  });

  it('round-trips counts.json into the same reconstruction', () => {
    const psi = runCircuit(randomCircuit(3, 2, 4)).state;
    const r = pauliTomography(psi, { shots: 500, seed: 3, ideal: psi.amplitudes, keepCounts: true, bootstrap: 0 });
    const json = JSON.parse(JSON.stringify(countsToJson(r.counts!)));
    expect(Object.keys(json.settings)).toHaveLength(27);
    const again = reconstructFromCounts(json, { ideal: psi.amplitudes, bootstrap: 0 });
    expect(maxDiff(again.rho, r.rho)).toBeLessThan(1e-12);
    expect(again.fidelityLinear).toBeCloseTo(r.fidelityLinear!, 12);
    expect(again.fidelityErrorBar).toBeCloseTo(r.fidelityErrorBar!, 12);
  });

  it('reads hardware-style counts with the documented bit order', () => {
    // |01> (qubit 0 = 1): Z on both qubits always reads "01"; X/Y settings are random.
    const settings: Record<string, Record<string, number>> = {};
    for (const a of 'XYZ') for (const b of 'XYZ') {
      const q1 = a === 'Z' ? ['0'] : ['0', '1'];
      const q0 = b === 'Z' ? ['1'] : ['0', '1'];
      const row: Record<string, number> = {};
      for (const x of q1) for (const y of q0) row[x + y] = 1000 / (q1.length * q0.length);
      settings[a + b] = row;
    }
    const ideal = Float64Array.of(0, 0, 1, 0, 0, 0, 0, 0);
    const r = reconstructFromCounts({ format: 'qfs.pauli-counts', version: 1, qubits: 2, settings }, { ideal });
    expect(r.fidelity).toBeGreaterThan(0.99);
  });

  it('rejects malformed counts.json', () => {
    const bad = (json: unknown): void => void expect(() => reconstructFromCounts(json)).toThrow(TomographyError);
    bad(null);
    bad({ qubits: 0, settings: {} });
    bad({ qubits: 2, settings: [] });
    bad({ qubits: 2, settings: { XQ: { '00': 1 } } });
    bad({ qubits: 2, settings: { XZ: { '0': 1 } } });
    bad({ qubits: 2, settings: { XZ: { '00': -1 } } });
    bad({ qubits: 2, settings: { XZ: { '00': 1.5 } } });
    bad({ qubits: 2, settings: {} });
    bad({ qubits: 11, settings: {} });
    bad({ format: 'other', qubits: 1, settings: { Z: { '0': 1 } } });
  });

  it('reconstructs GHZ-10 from all 3^10 settings: fidelity ≥ 0.9, trace 1, positive semidefinite', () => {
    const n = 10, d = 2 ** n;
    const psi = runCircuit(ghzCircuit(n)).state;
    const r = pauliTomography(psi, { shots: 1000, seed: 1, ideal: psi.amplitudes, keepCounts: false, ...fast });
    expect(r.settingsMeasured).toBe(3 ** n);
    expect(r.totalShots).toBe(3 ** n * 1000);
    expect(r.errorBarMethod).toBe('linear-propagation');
    expect(r.fidelity!).toBeGreaterThanOrEqual(0.9);
    expect(Math.abs(1 - r.fidelity!)).toBeLessThanOrEqual(r.fidelityErrorBar!);
    expect(r.fidelityLinear!).toBeCloseTo(1, 2);
    let tr = 0;
    for (let i = 0; i < d; i++) tr += r.rho[2 * (i * d + i)];
    expect(tr).toBeCloseTo(1, 10);
    let asymmetric = 0; // one expect for the 2^19 pairs: per-pair expects would take most of the test's time
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) {
      if (r.rho[2 * (i * d + j)] !== r.rho[2 * (j * d + i)] || r.rho[2 * (i * d + j) + 1] !== -r.rho[2 * (j * d + i) + 1]) asymmetric++;
    }
    expect(asymmetric).toBe(0);
    const spectrum = fast.eigensolver(r.rho, d).values;
    expect(spectrum[0]).toBeGreaterThan(-1e-12);
    expect(spectrum[d - 1]).toBeCloseTo(r.eigenvalues[0], 10);
    expect(r.purity).toBeCloseTo(r.eigenvalues.reduce((a, v) => a + v * v, 0), 12);
  });
});

describe('classical shadows', () => {
  it('estimate fidelity and low-weight observables', () => {
    const psi6 = runCircuit(ghzCircuit(6)).state;
    const f = shadowFidelity(collectShadows(psi6, 6000, { seed: 5 }), psi6.amplitudes);
    console.log(`6-qubit GHZ shadow fidelity: ${f.estimate.toFixed(3)} ± ${f.errorBar.toFixed(3)} from 6000 snapshots`);
    expect(Math.abs(f.estimate - 1)).toBeLessThan(Math.max(0.1, 1.5 * f.errorBar));
    // Local observables stay cheap at larger n.
    const n = 14;
    const psi = runCircuit(ghzCircuit(n)).state;
    const t0 = performance.now();
    const data = collectShadows(psi, 2000, { seed: 5 });
    console.log(`14-qubit shadows: 2000 snapshots in ${(performance.now() - t0).toFixed(0)} ms`);
    const zz = shadowPauliExpectation(data, 'I'.repeat(n - 2) + 'ZZ');
    expect(Math.abs(zz.estimate - 1)).toBeLessThan(0.15);
    const xx = shadowPauliExpectation(data, 'I'.repeat(n - 2) + 'XX');
    expect(Math.abs(xx.estimate)).toBeLessThan(0.15);
  });

  it('sample mixed states and export counts.json', () => {
    const rho = DensityMatrix.fromStateVector(runCircuit(ghzCircuit(3)).state);
    const data = collectShadows(rho, 4000, { seed: 2 });
    expect(shadowPauliExpectation(data, 'IZZ').estimate).toBeCloseTo(1, 1);
    const counts = countsToJson(shadowsToCounts(data)) as { settings: Record<string, Record<string, number>> };
    const total = Object.values(counts.settings).reduce((s, row) => s + Object.values(row).reduce((a, b) => a + b, 0), 0);
    expect(total).toBe(4000);
    const r = reconstructFromCounts(counts, { ideal: runCircuit(ghzCircuit(3)).state.amplitudes });
    expect(r.fidelity).toBeGreaterThan(0.9);
  });
});

function fidelity(rho: DensityMatrix, psi: Float64Array): number {
  const d = rho.dim;
  let f = 0;
  for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) {
    const xr = rho.data[2 * (r * d + c)], xi = rho.data[2 * (r * d + c) + 1];
    const ar = psi[2 * r] * xr + psi[2 * r + 1] * xi, ai = psi[2 * r] * xi - psi[2 * r + 1] * xr;
    f += ar * psi[2 * c] - ai * psi[2 * c + 1];
  }
  return f;
}
