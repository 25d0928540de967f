// What a recorded stretch of operations does to the wire levels of a
// DepthTracker, as one max-plus matrix, so that a loop body repeated k times
// can be applied without being walked k times.
//
// Why this is exact. Every tracker operation is "the wires S move to
// max_{u in S} L(u) + h" (a gate, measure or reset: h = 1; a barrier: h = 0;
// an if/switch block: h = the deepest branch) and leaves the other wires
// alone. (place() also takes the max with 0, which changes nothing: levels
// are never negative and S is never empty when h > 0; an empty S sets no
// level and only lifts `depth` to h, kept here as `floor`.) In the max-plus
// semiring (max as addition, + as multiplication) that is a linear map of
// the level vector: L' = A ⊗ L with A[w][u] = h for w, u in S, 0 on the
// diagonal outside S, -inf elsewhere. A sequence of operations is the
// product of their matrices (matrix product is associative in any
// semiring), so one pass of a loop body is L ↦ M ⊗ L for one matrix M and k
// passes are L ↦ M^k ⊗ L, computed by repeated squaring. Wires the body
// never names keep their level, so M is kept over the named wires only.
// Levels never decrease, so the tracker's depth (the highest level ever
// set) afterwards is max(depth before, the new levels, floor).

const NONE = -Infinity;

/** One recorded operation: `wires` move to their common maximum plus `height`. */
export interface LevelStep {
  wires: readonly number[];
  height: number;
}

export class DepthTransfer {
  private constructor(
    /** The wires the map may change, in matrix order. */
    readonly wires: readonly number[],
    /** n × n, row-major: new level of wires[i] = max_j (old level of wires[j] + m[i*n + j]). */
    private readonly m: Float64Array,
    /** A depth reached without lifting any wire. */
    readonly floor: number,
  ) {}

  /** The map of `steps` applied in order (transfers included as they are). */
  static of(steps: readonly (LevelStep | DepthTransfer)[]): DepthTransfer {
    const index = new Map<number, number>();
    const wires: number[] = [];
    const add = (w: number): void => {
      if (!index.has(w)) {
        index.set(w, wires.length);
        wires.push(w);
      }
    };
    for (const s of steps) for (const w of s.wires) add(w);
    const n = wires.length;
    // rows[i]: the current level of wires[i] as a max-plus form of the levels before.
    const rows = identity(n);
    let floor = 0;
    const row = new Float64Array(n);
    for (const s of steps) {
      if (s instanceof DepthTransfer) {
        floor = Math.max(floor, s.floor);
        const k = s.wires.length;
        const before = s.wires.map((w) => rows.slice(index.get(w)! * n, index.get(w)! * n + n));
        for (let i = 0; i < k; i++) {
          row.fill(NONE);
          for (let j = 0; j < k; j++) {
            const a = s.m[i * k + j]!;
            if (a === NONE) continue;
            const src = before[j]!;
            for (let c = 0; c < n; c++) row[c] = Math.max(row[c]!, src[c]! + a);
          }
          rows.set(row, index.get(s.wires[i]!)! * n);
        }
        continue;
      }
      if (s.wires.length === 0) {
        floor = Math.max(floor, s.height);
        continue;
      }
      row.fill(NONE);
      for (const w of s.wires) {
        const at = index.get(w)! * n;
        for (let c = 0; c < n; c++) row[c] = Math.max(row[c]!, rows[at + c]!);
      }
      for (let c = 0; c < n; c++) row[c] = row[c]! + s.height;
      for (const w of s.wires) rows.set(row, index.get(w)! * n);
    }
    return new DepthTransfer(wires, rows, floor);
  }

  /** This map applied `k` times in a row (k >= 1). */
  power(k: number): DepthTransfer {
    let result: DepthTransfer | undefined;
    let base: DepthTransfer = this;
    for (let e = k; e > 0; e = Math.floor(e / 2)) {
      if (e % 2 === 1) result = result ? result.then(base) : base;
      if (e > 1) base = base.then(base);
    }
    return result!;
  }

  /** This map followed by `next` (both over the same wires). */
  private then(next: DepthTransfer): DepthTransfer {
    const n = this.wires.length;
    const a = next.m;
    const b = this.m;
    const out = new Float64Array(n * n).fill(NONE);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = a[i * n + j]!;
        if (x === NONE) continue;
        for (let c = 0; c < n; c++) {
          const y = x + b[j * n + c]!;
          if (y > out[i * n + c]!) out[i * n + c] = y;
        }
      }
    }
    return new DepthTransfer(this.wires, out, Math.max(this.floor, next.floor));
  }

  /** The new levels of `wires` given a reader of the current ones. */
  apply(level: (wire: number) => number): Float64Array {
    const n = this.wires.length;
    const old = this.wires.map(level);
    const out = new Float64Array(n).fill(NONE);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const y = this.m[i * n + j]! + old[j]!;
        if (y > out[i]!) out[i] = y;
      }
    }
    return out;
  }

  /** Arithmetic a power of this map costs (matrix products), to weigh against unrolling. */
  powerCost(k: number): number {
    const n = this.wires.length;
    return n * n * n * 2 * Math.ceil(Math.log2(k + 1));
  }
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n).fill(NONE);
  for (let i = 0; i < n; i++) m[i * n + i] = 0;
  return m;
}
