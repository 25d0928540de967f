// Identifiers read from a program, one string per distinct name: a large
// program names the same few gates and registers hundreds of thousands of
// times, and a name found here costs no allocation. Each stored name also
// has a small integer id (0, 1, 2 ... in order of first sight), so that
// what a name stands for can be kept in arrays instead of looked up in maps
// again and again (see plain-lookups.ts).

import { NON_ASCII } from './source-bytes.js';

/** The hash id() wants, one character at a time: h = nameHash(h, c), from NAME_HASH_START. */
export const NAME_HASH_START = 0x811c9dc5;
export function nameHash(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}
/** Beyond this many names, new ones get no id and are simply copied out (memory stays bounded). */
const MAX_NAMES = 2048;

export class NameTable {
  // Open addressing, at most half full; the table grows with the names (most programs have a few dozen).
  private hashes = new Int32Array(64);
  /** Per slot: 1 + the id of the name stored there, 0 when the slot is free. */
  private slotIds = new Int32Array(64);
  private readonly names: string[] = [];
  /** Each name's bytes (as sourceBytes() has them): pool[starts[id], starts[id + 1]). Comparing bytes beats charCodeAt. */
  private pool = new Uint8Array(256);
  private starts = new Int32Array(33);

  /**
   * The id of the name src[start, end), storing it if it is new; -1 when the
   * table is full and the name is not in it. `bytes` is sourceBytes(src);
   * `h` is the name's nameHash().
   */
  id(src: string, bytes: Uint8Array, start: number, end: number, h: number): number {
    const mask = this.slotIds.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const stored = this.slotIds[slot]!;
      if (stored === 0) return this.add(src, bytes, start, end, h);
      if (this.hashes[slot] === h && this.holds(stored - 1, src, bytes, start, end)) return stored - 1;
    }
  }

  /** The name with id `id`. */
  name(id: number): string {
    return this.names[id]!;
  }

  /** The text of src[start, end) as a string, the same one each time (see id()). */
  intern(src: string, bytes: Uint8Array, start: number, end: number, h: number): string {
    const id = this.id(src, bytes, start, end, h);
    return id >= 0 ? this.names[id]! : src.slice(start, end);
  }

  /** Whether name `id` is src[start, end). */
  private holds(id: number, src: string, bytes: Uint8Array, start: number, end: number): boolean {
    const pool = this.pool;
    let at = this.starts[id]!;
    if (this.starts[id + 1]! - at !== end - start) return false;
    for (let p = start; p < end; p++, at++) {
      const b = bytes[p]!;
      if (b !== pool[at]) return false;
      // Outside ASCII the bytes only say "not ASCII": the characters decide.
      if (b === NON_ASCII && src.charCodeAt(p) !== this.names[id]!.charCodeAt(p - start)) return false;
    }
    return true;
  }

  /** Stores src[start, end), which the table does not hold; returns its id (-1 when the table is full). */
  private add(src: string, bytes: Uint8Array, start: number, end: number, h: number): number {
    const id = this.names.length;
    if (id >= MAX_NAMES) return -1;
    if (id + 2 > this.starts.length) this.starts = grown(this.starts, 2 * this.starts.length);
    const from = this.starts[id]!;
    const to = from + (end - start);
    if (to > this.pool.length) {
      const pool = new Uint8Array(Math.max(2 * this.pool.length, to));
      pool.set(this.pool);
      this.pool = pool;
    }
    this.pool.set(bytes.subarray(start, end), from);
    this.starts[id + 1] = to;
    this.names.push(src.slice(start, end));
    if (2 * this.names.length > this.slotIds.length) this.rehash(2 * this.slotIds.length);
    this.place(h, id);
    return id;
  }

  private place(h: number, id: number): void {
    const mask = this.slotIds.length - 1;
    let slot = h & mask;
    while (this.slotIds[slot] !== 0) slot = (slot + 1) & mask;
    this.hashes[slot] = h;
    this.slotIds[slot] = id + 1;
  }

  private rehash(slots: number): void {
    const { hashes, slotIds } = this;
    this.hashes = new Int32Array(slots);
    this.slotIds = new Int32Array(slots);
    for (let slot = 0; slot < slotIds.length; slot++) if (slotIds[slot] !== 0) this.place(hashes[slot]!, slotIds[slot]! - 1);
  }
}

function grown(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
