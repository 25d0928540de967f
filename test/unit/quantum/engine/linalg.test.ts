import { describe, expect, it } from 'vitest';
import { gramMatrix } from '../../../../src/quantum/linalg/gram-matrix.js';
import { hermitianEigen } from '../../../../src/quantum/linalg/hermitian-eigen.js';
import { describeState, halfCutEntropy } from '../../../../src/quantum/linalg/state-description.js';
import { LinalgError } from '../../../../src/quantum/linalg/linalg-error.js';
import { ghzCircuit, randomCircuit } from '../../../../src/quantum/sim/library-circuits.js';
import { runCircuit } from '../../../../src/quantum/sim/run-circuit.js';
import { createRng } from '../../../../src/quantum/sim/rng.js';
import { gramSpectrum } from '../../../../src/quantum/linalg/gram-spectrum.js';
import { nativeGramSpectrum, nativeLinalgAvailable } from '../../../../src/native-linalg.js';
import { randomHermitian } from './helpers.js';

function checkEigenpairs(a: Float64Array, n: number, k: number): void {
  const eig = hermitianEigen(a, n);
  const v = eig.topVectors(k);
  for (let j = 0; j < k; j++) {
    const lambda = eig.values[n - 1 - j];
    for (let i = 0; i < n; i++) {
      let re = 0, im = 0;
      for (let l = 0; l < n; l++) {
        const ar = a[2 * (i * n + l)], ai = a[2 * (i * n + l) + 1], vr = v[2 * n * j + 2 * l], vi = v[2 * n * j + 2 * l + 1];
        re += ar * vr - ai * vi;
        im += ar * vi + ai * vr;
      }
      expect(Math.hypot(re - lambda * v[2 * n * j + 2 * i], im - lambda * v[2 * n * j + 2 * i + 1])).toBeLessThan(1e-11);
    }
    for (let q = 0; q < j; q++) {
      let re = 0, im = 0;
      for (let l = 0; l < n; l++) {
        re += v[2 * n * j + 2 * l] * v[2 * n * q + 2 * l] + v[2 * n * j + 2 * l + 1] * v[2 * n * q + 2 * l + 1];
        im += v[2 * n * j + 2 * l] * v[2 * n * q + 2 * l + 1] - v[2 * n * j + 2 * l + 1] * v[2 * n * q + 2 * l];
      }
      expect(Math.hypot(re, im)).toBeLessThan(1e-11);
    }
  }
}

describe('Hermitian eigensolver', () => {
  it('finds eigenpairs of random Hermitian matrices', () => {
    for (const n of [1, 2, 3, 7, 32, 100]) checkEigenpairs(randomHermitian(n, n), n, Math.min(n, 10));
  });

  it('keeps degenerate eigenvectors orthogonal', () => {
    const n = 16;
    const a = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) a[2 * (i * n + i)] = i < 8 ? 1 : 0.5;
    checkEigenpairs(a, n, n);
  });

  it('preserves trace and Frobenius norm at 256×256', () => {
    const n = 256;
    const a = randomHermitian(n, 5);
    const { values } = hermitianEigen(a, n);
    let tr = 0, fr = 0, sum = 0, sq = 0;
    for (let i = 0; i < n; i++) tr += a[2 * (i * n + i)];
    for (const x of a) fr += x * x;
    for (const v of values) { sum += v; sq += v * v; }
    expect(sum).toBeCloseTo(tr, 9);
    expect(sq).toBeCloseTo(fr, 7);
    for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => hermitianEigen(new Float64Array(6), 2)).toThrow(LinalgError);
  });

  it('times a 1024×1024 decomposition', () => {
    const n = 1024;
    const a = randomHermitian(n, 9);
    const t0 = performance.now();
    const eig = hermitianEigen(a, n);
    const t1 = performance.now();
    eig.topVectors(8);
    console.log(`eigenvalues of a 1024×1024 Hermitian matrix: ${(t1 - t0).toFixed(0)} ms; 8 eigenvectors: ${(performance.now() - t1).toFixed(0)} ms`);
  });
});

