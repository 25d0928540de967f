// Reduction of a complex Hermitian matrix to real symmetric tridiagonal form
// T = Qᴴ A Q by Householder reflectors H_k = I − τ_k v_k v_kᴴ (LAPACK's
// zhetd2, lower variant), with Q = H_0 H_1 … H_{n−2}.
//
// Each step needs the rank-2 update of the trailing block by the previous
// reflector and the product of the updated block with the new reflector. They
// are fused into a single sweep over the lower triangle, which halves the
// memory traffic; the work is (16/3)·n³ flops and is the dominant cost of any
// eigen-decomposition here (about 2 s for n = 1024 in plain JavaScript).

export interface Tridiagonal {
  n: number;
  /** Diagonal of T. */
  d: Float64Array;
  /** Sub-diagonal of T (real, length n; e[n−1] = 0). */
  e: Float64Array;
  /** Reflector k occupies rows k+1..n−1 of column k (split re/im, row-major n×n); v_k[k+1] = 1. */
  vRe: Float64Array;
  vIm: Float64Array;
  tauRe: Float64Array;
  tauIm: Float64Array;
}

/** `a` is interleaved (re, im) row-major n×n; only its lower triangle is read. */
export function householderTridiagonal(a: Float64Array, n: number): Tridiagonal {
  const ar = new Float64Array(n * n);
  const ai = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      ar[i * n + j] = a[2 * (i * n + j)];
      ai[i * n + j] = a[2 * (i * n + j) + 1];
    }
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const tauRe = new Float64Array(n);
  const tauIm = new Float64Array(n);
  const vr = new Float64Array(n);
  const vi = new Float64Array(n);
  const yr = new Float64Array(n);
  const yi = new Float64Array(n);
  // Previous reflector and its companion vector w (A ← A − v wᴴ − w vᴴ), pending.
  const pvr = new Float64Array(n);
  const pvi = new Float64Array(n);
  const pwr = new Float64Array(n);
  const pwi = new Float64Array(n);

  for (let k = 0; k < n - 1; k++) {
    // Bring column k up to date with the pending rank-2 update.
    const wkr = pwr[k], wki = pwi[k], qkr = pvr[k], qki = pvi[k];
    for (let i = k; i < n; i++) {
      const o = i * n + k;
      ar[o] -= pvr[i] * wkr + pvi[i] * wki + pwr[i] * qkr + pwi[i] * qki;
      ai[o] -= pvi[i] * wkr - pvr[i] * wki + pwi[i] * qkr - pwr[i] * qki;
    }
    d[k] = ar[k * n + k];

    // Reflector that maps x = A[k+1.., k] onto β e_1 with β real (zlarfg).
    let xnorm2 = 0;
    for (let i = k + 2; i < n; i++) {
      const o = i * n + k;
      xnorm2 += ar[o] * ar[o] + ai[o] * ai[o];
    }
    const o1 = (k + 1) * n + k;
    const alr = ar[o1], ali = ai[o1];
    vr.fill(0);
    vi.fill(0);
    let tr = 0, ti = 0, beta = alr;
    if (xnorm2 !== 0 || ali !== 0) {
      const norm = Math.sqrt(alr * alr + ali * ali + xnorm2);
      beta = alr >= 0 ? -norm : norm;
      tr = (beta - alr) / beta;
      ti = -ali / beta;
      const dr = alr - beta, di = ali, dd = dr * dr + di * di;
      const sr = dr / dd, si = -di / dd;
      vr[k + 1] = 1;
      for (let i = k + 2; i < n; i++) {
        const o = i * n + k;
        const xr = ar[o], xi = ai[o];
        vr[i] = xr * sr - xi * si;
        vi[i] = xr * si + xi * sr;
      }
    } else {
      vr[k + 1] = 1; // column already reduced: τ = 0, H = I
    }
    e[k] = beta;
    tauRe[k] = tr;
    tauIm[k] = ti;
    for (let i = k + 1; i < n; i++) {
      ar[i * n + k] = vr[i];
      ai[i * n + k] = vi[i];
    }

    fusedUpdateAndProduct(ar, ai, n, k + 1, pvr, pvi, pwr, pwi, vr, vi, yr, yi);

    // w = p − ½ τ (pᴴ v) v with p = τ y: the companion of v in the next update.
    let pvR = 0, pvI = 0;
    for (let i = k + 1; i < n; i++) {
      const pr = tr * yr[i] - ti * yi[i];
      const pi = tr * yi[i] + ti * yr[i];
      pwr[i] = pr;
      pwi[i] = pi;
      pvR += pr * vr[i] + pi * vi[i];
      pvI += pr * vi[i] - pi * vr[i];
    }
    const hr = 0.5 * (tr * pvR - ti * pvI);
    const hi = 0.5 * (tr * pvI + ti * pvR);
    for (let i = 0; i <= k; i++) {
      pwr[i] = 0;
      pwi[i] = 0;
    }
    for (let i = k + 1; i < n; i++) {
      const a = vr[i], b = vi[i];
      pwr[i] -= hr * a - hi * b;
      pwi[i] -= hr * b + hi * a;
    }
    pvr.set(vr);
    pvi.set(vi);
  }
  if (n > 0) {
    const k = n - 1;
    d[k] = ar[k * n + k] - 2 * (pvr[k] * pwr[k] + pvi[k] * pwi[k]);
  }
  return { n, d, e, vRe: ar, vIm: ai, tauRe, tauIm };
}

/**
 * On the trailing block m0.., apply A ← A − p wᴴ − w pᴴ (p, w: pending
 * reflector) and accumulate y = A v, reading each element once. Rows are
 * taken two at a time so the vectors are loaded once per pair.
 */
