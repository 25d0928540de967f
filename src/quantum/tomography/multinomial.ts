// Multinomial draws from a discrete distribution with Vose's alias method:
// O(k) to build, O(1) and one random number per shot. Buffers are reused
// across calls so that simulating 3^n settings allocates nothing per setting.

import type { Rng } from '../sim/rng.js';

export class AliasSampler {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  private readonly small: Int32Array;
  private readonly large: Int32Array;
  private readonly random = new Uint32Array(4096);

  constructor(readonly size: number) {
    this.prob = new Float64Array(size);
    this.alias = new Int32Array(size);
    this.small = new Int32Array(size);
    this.large = new Int32Array(size);
  }

  /** Adds `shots` draws from `p` (non-negative, any total) into `counts`. */
  draw(p: Float64Array, shots: number, rng: Rng, counts: Float64Array): void {
    const k = this.size;
    let total = 0;
    for (let i = 0; i < k; i++) total += p[i] > 0 ? p[i] : 0;
    if (total <= 0 || shots === 0) return;
    const { prob, alias, small, large } = this;
    let ns = 0, nl = 0;
    for (let i = 0; i < k; i++) {
      prob[i] = ((p[i] > 0 ? p[i] : 0) * k) / total;
      alias[i] = i;
      if (prob[i] < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns], l = large[nl - 1];
      alias[s] = l;
      prob[l] = prob[l] + prob[s] - 1;
      if (prob[l] < 1) {
        nl--;
        small[ns++] = l;
      }
    }
    while (nl > 0) prob[large[--nl]] = 1;
    while (ns > 0) prob[small[--ns]] = 1;
    // One 32-bit draw per shot: its high bits pick the column, the rest the coin.
    const random = this.random, scale = k / 4294967296;
    for (let done = 0; done < shots; done += random.length) {
      const batch = Math.min(random.length, shots - done);
      rng.fillUint32(random.length === batch ? random : random.subarray(0, batch));
      for (let s = 0; s < batch; s++) {
        const u = random[s] * scale;
        const i = Math.floor(u);
        counts[u - i < prob[i] ? i : alias[i]] += 1;
      }
    }
  }
}
