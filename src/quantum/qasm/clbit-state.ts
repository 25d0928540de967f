// Classical bits as the static interpreter tracks them. Each bit of a bit
// variable (BitStorage, see scope.ts) has a compile-time value (`known`: 0,
// 1, or -1 for a runtime value) and a location (`locs`: the clbit whose
// content equals the bit at run time, or -1 when no clbit holds it, e.g.
// after a classical assignment, which the executable form cannot perform).
// Every clbit has a write counter so that a variable bound to a clbit that
// is later overwritten is detected.

import type { BitRef, BitStorage } from './scope.js';
import type { BitsValue } from './values.js';

/** Fills in refs, unknown values and own-clbit locations. */
function withRefs(s: BitStorage, known: number): BitStorage {
  s.home.forEach((home, index) => {
    s.refs.push({ storage: s, index });
    s.known.push(known);
    s.locs.push(home);
    s.versions.push(0);
  });
  return s;
}

/** How a write relates to control flow: it happens, it may happen, it does not happen. */
export type Effects = 'normal' | 'uncertain' | 'none';

export class ClbitState {
  private readonly versions: number[] = [];
  private readonly scratch: boolean[] = [];
  private declared = 0;

  /** Clbits that belong to declared variables (not scratch bits). */
  get declaredCount(): number {
    return this.declared;
  }

  allocate(n: number, scratch = false): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      out.push(this.versions.length);
      this.versions.push(0);
      this.scratch.push(scratch);
    }
    if (!scratch) this.declared += n;
    return out;
  }

  newStorage(name: string, n: number): BitStorage {
    return withRefs({ name, refs: [], home: this.allocate(n), known: [], locs: [], versions: [] }, -1);
  }

  /** Storage that occupies no clbit (validation runs of definitions, bits passed by value). */
  static detachedStorage(name: string, n: number): BitStorage {
    return withRefs({ name, refs: [], home: new Array<number>(n).fill(-1), known: [], locs: [], versions: [] }, -1);
  }

  /** Compile-time values and runtime locations of some bits. */
  read(refs: readonly BitRef[]): BitsValue {
    const bits: number[] = [];
    const locs: number[] = [];
    for (const r of refs) {
      bits.push(r.storage.known[r.index]!);
      locs.push(r.storage.locs[r.index]!);
    }
    return { t: 'bits', bits, locs };
  }

  /** True when the clbit `ref` reads was overwritten after `ref` was bound to it. */
  isStale(ref: BitRef): boolean {
    const s = ref.storage;
    const loc = s.locs[ref.index]!;
    return loc >= 0 && this.versions[loc] !== s.versions[ref.index];
  }

  /** A measurement result lands in the bit's own clbit. */
  measured(ref: BitRef, effects: Effects): void {
    const home = ref.storage.home[ref.index]!;
    if (effects === 'none' || home < 0) return;
    this.versions[home]!++;
    this.assign(ref, -1, home, effects);
  }

  /** An assignment: compile-time value `known` (or -1), runtime location `loc` (or -1). */
  assign(ref: BitRef, known: number, loc: number, effects: Effects): void {
    const s = ref.storage;
    const i = ref.index;
    if (effects === 'none' || s.home[i]! < 0) return;
    if (effects === 'uncertain') {
      // The old value or the new one: keep only what both agree on.
      if (s.known[i] !== known) s.known[i] = -1;
      if (s.locs[i] !== loc) s.locs[i] = -1;
    } else {
      s.known[i] = known;
      s.locs[i] = loc;
    }
    if (s.locs[i]! >= 0) s.versions[i] = this.versions[s.locs[i]!]!;
  }

  /** A declaration without initializer: a runtime value in the bit's own clbit. */
  declare(storage: BitStorage): void {
    storage.home.forEach((home, i) => {
      if (home < 0) return;
      this.versions[home]!++;
      storage.known[i] = -1;
      storage.locs[i] = home;
      storage.versions[i] = this.versions[home]!;
    });
  }

  /** Final clbit numbering: declared bits in allocation order, then scratch bits. */
  finalNumbering(): number[] {
    const map: number[] = [];
    let nextDeclared = 0;
    let nextScratch = this.declared;
    for (let i = 0; i < this.versions.length; i++) map.push(this.scratch[i] ? nextScratch++ : nextDeclared++);
    return map;
  }

  get total(): number {
    return this.versions.length;
  }
}
