// Walks the 3^n Pauli measurement settings depth-first, one qubit per level
// (qubit 0 first), sharing work between settings with a common prefix.
//
// Going down, a table of Pauli expectations (base-4 digits) is turned, digit by
// digit, into outcome probabilities: choosing basis B for qubit q maps the
// digit pair (I, B) to the outcome pair (0, 1) by p_o ∝ ⟨I⟩ + (−1)^o ⟨B⟩ (the
// tables are kept unnormalised: level j holds 2^j times the probabilities).
//
// The walk stops one level above the leaves, where only qubit n−1 is left
// undecided: that node's table holds blocks (I, X, Y, Z) of the last qubit
// over the outcomes of the others, so the three settings below it share their
// I block, and the visitor measures all three at once without the leaf
// distributions ever being written out (they are I ± B).
//
// Going up, outcome frequencies are folded back the other way: ⟨B⟩ ← f_0 − f_1
// from the one child measuring B, ⟨I⟩ ← Σ over the three children of f_0 + f_1.
// At the root every Pauli string holds the sum of its parity estimates over all
// settings compatible with it, in O(6^n) total.
//
// Level j's table is indexed rest·2^j + o: o holds the outcome bits of qubits
// 0..j−1, rest the base-4 digits of qubits j..n−1. The deepest levels, where
// most of the work is, then have the longest contiguous inner loops.
//
// Setting index: Σ_k b_k·3^k with b_k ∈ {0: X, 1: Y, 2: Z}.

export const BASIS_LETTERS = ['X', 'Y', 'Z'] as const;

/**
 * Called at each node of the last level (qubit n−1 undecided) with `setting`,
 * the index of the node's X setting (add b·3^{n−1} for basis b), and every
 * source's table there: blocks I, X, Y, Z of 2^{n−1} entries, so that basis b
 * gives outcome o + 2^{n−1}·bit the weight T[o] ± T[(b+1)·2^{n−1} + o].
 * `up` (same layout, zeroed) takes the measured outcome weights f: add
 * f(o) + f(o + 2^{n−1}) into the I block, put f(o) − f(o + 2^{n−1}) into
 * basis b's block (foldOutcomes does both). Returns the measured bases as
 * bits (1 << b); 0 marks none measured.
 */
export type LastLevelVisitor = (setting: number, tables: Float64Array[], up: Float64Array) => number;

export const ALL_BASES = 0b111;

export interface FoldResult {
  /** Per Pauli string, the sum of its parity estimates over measured compatible settings. */
  sums: Float64Array;
  /** Per Pauli string, how many measured settings are compatible with it (3^{#I} if all were). */
  settings: Float64Array;
}

/**
 * `everySetting`: the visitor measures all 3^n settings, so the per-Pauli
 * setting counts are 3^{#I} and need not be folded. The sources are read only.
 */
export function walkSettings(n: number, sources: Float64Array[], visit: LastLevelVisitor, everySetting = false): FoldResult {
  const last = n - 1, half = 2 ** last;
  const size = (j: number): number => 2 ** j * 4 ** (n - j);
  const down = sources.map((src) => {
    const levels = [src];
    for (let j = 1; j <= last; j++) levels.push(new Float64Array(size(j)));
    return levels;
  });
  const lastTables = down.map((levels) => levels[last]);
  const up: Float64Array[] = [];
  const upCount: Float64Array[] = [];
  for (let j = 0; j <= last; j++) {
    up.push(new Float64Array(size(j)));
    upCount.push(new Float64Array(everySetting ? 0 : size(j)));
  }

  const recurse = (j: number, setting: number): boolean => {
    if (j === last) {
      up[last].fill(0);
      const measured = visit(setting, lastTables, up[last]);
      if (!everySetting) countMeasured(upCount[last], measured, half);
      return measured !== 0;
    }
    const B = 2 ** j, rests = 4 ** (n - j - 1);
    const acc = up[j], accCount = upCount[j];
    acc.fill(0);
    accCount.fill(0);
    let any = false;
    for (let b = 0; b < 3; b++) {
      const digit = b + 1;
      for (const levels of down) split(levels[j], levels[j + 1], rests, B, digit);
      if (!recurse(j + 1, setting + b * 3 ** j)) continue;
      any = true;
      fold(up[j + 1], acc, rests, B, digit);
      if (!everySetting) fold(upCount[j + 1], accCount, rests, B, digit);
    }
    return any;
  };
  recurse(0, 0);
  return { sums: up[0], settings: everySetting ? identityPowers(n) : upCount[0] };
}

/** Folds one setting's outcome weights f (2^n, basis b of qubit n−1) into a last-level up table. */
export function foldOutcomes(f: Float64Array, up: Float64Array, basis: number): void {
  fold(f, up, 1, f.length / 2, basis + 1);
}

/** The settings count as outcome weights: 1 at outcome 0 of each measured setting. */
function countMeasured(count: Float64Array, measured: number, half: number): void {
  count[0] = count[half] = count[2 * half] = count[3 * half] = 0;
  for (let b = 0; b < 3; b++) {
    if (!(measured & (1 << b))) continue;
    count[0] += 1;
    count[(b + 1) * half] = 1;
  }
}

function split(parent: Float64Array, child: Float64Array, rests: number, B: number, digit: number): void {
  for (let r = 0; r < rests; r++) {
    const p0 = r * 4 * B, pb = p0 + digit * B, c0 = r * 2 * B, c1 = c0 + B;
    for (let o = 0; o < B; o++) {
      const id = parent[p0 + o], bv = parent[pb + o];
      child[c0 + o] = id + bv;
      child[c1 + o] = id - bv;
    }
  }
}

/** 3^{number of identity digits} for every Pauli index. */
export function identityPowers(n: number): Float64Array {
  let t = Float64Array.of(1);
  for (let k = 0; k < n; k++) {
    const next = new Float64Array(t.length * 4);
    for (let i = 0; i < t.length; i++) {
      next[i] = 3 * t[i];
      next[i + t.length] = next[i + 2 * t.length] = next[i + 3 * t.length] = t[i];
    }
    t = next;
  }
  return t;
}

function fold(child: Float64Array, parent: Float64Array, rests: number, B: number, digit: number): void {
  for (let r = 0; r < rests; r++) {
    const p0 = r * 4 * B, pb = p0 + digit * B, c0 = r * 2 * B, c1 = c0 + B;
    for (let o = 0; o < B; o++) {
      const f0 = child[c0 + o], f1 = child[c1 + o];
      parent[p0 + o] += f0 + f1;
      parent[pb + o] = f0 - f1;
    }
  }
}

/** The setting's letters, qubit 0 rightmost (as in counts.json). */
export function settingLabel(setting: number, n: number): string {
  let s = '';
  for (let k = n - 1; k >= 0; k--) s += BASIS_LETTERS[Math.floor(setting / 3 ** k) % 3];
  return s;
}

/** Inverse of settingLabel; undefined if the label is malformed. */
export function settingIndex(label: string, n: number): number | undefined {
  if (label.length !== n) return undefined;
  let s = 0;
  for (let k = 0; k < n; k++) {
    const b = BASIS_LETTERS.indexOf(label[n - 1 - k] as (typeof BASIS_LETTERS)[number]);
    if (b < 0) return undefined;
    s += b * 3 ** k;
  }
  return s;
}
