// In-place kernels on an interleaved (re, im) amplitude array of n qubits,
// qubit q being bit q of the basis index. A gate acts on `targets` (operand
// 0 is the least significant bit of the gate's local index) and fires only on
// indices whose `controlMask` bits equal `controlValue`.
//
// The indices a kernel visits are those with every target and control bit
// clear, enumerated in order by i ← ((i | F) + 1) & ~F (F = the fixed bits):
// controlled gates touch only the amplitudes they change, and nothing is
// allocated per amplitude.

export interface ControlSpec {
  mask: number;
  value: number;
}

export const NO_CONTROLS: ControlSpec = { mask: 0, value: 0 };

/** Mask of the bits fixed by targets and controls. */
function fixedMask(targets: readonly number[], control: ControlSpec): number {
  let f = control.mask;
  for (const t of targets) f |= 1 << t;
  return f;
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) c++;
  return c;
}

/** Basis offsets of each local index of the targets. */
function localOffsets(targets: readonly number[]): Int32Array {
  const d = 1 << targets.length;
  const offs = new Int32Array(d);
  for (let l = 0; l < d; l++) {
    let o = 0;
    for (let b = 0; b < targets.length; b++) if ((l >>> b) & 1) o |= 1 << targets[b];
    offs[l] = o;
  }
  return offs;
}

