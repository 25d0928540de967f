// Small dense complex matrices: interleaved (re, im), row-major, d×d. Used
// for gate matrices and superoperators, never for states.

export type ComplexMatrix = Float64Array;

export function identityMatrix(d: number): ComplexMatrix {
  const m = new Float64Array(2 * d * d);
  for (let i = 0; i < d; i++) m[2 * (i * d + i)] = 1;
  return m;
}

export function dimensionOf(m: ComplexMatrix): number {
  return Math.round(Math.sqrt(m.length / 2));
}

export function matmul(a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix {
  const d = dimensionOf(a);
  const c = new Float64Array(2 * d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const ar = a[2 * (i * d + k)], ai = a[2 * (i * d + k) + 1];
      if (ar === 0 && ai === 0) continue;
      for (let j = 0; j < d; j++) {
        const br = b[2 * (k * d + j)], bi = b[2 * (k * d + j) + 1];
        c[2 * (i * d + j)] += ar * br - ai * bi;
        c[2 * (i * d + j) + 1] += ar * bi + ai * br;
      }
    }
  }
  return c;
}

export function adjoint(a: ComplexMatrix): ComplexMatrix {
  const d = dimensionOf(a);
  const c = new Float64Array(2 * d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      c[2 * (j * d + i)] = a[2 * (i * d + j)];
      c[2 * (j * d + i) + 1] = -a[2 * (i * d + j) + 1];
    }
  }
  return c;
}

export function conjugate(a: ComplexMatrix): ComplexMatrix {
  const c = Float64Array.from(a);
  for (let i = 1; i < c.length; i += 2) c[i] = -c[i];
  return c;
}

export function scaleMatrix(a: ComplexMatrix, re: number, im: number): ComplexMatrix {
  const c = new Float64Array(a.length);
  for (let i = 0; i < a.length; i += 2) {
    c[i] = a[i] * re - a[i + 1] * im;
    c[i + 1] = a[i] * im + a[i + 1] * re;
  }
  return c;
}

/** kron(a, b): a acts on the more significant index bits. */
export function kron(a: ComplexMatrix, b: ComplexMatrix): ComplexMatrix {
  const da = dimensionOf(a), db = dimensionOf(b), d = da * db;
  const c = new Float64Array(2 * d * d);
  for (let i = 0; i < da; i++) for (let j = 0; j < da; j++) {
    const ar = a[2 * (i * da + j)], ai = a[2 * (i * da + j) + 1];
    for (let k = 0; k < db; k++) for (let l = 0; l < db; l++) {
      const br = b[2 * (k * db + l)], bi = b[2 * (k * db + l) + 1];
      const o = 2 * ((i * db + k) * d + j * db + l);
      c[o] = ar * br - ai * bi;
      c[o + 1] = ar * bi + ai * br;
    }
  }
  return c;
}

export function isDiagonal(a: ComplexMatrix): boolean {
  const d = dimensionOf(a);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      if (i !== j && (a[2 * (i * d + j)] !== 0 || a[2 * (i * d + j) + 1] !== 0)) return false;
    }
  }
  return true;
}

export function diagonalOf(a: ComplexMatrix): Float64Array {
  const d = dimensionOf(a);
  const out = new Float64Array(2 * d);
  for (let i = 0; i < d; i++) {
    out[2 * i] = a[2 * (i * d + i)];
    out[2 * i + 1] = a[2 * (i * d + i) + 1];
  }
  return out;
}

/** Largest entry-wise modulus of a − b. */
export function maxDifference(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i += 2) m = Math.max(m, Math.hypot(a[i] - b[i], a[i + 1] - b[i + 1]));
  return m;
}
