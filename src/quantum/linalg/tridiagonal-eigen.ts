// Eigenvalues and selected eigenvectors of a real symmetric tridiagonal
// matrix: implicit QL with Wilkinson shifts for the values (O(n²)), inverse
// iteration with re-orthogonalisation inside clusters for the vectors
// (LAPACK's dstein), so asking for a few vectors costs O(n) each instead of
// the O(n³) of accumulating every rotation.

import { LinalgError } from './linalg-error.js';

const EPS = 2.220446049250313e-16;

/** All eigenvalues of T = tridiag(e, d, e) in ascending order. `e[i]` couples i and i+1. */
export function tridiagonalEigenvalues(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  const w = Float64Array.from(d);
  const f = new Float64Array(n);
  f.set(e.subarray(0, n));
  if (n > 0) f[n - 1] = 0;
  // Couplings below ε·‖T‖ are negligible in absolute terms too: without this,
  // blocks of (near-)zero eigenvalues, as in a low-rank Gram matrix, never deflate.
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(w[i]) + Math.abs(f[i]));
  const floor = EPS * norm;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(w[m]) + Math.abs(w[m + 1]);
        if (Math.abs(f[m]) <= EPS * dd || Math.abs(f[m]) <= floor) break;
      }
      if (m === l) break;
      if (++iter > 100) throw new LinalgError('tridiagonal QL did not converge');
      let g = (w[l + 1] - w[l]) / (2 * f[l]);
      let r = Math.hypot(g, 1);
      g = w[m] - w[l] + f[l] / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const ff = s * f[i];
        const b = c * f[i];
        r = Math.hypot(ff, g);
        f[i + 1] = r;
        if (r === 0) {
          w[i + 1] -= p;
          f[m] = 0;
          deflated = true;
          break;
        }
        s = ff / r;
        c = g / r;
        g = w[i + 1] - p;
        r = (w[i] - g) * s + 2 * c * b;
        p = s * r;
        w[i + 1] = g + p;
        g = c * r - b;
      }
      if (deflated) continue;
      w[l] -= p;
      f[l] = g;
      f[m] = 0;
    }
  }
  return w.sort();
}

/**
 * Unit eigenvectors of T for the given eigenvalues (ascending, as returned by
 * tridiagonalEigenvalues). Vectors of eigenvalues closer than 1e-3·‖T‖ are
 * orthogonalised against each other, as dstein does.
 */
export function tridiagonalEigenvectors(d: Float64Array, e: Float64Array, values: ArrayLike<number>): Float64Array[] {
  const n = d.length;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    norm = Math.max(norm, Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0));
  }
  const ortol = 1e-3 * norm;
  const tiny = EPS * Math.max(norm, Number.MIN_VALUE);
  const factor = new TridiagonalLU(n);
  const out: Float64Array[] = [];
  let clusterStart = 0;
  let prev = -Infinity;
  let seed = 0x9e3779b9;
  for (let j = 0; j < values.length; j++) {
    let lambda = values[j];
    if (j > 0 && lambda - values[j - 1] > ortol) clusterStart = j;
    // Equal eigenvalues would give the same vector: nudge them apart.
    const pertol = 10 * EPS * Math.abs(lambda) + tiny;
    if (lambda - prev < pertol) lambda = prev + pertol;
    prev = lambda;
    factor.factor(d, e, lambda, tiny);
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
      x[i] = (seed >>> 0) / 4294967296 - 0.5;
    }
    for (let it = 0; it < 4; it++) {
      factor.solve(x);
      for (let q = clusterStart; q < j; q++) orthogonalise(x, out[q]);
      normalise(x);
    }
    out.push(x);
  }
  return out;
}

function orthogonalise(x: Float64Array, u: Float64Array): void {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * u[i];
  for (let i = 0; i < x.length; i++) x[i] -= s * u[i];
}

function normalise(x: Float64Array): void {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let i = 0; i < x.length; i++) x[i] *= inv;
}

/** LU with partial pivoting of T − λI (dlagtf); zero pivots become ±tiny. */
class TridiagonalLU {
  private readonly u1: Float64Array;
  private readonly u2: Float64Array;
  private readonly u3: Float64Array;
  private readonly mult: Float64Array;
  private readonly swapped: Uint8Array;

  constructor(private readonly n: number) {
    this.u1 = new Float64Array(n);
    this.u2 = new Float64Array(n);
    this.u3 = new Float64Array(n);
    this.mult = new Float64Array(n);
    this.swapped = new Uint8Array(n);
  }

  factor(d: Float64Array, e: Float64Array, lambda: number, tiny: number): void {
    const n = this.n;
    let a = d[0] - lambda;
    let b = n > 1 ? e[0] : 0;
    for (let i = 0; i < n - 1; i++) {
      const sub = e[i];
      const diag = d[i + 1] - lambda;
      const sup = i + 1 < n - 1 ? e[i + 1] : 0;
      if (Math.abs(a) >= Math.abs(sub)) {
        if (a === 0) a = tiny;
        const m = sub / a;
        this.u1[i] = a; this.u2[i] = b; this.u3[i] = 0;
        this.mult[i] = m; this.swapped[i] = 0;
        a = diag - m * b;
        b = sup;
      } else {
        const m = a / sub;
        this.u1[i] = sub; this.u2[i] = diag; this.u3[i] = sup;
        this.mult[i] = m; this.swapped[i] = 1;
        a = b - m * diag;
        b = -m * sup;
      }
    }
    if (Math.abs(a) < tiny) a = a < 0 ? -tiny : tiny;
    this.u1[n - 1] = a;
  }

  solve(x: Float64Array): void {
    const n = this.n;
    for (let i = 0; i < n - 1; i++) {
      if (this.swapped[i]) {
        const t = x[i];
        x[i] = x[i + 1];
        x[i + 1] = t;
      }
      x[i + 1] -= this.mult[i] * x[i];
    }
    let big = 0;
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i];
      if (i + 1 < n) s -= this.u2[i] * x[i + 1];
      if (i + 2 < n) s -= this.u3[i] * x[i + 2];
      x[i] = s / this.u1[i];
      big = Math.max(big, Math.abs(x[i]));
    }
    // Keep the iterate finite when λ is an eigenvalue to working precision.
    if (big > 1e150) for (let i = 0; i < n; i++) x[i] /= big;
  }
}
