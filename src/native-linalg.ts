// The native kernels of addon qfs_linalg (node-gyp target, OpenBLAS) in the
// shapes src/quantum plugs in; src/quantum stays pure and callers pass them:
//   eigensolver: nativeHermitianEigen        (pauliTomography, reconstructFromCounts, describeState)
//   settingsKernel: nativeSettingsKernel     (pauliTomography: shots and fold on all cores)
//   pauliTransforms: nativePauliTransforms   (pauliTomography, reconstructFromCounts)
//   gramSpectrum: nativeGramSpectrum         (describeState: half-cut entropy)
// nativeTomographyKernels bundles the first three for spreading into options.
// The addon is context-aware and keeps no process-wide state, so each worker
// thread may load and use it as well.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { GramSpectrum } from './quantum/linalg/gram-spectrum.js';
import type { HermitianEigensolver, HermitianEigensystem } from './quantum/linalg/hermitian-eigen.js';
import { LinalgError } from './quantum/linalg/linalg-error.js';
import type { SettingCounts } from './quantum/tomography/counts-format.js';
import type { PauliTransforms } from './quantum/tomography/pauli-basis.js';
import type { SettingsKernel } from './quantum/tomography/settings-kernel.js';

/** Native reduction handle: owns the Householder reflectors, freed by the GC. */
export type Reduction = object;

export interface Reduced {
  values: Float64Array;
  reduction: Reduction;
}

/** The raw addon; `reduction` objects come from hermitianReduce(Async) only. */
export interface NativeLinalgModule {
  hermitianReduce(a: Float64Array, n: number): Reduced;
  hermitianReduceAsync(a: Float64Array, n: number): Promise<Reduced>;
  hermitianTopVectors(reduction: Reduction, count: number): Float64Array;
  hermitianTopVectorsAsync(reduction: Reduction, count: number): Promise<Float64Array>;
  /** Eigenvalues (ascending) of M Mᴴ, M complex rows×cols with element (a, b) at a + rows·b. */
  gramEigenvalues(m: Float64Array, rows: number, cols: number): Float64Array;
  /** Σ_j w_j v_j v_jᴴ for weights.length vectors of length n (v_j at 2n·j). */
  weightedOuterSum(vectors: Float64Array, weights: Float64Array, n: number): Float64Array;
  pauliExpectations(rho: Float64Array, n: number, threads: number): Float64Array;
  pauliExpectationsOfState(psi: Float64Array, n: number, threads: number): Float64Array;
  densityFromPauli(expectations: Float64Array, n: number, threads: number): Float64Array;
  /** The settings kernel's raw form; counts flat, setting s at [offsets[s], offsets[s+1]). */
  tomographySettings(
    table: Float64Array, weights: Float64Array | null, n: number, shots: number, streamBase: number, keepCounts: boolean, threads: number,
  ): RawSettingsOutput;
}

export interface RawSettingsOutput {
  sums: Float64Array;
  moments?: Float64Array;
  offsets?: Uint32Array;
  outcomes?: Int32Array;
  counts?: Float64Array;
}

/** A HermitianEigensystem whose eigenvectors can also be computed off the JS thread. */
export interface NativeHermitianEigensystem extends HermitianEigensystem {
  topVectorsAsync(count: number): Promise<Float64Array>;
}

export const NATIVE_LINALG_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'native', 'build', 'Release', 'qfs_linalg.node');

let loaded: NativeLinalgModule | undefined;
let loadError: Error | undefined;

/** The addon, or a clear error saying how to build it. */
export function loadNativeLinalg(): NativeLinalgModule {
  if (loaded) return loaded;
  if (!loadError) {
    try {
      loaded = createRequire(import.meta.url)(NATIVE_LINALG_PATH) as NativeLinalgModule;
      return loaded;
    } catch (e) {
      loadError = new Error(
        `QFS native linalg module not usable at ${NATIVE_LINALG_PATH}: run 'bash scripts/setup.sh' ` +
          `(installs libopenblas-dev and builds native/) (${(e as Error).message})`,
      );
    }
  }
  throw loadError;
}

export function nativeLinalgAvailable(): boolean {
  try {
    loadNativeLinalg();
    return true;
  } catch {
    return false;
  }
}

/**
 * Same contract as hermitianEigen: `a` interleaved (re, im) row-major n×n,
 * only its lower triangle read; values ascending; topVectors(count) gives
 * the unit eigenvectors of the `count` largest, largest first, vector j at
 * offset 2n·j. `a` may be reused as soon as the call returns.
 */
