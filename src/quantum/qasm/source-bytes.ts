// The program text as bytes, one per UTF-16 code unit, for the scanning
// loops: reading a typed array costs a bounds check, where charCodeAt also
// dispatches on how the string is stored, on every character (measured: the
// scanners spent most of their time there). Offsets are the string's, so
// columns and slices stay exact.

/** What every code unit outside ASCII reads as: not a character any scanner accepts as it is. */
export const NON_ASCII = 0x80;

/**
 * `src` with ASCII code units as they are and every other unit as
 * NON_ASCII (a scanner that meets one asks the string), followed by one 0
 * byte so that a loop may read one past the end.
 */
export function sourceBytes(src: string): Uint8Array {
  const n = src.length;
  const bytes = new Uint8Array(n + 1);
  // 'latin1' writes the low byte of every code unit, one byte per unit.
  Buffer.from(bytes.buffer, bytes.byteOffset, n).write(src, 0, n, 'latin1');
  if (Buffer.byteLength(src, 'utf8') !== n) {
    for (const m of src.matchAll(/[^\x00-\x7f]/g)) bytes[m.index!] = NON_ASCII;
  }
  return bytes;
}