/** 2×2 matrix m (interleaved, row-major) on qubit t. */
export function apply1(amps: Float64Array, n: number, t: number, m: Float64Array, control: ControlSpec = NO_CONTROLS): void {
  const m00r = m[0], m00i = m[1], m01r = m[2], m01i = m[3];
  const m10r = m[4], m10i = m[5], m11r = m[6], m11i = m[7];
  const stride = 1 << t;
  const f = fixedMask([t], control);
  const count = 1 << (n - popcount(f));
  const cv = control.value;
  for (let k = 0, i = 0; k < count; k++, i = ((i | f) + 1) & ~f) {
    const i0 = i | cv;
    const a = 2 * i0, b = 2 * (i0 | stride);
    const ar = amps[a], ai = amps[a + 1], br = amps[b], bi = amps[b + 1];
    amps[a] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
    amps[a + 1] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
    amps[b] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
    amps[b + 1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
  }
}

/** 4×4 matrix m on (q0, q1), q0 being the low bit of the local index. */
export function apply2(amps: Float64Array, n: number, q0: number, q1: number, m: Float64Array, control: ControlSpec = NO_CONTROLS): void {
  const f = fixedMask([q0, q1], control);
  const count = 1 << (n - popcount(f));
  const cv = control.value;
  const s0 = 1 << q0, s1 = 1 << q1;
  const [a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7] = m.subarray(0, 16);
  const [c0, c1, c2, c3, c4, c5, c6, c7, d0, d1, d2, d3, d4, d5, d6, d7] = m.subarray(16, 32);
  for (let k = 0, i = 0; k < count; k++, i = ((i | f) + 1) & ~f) {
    const base = i | cv;
    const i0 = 2 * base, i1 = 2 * (base | s0), i2 = 2 * (base | s1), i3 = 2 * (base | s0 | s1);
    const x0r = amps[i0], x0i = amps[i0 + 1], x1r = amps[i1], x1i = amps[i1 + 1];
    const x2r = amps[i2], x2i = amps[i2 + 1], x3r = amps[i3], x3i = amps[i3 + 1];
    amps[i0] = a0 * x0r - a1 * x0i + a2 * x1r - a3 * x1i + a4 * x2r - a5 * x2i + a6 * x3r - a7 * x3i;
    amps[i0 + 1] = a0 * x0i + a1 * x0r + a2 * x1i + a3 * x1r + a4 * x2i + a5 * x2r + a6 * x3i + a7 * x3r;
    amps[i1] = b0 * x0r - b1 * x0i + b2 * x1r - b3 * x1i + b4 * x2r - b5 * x2i + b6 * x3r - b7 * x3i;
    amps[i1 + 1] = b0 * x0i + b1 * x0r + b2 * x1i + b3 * x1r + b4 * x2i + b5 * x2r + b6 * x3i + b7 * x3r;
    amps[i2] = c0 * x0r - c1 * x0i + c2 * x1r - c3 * x1i + c4 * x2r - c5 * x2i + c6 * x3r - c7 * x3i;
    amps[i2 + 1] = c0 * x0i + c1 * x0r + c2 * x1i + c3 * x1r + c4 * x2i + c5 * x2r + c6 * x3i + c7 * x3r;
    amps[i3] = d0 * x0r - d1 * x0i + d2 * x1r - d3 * x1i + d4 * x2r - d5 * x2i + d6 * x3r - d7 * x3i;
    amps[i3 + 1] = d0 * x0i + d1 * x0r + d2 * x1i + d3 * x1r + d4 * x2i + d5 * x2r + d6 * x3i + d7 * x3r;
  }
}

/** 2^k×2^k matrix m on any number of targets (gathers each group into a scratch buffer). */
export function applyK(amps: Float64Array, n: number, targets: readonly number[], m: Float64Array, control: ControlSpec = NO_CONTROLS): void {
  if (targets.length === 1) return apply1(amps, n, targets[0], m, control);
  if (targets.length === 2) return apply2(amps, n, targets[0], targets[1], m, control);
  const f = fixedMask(targets, control);
  const offs = localOffsets(targets);
  const d = offs.length;
  const count = 1 << (n - popcount(f));
  const scratch = new Float64Array(2 * d);
  for (let k = 0, i = 0; k < count; k++, i = ((i | f) + 1) & ~f) {
    const base = i | control.value;
    for (let l = 0; l < d; l++) {
      scratch[2 * l] = amps[2 * (base | offs[l])];
      scratch[2 * l + 1] = amps[2 * (base | offs[l]) + 1];
    }
    for (let r = 0; r < d; r++) {
      let yr = 0, yi = 0;
      const row = 2 * r * d;
      for (let c = 0; c < d; c++) {
        const mr = m[row + 2 * c], mi = m[row + 2 * c + 1];
        yr += mr * scratch[2 * c] - mi * scratch[2 * c + 1];
        yi += mr * scratch[2 * c + 1] + mi * scratch[2 * c];
      }
      amps[2 * (base | offs[r])] = yr;
      amps[2 * (base | offs[r]) + 1] = yi;
    }
  }
}

/** Diagonal gate: entries equal to 1 are skipped, so a controlled phase touches a quarter of the state. */
export function applyDiagonal(amps: Float64Array, n: number, targets: readonly number[], diag: Float64Array, control: ControlSpec = NO_CONTROLS): void {
  const f = fixedMask(targets, control);
  const offs = localOffsets(targets);
  const count = 1 << (n - popcount(f));
  for (let l = 0; l < offs.length; l++) {
    const dr = diag[2 * l], di = diag[2 * l + 1];
    if (dr === 1 && di === 0) continue;
    const add = offs[l] | control.value;
    for (let k = 0, i = 0; k < count; k++, i = ((i | f) + 1) & ~f) {
      const o = 2 * (i | add);
      const ar = amps[o], ai = amps[o + 1];
      amps[o] = dr * ar - di * ai;
      amps[o + 1] = dr * ai + di * ar;
    }
  }
}

/** Multiply every amplitude by e^{iθ}. */
export function applyGlobalPhase(amps: Float64Array, theta: number): void {
  const c = Math.cos(theta), s = Math.sin(theta);
  for (let o = 0; o < amps.length; o += 2) {
    const ar = amps[o], ai = amps[o + 1];
    amps[o] = c * ar - s * ai;
    amps[o + 1] = c * ai + s * ar;
  }
}

/** Probability that qubit q reads 1 (the state need not be normalised: divided by the norm). */
export function probabilityOfOne(amps: Float64Array, q: number): number {
  let one = 0, all = 0;
  const bit = 1 << q;
  for (let i = 0, o = 0; o < amps.length; i++, o += 2) {
    const p = amps[o] * amps[o] + amps[o + 1] * amps[o + 1];
    all += p;
    if (i & bit) one += p;
  }
  return all > 0 ? one / all : 0;
}

/** Project qubit q onto |outcome> and renormalise, given that outcome's probability. */
export function collapse(amps: Float64Array, q: number, outcome: 0 | 1, probability: number): void {
  const bit = 1 << q;
  const keep = outcome === 1 ? bit : 0;
  const scale = 1 / Math.sqrt(probability);
  for (let i = 0, o = 0; o < amps.length; i++, o += 2) {
    if ((i & bit) === keep) {
      amps[o] *= scale;
      amps[o + 1] *= scale;
    } else {
      amps[o] = 0;
      amps[o + 1] = 0;
    }
  }
}

/** Swap the |0> and |1> halves of qubit q (an X gate without the matrix arithmetic). */
export function flipQubit(amps: Float64Array, q: number): void {
  const bit = 1 << q;
  for (let i = 0; i < amps.length / 2; i++) {
    if (i & bit) continue;
    const a = 2 * i, b = 2 * (i | bit);
    const r = amps[a], im = amps[a + 1];
    amps[a] = amps[b];
    amps[a + 1] = amps[b + 1];
    amps[b] = r;
    amps[b + 1] = im;
  }
}
