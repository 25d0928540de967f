// Multinomial shots for the three settings below a last-level node of the
// setting tree (qubits 0..n−2 measured, qubit n−1 in X, Y or Z), by inversion
// of one uniform per shot. The three share the marginal of qubits 0..n−2 (the
// node's I block), so its cumulative table is built once for all three; the
// outcome o of the other qubits is found there through a guide table, and the
// uniform's position inside o's interval, itself uniform, decides qubit n−1:
// 0 when it falls in the first (I + B)/2 of the interval's I. That is exact
// inversion of the joint distribution, with its outcomes ordered (o, bit).

import type { Rng } from '../sim/rng.js';

const TWO_32 = 4294967296;

/** Guide buckets per outcome: most shots then land on their outcome with no search. */
const GUIDE_PER_OUTCOME = 4;

/**
 * The least usable probability mass of a node, 2^-960: with a finite total at
 * least this, u = r·total/2^32 is computed exactly enough to stay below the
 * total, so the searches stop inside the table. Less (or infinite) counts as
 * no mass.
 */
const MIN_MASS = 2 ** -960;

export class LastQubitSampler {
  /** cdf[o]: weight of outcomes before o (cdf[half] = total). */
  private readonly cdf: Float64Array;
  private readonly guide: Int32Array;
  private readonly guideShift: number;
  private readonly random = new Uint32Array(4096);
  private table: Float64Array | undefined;
  private total = 0;

  /** `half`: outcomes of qubits 0..n−2, a power of two. */
  constructor(readonly half: number) {
    this.cdf = new Float64Array(half + 1);
    this.guide = new Int32Array(GUIDE_PER_OUTCOME * half);
    this.guideShift = 32 - Math.log2(this.guide.length);
  }

  /**
   * Takes a node's table (blocks I, X, Y, Z of `half` entries, any common
   * scale; negative rounding noise counts as 0). False if it has no (usable) mass.
   */
  prepare(table: Float64Array): boolean {
    const { cdf, guide, half } = this;
    let sum = 0;
    for (let o = 0; o < half; o++) {
      const p = table[o];
      if (p > 0) sum += p;
      cdf[o + 1] = sum;
    }
    this.table = table;
    this.total = sum;
    if (!(sum >= MIN_MASS && sum < Infinity)) return false;
    // guide[g]: the outcome whose interval holds g/G of the total (G = guide.length).
    const step = sum / guide.length;
    for (let g = 0, o = 0; g < guide.length; g++) {
      const t = g * step;
      while (cdf[o + 1] <= t) o++;
      guide[g] = o;
    }
    return true;
  }

  /**
   * Draws `shots` outcomes for basis b (0 X, 1 Y, 2 Z) of qubit n−1 into
   * `out`: o + half·bit, the setting's outcome index.
   */
  draw(basis: number, shots: number, rng: Rng, out: Int32Array): void {
    const { cdf, guide, guideShift, half, random } = this;
    const table = this.table!;
    const ob = (basis + 1) * half;
    // u = r·total/2^32 never reaches the total, and is at least the start of
    // its guide bucket (same rounding of a smaller integer), so the search
    // below only moves forward and stops inside the table.
    const scale = this.total / TWO_32;
    for (let done = 0; done < shots; done += random.length) {
      const batch = Math.min(random.length, shots - done);
      rng.fillUint32(random.length === batch ? random : random.subarray(0, batch));
      for (let s = 0; s < batch; s++) {
        const r = random[s];
        const u = r * scale;
        let o = guide[r >>> guideShift];
        // Written as arithmetic, not branches: the outcomes are random, branches mispredict.
        o += (cdf[o + 1] <= u) as unknown as number;
        while (cdf[o + 1] <= u) o++;
        const one = (u - cdf[o] >= (table[o] + table[ob + o]) / 2) as unknown as number;
        out[done + s] = o + (half & -one);
      }
    }
  }
}
