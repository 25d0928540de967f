// The measurement step of simulated full Pauli tomography, pluggable: from the
// state's Pauli table, draw `shots` multinomial outcomes at each of the 3^n
// settings and fold them back into per-Pauli parity sums. This file holds the
// contract and the TypeScript reference; a native kernel (src/native-linalg.ts)
// can stand in for it and must give identical results for the same input.
//
// Identical, not just close: every quantity is either an integer (the counts
// and the folded parity sums, exact in any summation order) or summed inside
// one setting in a fixed order (the F_lin moments, settingMoments), and each
// node of the setting tree draws from its own stream (shot-streams.ts), so
// neither the order of the walk nor the number of threads matters.

import type { SettingCounts } from './counts-format.js';
import { LastQubitSampler } from './last-qubit-sampler.js';
import { ALL_BASES, foldOutcomes, walkSettings } from './setting-tree.js';
import { shotStream } from './shot-streams.js';

export interface SettingsKernelInput {
  numQubits: number;
  /** Shots per setting. */
  shots: number;
  /** 32-bit base of the per-node shot streams. */
  streamBase: number;
  /** 4^n Pauli expectations of the measured state (readout error already applied); read only. */
  table: Float64Array;
  /** 4^n F_lin weights (setting-tree.ts's layout), when moments are wanted; read only. */
  weights?: Float64Array;
  keepCounts: boolean;
}

export interface SettingsKernelOutput {
  /** Per Pauli string: its parity summed over every shot of every setting (all of them compatible ones). */
  sums: Float64Array;
  /**
   * With weights, 2·3^n: per setting s, Σ_o c_o·x_o at 2s and Σ_o c_o·x_o² at
   * 2s+1 over its outcome counts c_o, x_o = the outcome's F_lin weight, summed
   * in settingMoments' order.
   */
  moments?: Float64Array;
  /** With keepCounts, per setting (undefined: nothing measured). */
  counts?: (SettingCounts | undefined)[];
}

export type SettingsKernel = (input: SettingsKernelInput) => SettingsKernelOutput;

/** The reference: setting-tree walk, one LastQubitSampler per node, counts per setting. */
export const typescriptSettingsKernel: SettingsKernel = ({ numQubits: n, shots, streamBase, table, weights, keepCounts }) => {
  const half = 2 ** (n - 1), perBasis = 3 ** (n - 1);
  const sampler = new LastQubitSampler(half);
  const outcomes = new Int32Array(Math.min(shots, 1 << 16));
  const hist = new Float64Array(2 * half);
  const moments = weights ? new Float64Array(2 * 3 ** n) : undefined;
  const counts: (SettingCounts | undefined)[] | undefined = keepCounts ? new Array(3 ** n).fill(undefined) : undefined;
  const fold = walkSettings(n, weights ? [table, weights] : [table], (node, tables, up) => {
    if (!sampler.prepare(tables[0])) return ALL_BASES; // no probability mass: measured, nothing seen
    const rng = shotStream(streamBase, node);
    for (let b = 0; b < 3; b++) {
      const setting = node + b * perBasis;
      hist.fill(0);
      for (let done = 0; done < shots; done += outcomes.length) {
        const batch = Math.min(outcomes.length, shots - done);
        sampler.draw(b, batch, rng, outcomes);
        for (let s = 0; s < batch; s++) hist[outcomes[s]]++;
      }
      foldOutcomes(hist, up, b);
      if (moments) settingMoments(hist, tables[1], b, moments, 2 * setting);
      if (counts) counts[setting] = sparse(hist);
    }
    return ALL_BASES;
  }, true);
  return { sums: fold.sums, moments, counts };
};

/**
 * Σ c·x and Σ c·x² over a setting's outcome counts, x = (W_I ± W_B)/2 of the
 * last-level weight table, scaled back from its 2^{n−1}. Each sum runs in
 * eight lanes, outcome o in lane 4·[o ≥ 2^{n−1}] + (o mod 4), added as
 * ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)): short dependency chains
 * for the native kernel, which sums in the same order.
 */
function settingMoments(hist: Float64Array, w: Float64Array, basis: number, out: Float64Array, at: number): void {
  const half = hist.length / 2, ob = (basis + 1) * half, scale = 1 / (2 * half);
  const m1 = [0, 0, 0, 0, 0, 0, 0, 0], m2 = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let o = 0; o < 2 * half; o++) {
    const c = hist[o];
    if (c === 0) continue; // it would add ±0
    const rest = o & (half - 1), lane = (o < half ? 0 : 4) + (o & 3);
    const x = (o < half ? w[rest] + w[ob + rest] : w[rest] - w[ob + rest]) * scale;
    m1[lane] += c * x;
    m2[lane] += c * x * x;
  }
  out[at] = m1[0] + m1[1] + (m1[2] + m1[3]) + (m1[4] + m1[5] + (m1[6] + m1[7]));
  out[at + 1] = m2[0] + m2[1] + (m2[2] + m2[3]) + (m2[4] + m2[5] + (m2[6] + m2[7]));
}

function sparse(hits: Float64Array): SettingCounts {
  let k = 0;
  for (let i = 0; i < hits.length; i++) if (hits[i] > 0) k++;
  const outcomes = new Int32Array(k), counts = new Float64Array(k);
  for (let i = 0, j = 0; i < hits.length; i++) {
    if (hits[i] > 0) {
      outcomes[j] = i;
      counts[j++] = hits[i];
    }
  }
  return { outcomes, counts };
}
