// Identifiers read from a program, one string per distinct name: a large
// program names the same few gates and registers hundreds of thousands of
// times, and a name found here costs no allocation (and its hash is already
// computed for the maps it is looked up in).

const SLOTS = 4096;

/** The hash intern() wants, one character at a time: h = nameHash(h, c), from NAME_HASH_START. */
export const NAME_HASH_START = 0x811c9dc5;
export function nameHash(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}
/** Beyond this many names, new ones are simply copied out (memory stays bounded). */
const MAX_NAMES = SLOTS / 2;

export class NameTable {
  private readonly hashes = new Int32Array(SLOTS);
  private readonly names: (string | undefined)[] = new Array<string | undefined>(SLOTS);
  private count = 0;

  /** The text of src[start, end) as a string, the same one each time; `h` is its nameHash(). */
  intern(src: string, start: number, end: number, h: number): string {
    const len = end - start;
    for (let slot = h & (SLOTS - 1); ; slot = (slot + 1) & (SLOTS - 1)) {
      const name = this.names[slot];
      if (name === undefined) {
        const fresh = src.slice(start, end);
        if (this.count < MAX_NAMES) {
          this.names[slot] = fresh;
          this.hashes[slot] = h;
          this.count++;
        }
        return fresh;
      }
      if (this.hashes[slot] === h && name.length === len && sameText(name, src, start)) return name;
    }
  }
}

/** Whether src[start, start + name.length) is `name` (short names: a loop beats startsWith). */
function sameText(name: string, src: string, start: number): boolean {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) !== src.charCodeAt(start + i)) return false;
  return true;
}
