import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  createNativePauliTransforms, createNativeSettingsKernel, loadNativeLinalg, NATIVE_LINALG_PATH, nativeGramSpectrum, nativeHermitianEigen,
  nativeHermitianEigenAsync, nativePauliTransforms, nativeSettingsKernel, nativeTomographyKernels,
} from '../../src/native-linalg.js';
import { hermitianEigen, type HermitianEigensystem } from '../../src/quantum/linalg/hermitian-eigen.js';
import { describeState, halfCutEntropy } from '../../src/quantum/linalg/state-description.js';
import { deviceModel } from '../../src/quantum/devices/device-model.js';
import { deviceNoiseModel } from '../../src/quantum/noise/noise-model.js';
import { finalDensityMatrix } from '../../src/quantum/noise/run-density.js';
import { densityFromPauli, pauliExpectations, pauliExpectationsOfState } from '../../src/quantum/tomography/pauli-basis.js';
import { projectToPhysical } from '../../src/quantum/tomography/physical-projection.js';
import { identityPowers } from '../../src/quantum/tomography/setting-tree.js';
import { typescriptSettingsKernel, type SettingsKernelInput, type SettingsKernelOutput } from '../../src/quantum/tomography/settings-kernel.js';
import { readFileSync } from 'node:fs';
import { LinalgError } from '../../src/quantum/linalg/linalg-error.js';
import { createRng } from '../../src/quantum/sim/rng.js';
import { ghzCircuit, randomCircuit } from '../../src/quantum/sim/library-circuits.js';
import { runCircuit } from '../../src/quantum/sim/run-circuit.js';
import { pauliTomography } from '../../src/quantum/tomography/pauli-tomography.js';
import { randomHermitian } from './quantum/engine/helpers.js';

// Fails with the loader's message (how to build it) when the addon is missing.
loadNativeLinalg();

/** Columns of a random unitary (Gram–Schmidt of random complex vectors), column j at offset 2n·j. */
function randomUnitary(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const u = Float64Array.from({ length: 2 * n * n }, () => rng.next() - 0.5);
  for (let j = 0; j < n; j++) {
    const cj = 2 * n * j;
    for (let q = 0; q < j; q++) {
      const cq = 2 * n * q;
      let re = 0, im = 0; // ⟨u_q|u_j⟩
      for (let i = 0; i < n; i++) {
        re += u[cq + 2 * i] * u[cj + 2 * i] + u[cq + 2 * i + 1] * u[cj + 2 * i + 1];
        im += u[cq + 2 * i] * u[cj + 2 * i + 1] - u[cq + 2 * i + 1] * u[cj + 2 * i];
      }
      for (let i = 0; i < n; i++) {
        u[cj + 2 * i] -= re * u[cq + 2 * i] - im * u[cq + 2 * i + 1];
        u[cj + 2 * i + 1] -= re * u[cq + 2 * i + 1] + im * u[cq + 2 * i];
      }
    }
    let norm = 0;
    for (let i = 0; i < 2 * n; i++) norm += u[cj + i] ** 2;
    for (let i = 0; i < 2 * n; i++) u[cj + i] /= Math.sqrt(norm);
  }
  return u;
}

/** Σ_j w_j v_j v_jᴴ, interleaved row-major; v_j at offset 2n·j. */
function fromEigenpairs(vectors: Float64Array, w: ArrayLike<number>, n: number): Float64Array {
  const a = new Float64Array(2 * n * n);
  for (let j = 0; j < w.length; j++) {
    const o = 2 * n * j;
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
      const xr = vectors[o + 2 * r], xi = vectors[o + 2 * r + 1], yr = vectors[o + 2 * c], yi = vectors[o + 2 * c + 1];
      a[2 * (r * n + c)] += w[j] * (xr * yr + xi * yi);
      a[2 * (r * n + c) + 1] += w[j] * (xi * yr - xr * yi);
    }
  }
  return a;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Native against TypeScript: the spectrum, and A rebuilt from all native eigenpairs. */