describe('state description', () => {
  const S = Math.SQRT1_2;

  it('describes pure states: norm, purity, half-cut entropy', () => {
    const bell = describeState(Float64Array.of(S, 0, 0, 0, 0, 0, S, 0), [4]);
    expect(bell).toMatchObject({ kind: 'state-vector', valid: true, numQubits: 2 });
    expect(bell.entanglementEntropy).toBeCloseTo(1, 12);
    expect(describeState(Float64Array.of(1, 0, 0, 0, 0, 0, 0, 0), [4]).entanglementEntropy).toBeCloseTo(0, 12);
    const ghz = runCircuit(ghzCircuit(12)).state.amplitudes;
    expect(halfCutEntropy(ghz, 12)).toBeCloseTo(1, 10);
    const bad = describeState(Float64Array.of(1, 0, 1, 0), [2]);
    expect(bad.valid).toBe(false);
    expect(bad.problems[0]).toMatch(/norm/);
  });

  it('validates density matrices: trace, Hermiticity, positivity', () => {
    const rho = Float64Array.of(0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0);
    expect(describeState(rho, [2, 2])).toMatchObject({ kind: 'density-matrix', valid: true, purity: 1 });
    const notHermitian = Float64Array.of(0.5, 0, 0.5, 0.1, 0.5, 0.1, 0.5, 0);
    expect(describeState(notHermitian, [2, 2]).problems.join()).toMatch(/Hermitian/);
    const notPsd = Float64Array.of(0.5, 0, 0.9, 0, 0.9, 0, 0.5, 0);
    expect(describeState(notPsd, [2, 2]).problems.join()).toMatch(/positive/);
    expect(describeState(Float64Array.of(2, 0, 0, 0, 0, 0, 0, 0), [2, 2]).problems.join()).toMatch(/trace/);
    expect(describeState(new Float64Array(6), [3]).kind).toBe('not-a-state');
  });

  it('Gram matrix matches its definition', () => {
    const rng = createRng(1);
    const m = Float64Array.from({ length: 2 * 6 * 5 }, () => rng.next() - 0.5);
    const g = gramMatrix(m, 6, 5);
    let re = 0, im = 0;
    for (let b = 0; b < 5; b++) {
      const x = 2 * (2 + 6 * b), y = 2 * (4 + 6 * b);
      re += m[x] * m[y] + m[x + 1] * m[y + 1];
      im += m[x + 1] * m[y] - m[x] * m[y + 1];
    }
    expect(g[2 * (2 * 6 + 4)]).toBeCloseTo(re, 14);
    expect(g[2 * (2 * 6 + 4) + 1]).toBeCloseTo(im, 14);
  });

  it('takes its eigenproblems from the options', () => {
    const psi = runCircuit(randomCircuit(6, 2, 5)).state.amplitudes;
    const seen: number[][] = [];
    const spy = (m: Float64Array, rows: number, cols: number): Float64Array => {
      seen.push([rows, cols]);
      return gramSpectrum(m, rows, cols);
    };
    expect(describeState(psi, [64], { gramSpectrum: spy }).entanglementEntropy).toBeCloseTo(halfCutEntropy(psi, 6), 12);
    expect(seen).toEqual([[8, 8]]);
    let solved = 0;
    const rho = Float64Array.of(0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0);
    const eigensolver = (a: Float64Array, n: number) => (solved++, hermitianEigen(a, n));
    expect(describeState(rho, [2, 2], { eigensolver }).minEigenvalue).toBeCloseTo(0, 14);
    expect(solved).toBe(1);
  });

  it('times the 20-qubit half-cut entropy (natively when the addon is built)', () => {
    const psi = runCircuit(randomCircuit(20, 2, 3)).state.amplitudes;
    const [name, spectrum] = nativeLinalgAvailable() ? ['native', nativeGramSpectrum] : ['TypeScript', gramSpectrum];
    const t0 = performance.now();
    const s = halfCutEntropy(psi, 20, 1, spectrum);
    console.log(`half-cut entropy of a 20-qubit state (${name}): ${s.toFixed(3)} bits in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(s).toBeGreaterThan(0);
  });
});