export const nativeHermitianEigen: HermitianEigensolver = (a, n): NativeHermitianEigensystem => {
  checkMatrix(a, n);
  const mod = loadNativeLinalg();
  return eigensystem(mod, n, mod.hermitianReduce(a, n));
};

/** nativeHermitianEigen with the reduction (nearly all of the work) on the libuv thread pool. */
export async function nativeHermitianEigenAsync(a: Float64Array, n: number): Promise<NativeHermitianEigensystem> {
  checkMatrix(a, n);
  const mod = loadNativeLinalg();
  return eigensystem(mod, n, await mod.hermitianReduceAsync(a, n));
}

function eigensystem(mod: NativeLinalgModule, n: number, { values, reduction }: Reduced): NativeHermitianEigensystem {
  const clamp = (count: number): number => Math.max(0, Math.min(n, Math.floor(count))) || 0;
  return {
    n,
    values,
    topVectors: (count) => mod.hermitianTopVectors(reduction, clamp(count)),
    topVectorsAsync: (count) => mod.hermitianTopVectorsAsync(reduction, clamp(count)),
    weightedOuterSum: (vectors, weights) => mod.weightedOuterSum(vectors, weights, n),
  };
}

/**
 * A SettingsKernel on `threads` threads (the calling one included; it waits
 * for the others). The result does not depend on the number of threads.
 */
export function createNativeSettingsKernel(threads: number): SettingsKernel {
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new RangeError(`threads must be an integer from 1 to 64, got ${threads}`);
  return ({ numQubits, shots, streamBase, table, weights, keepCounts }) => {
    const raw = loadNativeLinalg().tomographySettings(table, weights ?? null, numQubits, shots, streamBase, keepCounts, threads);
    return { sums: raw.sums, moments: raw.moments, counts: raw.offsets && settingCounts(raw) };
  };
}

/** Threads of the default kernels: every core, at most 8 (the settings tree is cut into 27 pieces). */
const DEFAULT_THREADS = Math.max(1, Math.min(8, availableParallelism()));

/**
 * The settings kernel on every core. Its counts are views into three shared
 * arrays (one buffer each for offsets, outcomes and counts of all settings).
 */
export const nativeSettingsKernel: SettingsKernel = createNativeSettingsKernel(DEFAULT_THREADS);

/** The Pauli transforms, cache-blocked in C on `threads` threads: the TypeScript results, bit for bit. */
export function createNativePauliTransforms(threads: number): PauliTransforms {
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new RangeError(`threads must be an integer from 1 to 64, got ${threads}`);
  return {
    expectations: (rho, n) => loadNativeLinalg().pauliExpectations(rho, n, threads),
    expectationsOfState: (psi, n) => loadNativeLinalg().pauliExpectationsOfState(psi, n, threads),
    density: (expectations, n) => loadNativeLinalg().densityFromPauli(expectations, n, threads),
  };
}

export const nativePauliTransforms: PauliTransforms = createNativePauliTransforms(DEFAULT_THREADS);

/** Everything pauliTomography and reconstructFromCounts can run natively: `{ ...nativeTomographyKernels, shots, … }`. */
export const nativeTomographyKernels = {
  eigensolver: nativeHermitianEigen,
  settingsKernel: nativeSettingsKernel,
  pauliTransforms: nativePauliTransforms,
} as const;

/** Views into the flat arrays, one SettingCounts per measured setting. */
function settingCounts({ offsets, outcomes, counts }: RawSettingsOutput): (SettingCounts | undefined)[] {
  const out: (SettingCounts | undefined)[] = new Array(offsets!.length - 1).fill(undefined);
  for (let s = 0; s < out.length; s++) {
    const from = offsets![s], to = offsets![s + 1];
    if (to > from) out[s] = { outcomes: outcomes!.subarray(from, to), counts: counts!.subarray(from, to) };
  }
  return out;
}

/** Gram matrix by BLAS zherk, eigenvalues by LAPACK: the native GramSpectrum. */
export const nativeGramSpectrum: GramSpectrum = (m, rows, cols) => {
  if (!(m instanceof Float64Array) || !Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || m.length !== 2 * rows * cols) {
    throw new LinalgError(`expected a ${rows}×${cols} complex matrix, got ${m?.length / 2} entries`);
  }
  return loadNativeLinalg().gramEigenvalues(m, rows, cols);
};

function checkMatrix(a: Float64Array, n: number): void {
  if (!(a instanceof Float64Array) || !Number.isInteger(n) || n < 1 || a.length !== 2 * n * n) {
    throw new LinalgError(`expected a ${n}×${n} complex matrix, got ${a?.length / 2} entries`);
  }
}