function expectAgreement(a: Float64Array, n: number, native: HermitianEigensystem = nativeHermitianEigen(a, n)): void {
  const ts = hermitianEigen(a, n);
  expect(native.n).toBe(n);
  expect(maxAbsDiff(native.values, ts.values)).toBeLessThan(1e-9);
  for (let i = 1; i < n; i++) expect(native.values[i]).toBeGreaterThanOrEqual(native.values[i - 1]);
  const largestFirst = Float64Array.from(native.values).reverse();
  expect(maxAbsDiff(fromEigenpairs(native.topVectors(n), largestFirst, n), a)).toBeLessThan(1e-9);
  // The few largest agree with the TS solver's too, up to phase, where each is unique.
  const k = Math.min(n, 3);
  const distinct = largestFirst.subarray(0, k + 1).every((v, i, top) => i === 0 || top[i - 1] - v > 1e-6);
  if (distinct) {
    const top = largestFirst.subarray(0, k);
    expect(maxAbsDiff(fromEigenpairs(native.topVectors(k), top, n), fromEigenpairs(ts.topVectors(k), top, n))).toBeLessThan(1e-9);
  }
}

describe('native Hermitian eigensolver (LAPACK)', () => {
  it('agrees with the TypeScript solver on random Hermitian matrices', () => {
    for (const n of [1, 2, 3, 17, 64, 200]) expectAgreement(randomHermitian(n, 40 + n), n);
  });

  it('agrees on degenerate spectra, with orthonormal eigenvectors', () => {
    const n = 48;
    const w = Array.from({ length: n }, (_, i) => (i < 10 ? 1 : i < 30 ? 0.25 : i < 31 ? -0.5 : 0));
    const a = fromEigenpairs(randomUnitary(n, 7), w, n);
    expectAgreement(a, n);
    const eig = nativeHermitianEigen(a, n);
    expect(maxAbsDiff(eig.values, [...w].sort((x, y) => x - y))).toBeLessThan(1e-12);
    const v = eig.topVectors(n);
    for (let p = 0; p < n; p++) for (let q = 0; q <= p; q++) {
      let re = 0, im = 0;
      for (let i = 0; i < n; i++) {
        re += v[2 * n * p + 2 * i] * v[2 * n * q + 2 * i] + v[2 * n * p + 2 * i + 1] * v[2 * n * q + 2 * i + 1];
        im += v[2 * n * p + 2 * i] * v[2 * n * q + 2 * i + 1] - v[2 * n * p + 2 * i + 1] * v[2 * n * q + 2 * i];
      }
      expect(Math.hypot(re - (p === q ? 1 : 0), im)).toBeLessThan(1e-12);
    }
    const diagonal = new Float64Array(2 * 16 * 16);
    for (let i = 0; i < 16; i++) diagonal[2 * (i * 16 + i)] = i < 8 ? 1 : 0.5;
    expectAgreement(diagonal, 16);
  });

  it('reads only the lower triangle and leaves its input alone', () => {
    const n = 20;
    const a = randomHermitian(n, 3);
    const scrambled = Float64Array.from(a);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) scrambled[2 * (i * n + j)] = scrambled[2 * (i * n + j) + 1] = 99;
    const copy = Float64Array.from(scrambled);
    expectAgreement(a, n, nativeHermitianEigen(scrambled, n));
    expect(scrambled).toEqual(copy);
  });

  it('runs on the thread pool with the same results', async () => {
    const n = 128;
    const a = randomHermitian(n, 11);
    const [sync, pending] = [nativeHermitianEigen(a, n), nativeHermitianEigenAsync(a, n)];
    a.fill(0); // already copied: reusing the input cannot change the pending result
    const async = await pending;
    expect(maxAbsDiff(async.values, sync.values)).toBeLessThan(1e-12);
    const [v1, v2] = await Promise.all([async.topVectorsAsync(5), async.topVectorsAsync(n)]);
    expect(maxAbsDiff(v1, async.topVectors(5))).toBe(0);
    expect(v2.length).toBe(2 * n * n);
    expect((await async.topVectorsAsync(0)).length).toBe(0);
  });

  it('loads and runs in worker threads alongside the main thread', async () => {
    const n = 96;
    const a = randomHermitian(n, 5);
    const expected = nativeHermitianEigen(a, n).values;
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const m = require(workerData.path);
      (async () => {
        const sync = m.hermitianReduce(workerData.a, workerData.n);
        const async = await m.hermitianReduceAsync(workerData.a, workerData.n);
        const v = await m.hermitianTopVectorsAsync(async.reduction, 2);
        parentPort.postMessage({ sync: sync.values, async: async.values, vectors: v.length });
      })().catch((e) => parentPort.postMessage({ error: e.message }));`;
    const runWorker = (): Promise<{ sync: Float64Array; async: Float64Array; vectors: number; error?: string }> =>
      new Promise((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: { path: NATIVE_LINALG_PATH, a, n } });
        w.once('message', (m) => void w.terminate().then(() => resolve(m)));
        w.once('error', reject);
      });
    const results = await Promise.all([runWorker(), runWorker(), nativeHermitianEigenAsync(a, n)]);
    for (const r of results.slice(0, 2) as Awaited<ReturnType<typeof runWorker>>[]) {
      expect(r.error).toBeUndefined();
      expect(maxAbsDiff(r.sync, expected)).toBeLessThan(1e-12);
      expect(maxAbsDiff(r.async, expected)).toBeLessThan(1e-12);
      expect(r.vectors).toBe(4 * n);
    }
  });

  it('rejects what is not an n×n complex matrix with clear errors', () => {
    expect(() => nativeHermitianEigen(new Float64Array(6), 2)).toThrow(LinalgError);
    expect(() => nativeHermitianEigen(new Float64Array(8), 2.5)).toThrow(LinalgError);
    const mod = loadNativeLinalg();
    expect(() => mod.hermitianReduce(new Float64Array(6), 2)).toThrow(/n×n complex matrix/);
    expect(() => mod.hermitianTopVectors({}, 1)).toThrow(/reduction from hermitianReduce/);
    const { reduction } = mod.hermitianReduce(new Float64Array(8), 2);
    expect(() => mod.hermitianTopVectors(reduction, 3)).toThrow(/count must be an integer/);
  });

  it('gives Pauli tomography the same reconstruction as the TypeScript solver', () => {
    for (const [n, c] of [[4, ghzCircuit(4)], [5, randomCircuit(5, 3, 2)]] as const) {
      const psi = runCircuit(c).state;
      const options = { shots: 500, seed: n, ideal: psi.amplitudes, bootstrap: 0 };
      const ts = pauliTomography(psi, options);
      const native = pauliTomography(psi, { ...options, eigensolver: nativeHermitianEigen });
      expect(maxAbsDiff(native.rho, ts.rho)).toBeLessThan(1e-9);
      expect(maxAbsDiff(native.eigenvalues, ts.eigenvalues)).toBeLessThan(1e-9);
      expect(native.fidelity!).toBeCloseTo(ts.fidelity!, 9);
    }
  });
});

/** Bitwise: the same doubles, -0 and +0 told apart. */
function expectSameDoubles(a: Float64Array | undefined, b: Float64Array | undefined): void {
  expect(a?.length).toBe(b?.length);
  if (!a || !b) return;
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differing++;
  expect(differing).toBe(0);
}

function expectSameKernelOutput(native: SettingsKernelOutput, ts: SettingsKernelOutput): void {
  expectSameDoubles(native.sums, ts.sums);
  expectSameDoubles(native.moments, ts.moments);
  expect(native.counts?.length).toBe(ts.counts?.length);
  for (let s = 0; s < (ts.counts?.length ?? 0); s++) {
    const a = native.counts![s], b = ts.counts![s];
    expect(a === undefined).toBe(b === undefined);
    if (a && b) {
      expect(Array.from(a.outcomes)).toEqual(Array.from(b.outcomes));
      expect(Array.from(a.counts)).toEqual(Array.from(b.counts));
    }
  }
}

/** A random state's Pauli table and F_lin weights of another random state. */
function kernelInput(n: number, seed: number, shots: number, keepCounts: boolean): SettingsKernelInput {
  const table = pauliExpectationsOfState(runCircuit(randomCircuit(n, 3, seed)).state.amplitudes, n);
  const settings = identityPowers(n);
  const weights = pauliExpectationsOfState(runCircuit(randomCircuit(n, 2, seed + 1)).state.amplitudes, n).map((v, i) => v / settings[i]);
  return { numQubits: n, shots, streamBase: (seed * 2654435761) >>> 0, table, weights, keepCounts };
}

describe('native tomography settings kernel', () => {
  // Counts and sums are integers and each setting's moments are summed in a
  // fixed order on both sides, so "identical" means bit for bit.
  it('draws the same shots and folds the same sums as the TypeScript reference, bit for bit, on any number of threads', () => {
    for (const [n, shots] of [[1, 50], [2, 300], [3, 1000], [5, 777], [8, 100]] as const) {
      const input = kernelInput(n, 10 + n, shots, true);
      const ts = typescriptSettingsKernel(input);
      for (const threads of [1, 2, 3, 7]) expectSameKernelOutput(createNativeSettingsKernel(threads)(input), ts);
      const plain = { ...input, weights: undefined, keepCounts: false };
      const bare = nativeSettingsKernel(plain);
      expect(bare.moments).toBeUndefined();
      expect(bare.counts).toBeUndefined();
      expectSameDoubles(bare.sums, typescriptSettingsKernel(plain).sums);
    }
  });

  it('gives pauliTomography identical reports for pure and noisy sources, with readout error, Pauli transforms native too', () => {
    const noise = deviceNoiseModel(deviceModel(JSON.parse(readFileSync('/work/shared/devices/manila.json', 'utf8'))));
    const psi = runCircuit(ghzCircuit(4)).state;
    const rho = finalDensityMatrix(ghzCircuit(4), noise);
    const readout = (q: number) => ({ p1Given0: 0.01 + 0.005 * q, p0Given1: 0.03 });
    for (const source of [psi, rho]) {
      const options = { shots: 400, seed: 'kernel', ideal: psi.amplitudes, bootstrap: 2, keepCounts: true, readout };
      const ts = pauliTomography(source, options);
      const native = pauliTomography(source, { ...options, settingsKernel: nativeSettingsKernel, pauliTransforms: nativePauliTransforms });
      expectSameDoubles(native.rho, ts.rho);
      expect(native.fidelityLinear).toBe(ts.fidelityLinear);
      expect(native.fidelityErrorBar).toBe(ts.fidelityErrorBar);
      expect(native.counts!.settings.map((c) => c && Array.from(c.counts))).toEqual(ts.counts!.settings.map((c) => c && Array.from(c.counts)));
    }
  });

  it('keeps a 9-qubit noisy run identical to the reference', () => {
    const n = 9;
    const rho = finalDensityMatrix(ghzCircuit(n), deviceNoiseModel(deviceModel(JSON.parse(readFileSync('devices/kolkata.json', 'utf8')))));
    const input = { ...kernelInput(n, 3, 20, false), table: pauliExpectations(rho.data, n) };
    expectSameKernelOutput(nativeSettingsKernel(input), typescriptSettingsKernel(input));
  });

  it('runs in worker threads, two at once, with the main thread\'s results', async () => {
    const input = kernelInput(6, 21, 200, false);
    const expected = nativeSettingsKernel(input);
    const code = `
      const { parentPort, workerData: d } = require('node:worker_threads');
      const m = require(d.path);
      try {
        parentPort.postMessage(m.tomographySettings(d.table, d.weights, d.n, d.shots, d.base, false, 2));
      } catch (e) {
        parentPort.postMessage({ error: e.message });
      }`;
    const workerData = { path: NATIVE_LINALG_PATH, table: input.table, weights: input.weights, n: 6, shots: 200, base: input.streamBase };
    const run = (): Promise<{ sums: Float64Array; moments: Float64Array; error?: string }> =>
      new Promise((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData });
        w.once('message', (m) => void w.terminate().then(() => resolve(m)));
        w.once('error', reject);
      });
    for (const r of await Promise.all([run(), run()])) {
      expect(r.error).toBeUndefined();
      expectSameDoubles(r.sums, expected.sums);
      expectSameDoubles(r.moments, expected.moments);
    }
  });

  it('rejects malformed input with clear errors', () => {
    const mod = loadNativeLinalg();
    const table = new Float64Array(16);
    expect(() => mod.tomographySettings(table, null, 3, 10, 0, false, 1)).toThrow(/Float64Array\(4\^n\)/);
    expect(() => mod.tomographySettings(table, null, 2, 0, 0, false, 1)).toThrow(/shots/);
    expect(() => mod.tomographySettings(table, null, 2, 10, -1, false, 1)).toThrow(/streamBase/);
    expect(() => mod.tomographySettings(table, new Float64Array(3), 2, 10, 0, false, 1)).toThrow(/weights/);
    expect(() => mod.tomographySettings(table, null, 2, 10, 0, false, 0)).toThrow(/threads/);
    expect(() => createNativeSettingsKernel(0)).toThrow(RangeError);
    // A table with no probability mass: measured, nothing seen, as in the reference.
    const empty = { numQubits: 2, shots: 10, streamBase: 1, table, keepCounts: true };
    expectSameKernelOutput(nativeSettingsKernel(empty), typescriptSettingsKernel(empty));
  });
});

describe('native Pauli transforms', () => {
  it('give the TypeScript expansions bit for bit, both ways, on any number of threads', () => {
    for (const n of [1, 2, 4, 5, 6, 7, 10]) {
      const psi = runCircuit(randomCircuit(n, 3, 30 + n)).state.amplitudes;
      const table = pauliExpectationsOfState(psi, n);
      const rho = densityFromPauli(table.map((v, i) => (i % 3 === 0 ? v / 2 : v)), n); // not a pure state
      for (const threads of [1, 2, 3]) {
        const native = createNativePauliTransforms(threads);
        expectSameDoubles(native.expectationsOfState(psi, n), table);
        expectSameDoubles(native.density(table, n), densityFromPauli(table, n));
        const copy = Float64Array.from(rho);
        expectSameDoubles(native.expectations(rho, n), pauliExpectations(rho, n));
        expectSameDoubles(rho, copy); // input only read
      }
    }
    expect(() => loadNativeLinalg().pauliExpectations(new Float64Array(10), 2, 1)).toThrow(/Float64Array/);
  });

  it('run a whole 6-qubit tomography natively within 1e-9 of the TypeScript one (the eigensolvers differ)', () => {
    const psi = runCircuit(randomCircuit(6, 3, 8)).state;
    const options = { shots: 300, seed: 4, ideal: psi.amplitudes, bootstrap: 2 };
    const ts = pauliTomography(psi, options);
    const native = pauliTomography(psi, { ...options, ...nativeTomographyKernels });
    expect(maxAbsDiff(native.rho, ts.rho)).toBeLessThan(1e-9);
    expect(Math.abs(native.fidelity! - ts.fidelity!)).toBeLessThan(1e-9);
    expect(native.fidelityLinear).toBe(ts.fidelityLinear);
  });
});

describe('native weighted outer sum (zherk)', () => {
  it('rebuilds the projection\'s density matrix as the TypeScript sum does, exactly Hermitian', () => {
    const n = 64;
    const a = randomHermitian(n, 77);
    for (let i = 0; i < n; i++) a[2 * (i * n + i)] += 3; // mostly positive
    const ts = projectToPhysical(a, n);
    const native = projectToPhysical(a, n, nativeHermitianEigen);
    expect(maxAbsDiff(native.rho, ts.rho)).toBeLessThan(1e-12);
    for (let i = 0; i < n; i++) {
      expect(native.rho[2 * (i * n + i) + 1]).toBe(0);
      for (let j = 0; j < i; j++) {
        expect(native.rho[2 * (i * n + j)]).toBe(native.rho[2 * (j * n + i)]);
        expect(native.rho[2 * (i * n + j) + 1]).toBe(-native.rho[2 * (j * n + i) + 1]);
      }
    }
    const mod = loadNativeLinalg();
    expect(Array.from(mod.weightedOuterSum(new Float64Array(0), new Float64Array(0), 2))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => mod.weightedOuterSum(new Float64Array(4), new Float64Array(1), 3)).toThrow(/weights.length vectors/);
  });
});

describe('native Gram spectrum (zherk + LAPACK)', () => {
  function randomState(n: number, seed: number): Float64Array {
    const rng = createRng(seed);
    const psi = Float64Array.from({ length: 2 ** (n + 1) }, () => rng.next() - 0.5);
    let sq = 0;
    for (const v of psi) sq += v * v;
    return psi.map((v) => v / Math.sqrt(sq));
  }

  it('gives the TypeScript entanglement entropy to 1e-9 on random and low-entanglement states', () => {
    for (const n of [2, 3, 7, 10, 13]) {
      const states = [randomState(n, n), runCircuit(ghzCircuit(n)).state.amplitudes, runCircuit(randomCircuit(n, 1, n)).state.amplitudes];
      for (const psi of states) {
        const ts = halfCutEntropy(psi, n);
        expect(Math.abs(halfCutEntropy(psi, n, 1, nativeGramSpectrum) - ts)).toBeLessThan(1e-9);
        const d = describeState(psi, [2 ** n], { gramSpectrum: nativeGramSpectrum });
        expect(Math.abs(d.entanglementEntropy! - describeState(psi, [2 ** n]).entanglementEntropy!)).toBeLessThan(1e-9);
      }
    }
    expect(Math.abs(halfCutEntropy(runCircuit(ghzCircuit(12)).state.amplitudes, 12, 1, nativeGramSpectrum) - 1)).toBeLessThan(1e-12);
  });

  it('describes a random 20-qubit state natively (Page entropy) and a product state as unentangled', () => {
    const n = 20;
    const psi = randomState(n, 20);
    const t0 = performance.now();
    const d = describeState(psi, [2 ** n], { gramSpectrum: nativeGramSpectrum, eigensolver: nativeHermitianEigen });
    console.log(`20-qubit describeState, native Gram spectrum: ${(performance.now() - t0).toFixed(0)} ms, S = ${d.entanglementEntropy!.toFixed(4)} bits`);
    // Page: S ≈ n/2 − 1/(2 ln 2) bits for a random state of two equal halves.
    expect(Math.abs(d.entanglementEntropy! - (n / 2 - 1 / (2 * Math.LN2)))).toBeLessThan(0.02);
    const product = new Float64Array(2 ** (n + 1));
    product[2 * 12345] = 1;
    expect(describeState(product, [2 ** n], { gramSpectrum: nativeGramSpectrum }).entanglementEntropy).toBeLessThan(1e-12);
  });

  it('rejects what is not a rows×cols complex matrix', () => {
    expect(() => nativeGramSpectrum(new Float64Array(6), 2, 2)).toThrow(LinalgError);
    expect(() => loadNativeLinalg().gramEigenvalues(new Float64Array(6), 2, 2)).toThrow(/rows×cols/);
  });
});

describe('liblz4 for the state codecs', () => {
  it('writes blocks the TypeScript decoder reads, and reads the TypeScript coder\'s', async () => {
    const { bestKernels } = await import('../../src/trees/states/quantum-kernels.js');
    const { lz4CompressBlock, lz4DecompressBlock } = await import('../../src/quantum/codecs/lz4-block.js');
    const lz4 = bestKernels().compressor!;
    expect(lz4).toBeDefined();
    const rng = createRng(9);
    const noise = Uint8Array.from({ length: 70000 }, () => Math.floor(rng.next() * 256));
    const runs = Uint8Array.from({ length: 300000 }, (_, i) => (i % 977 < 600 ? 0 : (i * 31) & 255));
    for (const input of [noise, runs, new Uint8Array(0), Uint8Array.of(7)]) {
      const fromLib = lz4.compress(input);
      expect(Buffer.from(lz4DecompressBlock(fromLib, input.length)).equals(Buffer.from(input))).toBe(true);
      expect(Buffer.from(lz4.decompress(lz4CompressBlock(input), input.length)).equals(Buffer.from(input))).toBe(true);
    }
    expect(lz4.compress(runs).length).toBeLessThan(runs.length / 4);
  });
});