function fusedUpdateAndProduct(
  ar: Float64Array, ai: Float64Array, n: number, m0: number,
  pr_: Float64Array, pi_: Float64Array, wr_: Float64Array, wi_: Float64Array,
  vr: Float64Array, vi: Float64Array, yr: Float64Array, yi: Float64Array,
): void {
  yr.fill(0);
  yi.fill(0);
  let i = m0;
  for (; i + 1 < n; i += 2) {
    const r0 = i * n, r1 = (i + 1) * n;
    const v0r = vr[i], v0i = vi[i], v1r = vr[i + 1], v1i = vi[i + 1];
    const a0r = pr_[i], a0i = pi_[i], b0r = wr_[i], b0i = wi_[i];
    const a1r = pr_[i + 1], a1i = pi_[i + 1], b1r = wr_[i + 1], b1i = wi_[i + 1];
    let y0r = 0, y0i = 0, y1r = 0, y1i = 0;
    for (let j = m0; j < i; j++) {
      const wjr = wr_[j], wji = wi_[j], qjr = pr_[j], qji = pi_[j];
      const vjr = vr[j], vji = vi[j];
      const o0 = r0 + j, o1 = r1 + j;
      const c0r = ar[o0] - (a0r * wjr + a0i * wji + b0r * qjr + b0i * qji);
      const c0i = ai[o0] - (a0i * wjr - a0r * wji + b0i * qjr - b0r * qji);
      const c1r = ar[o1] - (a1r * wjr + a1i * wji + b1r * qjr + b1i * qji);
      const c1i = ai[o1] - (a1i * wjr - a1r * wji + b1i * qjr - b1r * qji);
      ar[o0] = c0r; ai[o0] = c0i; ar[o1] = c1r; ai[o1] = c1i;
      y0r += c0r * vjr - c0i * vji;
      y0i += c0r * vji + c0i * vjr;
      y1r += c1r * vjr - c1i * vji;
      y1i += c1r * vji + c1i * vjr;
      yr[j] += c0r * v0r + c0i * v0i + c1r * v1r + c1i * v1i;
      yi[j] += c0r * v0i - c0i * v0r + c1r * v1i - c1i * v1r;
    }
    // The 2×2 corner: (i+1, i) and the two diagonal entries.
    const o = r1 + i;
    const wjr = wr_[i], wji = wi_[i], qjr = pr_[i], qji = pi_[i];
    const cr = ar[o] - (a1r * wjr + a1i * wji + b1r * qjr + b1i * qji);
    const ci = ai[o] - (a1i * wjr - a1r * wji + b1i * qjr - b1r * qji);
    ar[o] = cr;
    ai[o] = ci;
    y1r += cr * v0r - ci * v0i;
    y1i += cr * v0i + ci * v0r;
    y0r += cr * v1r + ci * v1i;
    y0i += cr * v1i - ci * v1r;
    const d0 = ar[r0 + i] - 2 * (a0r * b0r + a0i * b0i);
    const d1 = ar[r1 + i + 1] - 2 * (a1r * b1r + a1i * b1i);
    ar[r0 + i] = d0; ai[r0 + i] = 0;
    ar[r1 + i + 1] = d1; ai[r1 + i + 1] = 0;
    yr[i] += y0r + d0 * v0r;
    yi[i] += y0i + d0 * v0i;
    yr[i + 1] += y1r + d1 * v1r;
    yi[i + 1] += y1i + d1 * v1i;
  }
  if (i < n) {
    const r0 = i * n;
    const v0r = vr[i], v0i = vi[i];
    const a0r = pr_[i], a0i = pi_[i], b0r = wr_[i], b0i = wi_[i];
    let y0r = 0, y0i = 0;
    for (let j = m0; j < i; j++) {
      const wjr = wr_[j], wji = wi_[j], qjr = pr_[j], qji = pi_[j];
      const o0 = r0 + j;
      const c0r = ar[o0] - (a0r * wjr + a0i * wji + b0r * qjr + b0i * qji);
      const c0i = ai[o0] - (a0i * wjr - a0r * wji + b0i * qjr - b0r * qji);
      ar[o0] = c0r; ai[o0] = c0i;
      y0r += c0r * vr[j] - c0i * vi[j];
      y0i += c0r * vi[j] + c0i * vr[j];
      yr[j] += c0r * v0r + c0i * v0i;
      yi[j] += c0r * v0i - c0i * v0r;
    }
    const d0 = ar[r0 + i] - 2 * (a0r * b0r + a0i * b0i);
    ar[r0 + i] = d0; ai[r0 + i] = 0;
    yr[i] += y0r + d0 * v0r;
    yi[i] += y0i + d0 * v0i;
  }
}

/**
 * z ← Q z for a real tridiagonal eigenvector y given as z (interleaved
 * complex, length 2n, initially y): applies H_{n−2} … H_0 in turn.
 */
export function applyQ(t: Tridiagonal, z: Float64Array): void {
  const { n, vRe, vIm, tauRe, tauIm } = t;
  for (let k = n - 2; k >= 0; k--) {
    const tr = tauRe[k], ti = tauIm[k];
    if (tr === 0 && ti === 0) continue;
    // s = v_kᴴ z
    let sr = 0, si = 0;
    for (let i = k + 1; i < n; i++) {
      const a = vRe[i * n + k], b = vIm[i * n + k];
      const zr = z[2 * i], zi = z[2 * i + 1];
      sr += a * zr + b * zi;
      si += a * zi - b * zr;
    }
    const cr = tr * sr - ti * si, ci = tr * si + ti * sr;
    for (let i = k + 1; i < n; i++) {
      const a = vRe[i * n + k], b = vIm[i * n + k];
      z[2 * i] -= a * cr - b * ci;
      z[2 * i + 1] -= a * ci + b * cr;
    }
  }
}
