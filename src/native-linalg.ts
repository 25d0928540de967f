// The LAPACK Hermitian eigensolver (node-gyp target qfs_linalg, OpenBLAS) as
// a HermitianEigensolver for src/quantum, which stays pure: callers pass it in
// (`eigensolver: nativeHermitianEigen`). The addon is context-aware and keeps
// no process-wide state, so each worker thread may load and use it as well.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { HermitianEigensolver, HermitianEigensystem } from './quantum/linalg/hermitian-eigen.js';
import { LinalgError } from './quantum/linalg/linalg-error.js';

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
  };
}

function checkMatrix(a: Float64Array, n: number): void {
  if (!(a instanceof Float64Array) || !Number.isInteger(n) || n < 1 || a.length !== 2 * n * n) {
    throw new LinalgError(`expected a ${n}×${n} complex matrix, got ${a?.length / 2} entries`);
  }
}
