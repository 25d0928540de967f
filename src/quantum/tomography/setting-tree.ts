// Walks the 3^n Pauli measurement settings depth-first, one qubit per level
// (qubit 0 first), sharing work between settings with a common prefix.
//
// Going down, a table of Pauli expectations (base-4 digits) is turned, digit by
// digit, into outcome probabilities: choosing basis B for qubit q maps the
// digit pair (I, B) to the outcome pair (0, 1) by p_o = (⟨I⟩ + (−1)^o ⟨B⟩)/2.
// At a leaf the 2^n outcome distribution of that setting is complete.
//
// Going up, the leaf's outcome frequencies are folded back the other way:
// ⟨B⟩ ← f_0 − f_1 from the one child measuring B, ⟨I⟩ ← Σ over the three
// children of f_0 + f_1. At the root every Pauli string holds the sum of its
// parity estimates over all settings compatible with it, in O(6^n) total.
//
// Level j's table is indexed rest·2^j + o: o holds the outcome bits of qubits
// 0..j−1, rest the base-4 digits of qubits j..n−1. The deepest levels, where
// most of the work is, then have the longest contiguous inner loops.
//
// Setting index: Σ_k b_k·3^k with b_k ∈ {0: X, 1: Y, 2: Z}.

export const BASIS_LETTERS = ['X', 'Y', 'Z'] as const;

/**
 * Called at each leaf with the outcome distributions of every source table
 * and a zeroed buffer to fill with outcome weights to fold back; return false
 * to mark the setting as not measured.
 */
export type LeafVisitor = (setting: number, distributions: Float64Array[], weightsOut: Float64Array) => boolean;

export interface FoldResult {
  /** Per Pauli string, the sum of its parity estimates over measured compatible settings. */
  sums: Float64Array;
  /** Per Pauli string, how many measured settings are compatible with it (3^{#I} if all were). */
  settings: Float64Array;
}

/**
 * `everySetting`: the visitor measures all 3^n settings, so the per-Pauli
 * setting counts are 3^{#I} and need not be folded.
 */
export function walkSettings(n: number, sources: Float64Array[], visit: LeafVisitor, everySetting = false): FoldResult {
  const size = (j: number): number => 2 ** j * 4 ** (n - j);
  const down = sources.map((src) => {
    const levels = [Float64Array.from(src)];
    for (let j = 1; j <= n; j++) levels.push(new Float64Array(size(j)));
    return levels;
  });
  const leaves = down.map((levels) => levels[n]);
  const up: Float64Array[] = [];
  const upCount: Float64Array[] = [];
  for (let j = 0; j <= n; j++) {
    up.push(new Float64Array(size(j)));
    upCount.push(new Float64Array(everySetting ? 0 : size(j)));
  }
  const leafOnes = new Float64Array(2 ** n);
  leafOnes[0] = 1;

  const recurse = (j: number, setting: number): boolean => {
    if (j === n) {
      up[n].fill(0);
      const measured = visit(setting, leaves, up[n]);
      if (!everySetting) upCount[n].set(measured ? leafOnes : up[n].fill(0));
      return measured;
    }
    const B = 2 ** j, rests = 4 ** (n - j - 1);
    const acc = up[j], accCount = upCount[j];
    acc.fill(0);
    accCount.fill(0);
    let any = false;
    for (let b = 0; b < 3; b++) {
      const digit = b + 1;
      for (const levels of down) {
        const parent = levels[j], child = levels[j + 1];
        for (let r = 0; r < rests; r++) {
          const p0 = r * 4 * B, pb = p0 + digit * B, c0 = r * 2 * B, c1 = c0 + B;
          for (let o = 0; o < B; o++) {
            const id = parent[p0 + o], bv = parent[pb + o];
            child[c0 + o] = (id + bv) / 2;
            child[c1 + o] = (id - bv) / 2;
          }
        }
      }
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
