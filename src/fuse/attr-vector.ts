// Attributes to the Float64Array layout the native replies read.
import type { Attr } from '../vfs/attr.js';
import { ATTR_LEN } from './ops.js';

export function writeAttr(a: Attr, out: Float64Array, at = 0): Float64Array {
  out[at] = a.ino;
  out[at + 1] = a.mode;
  out[at + 2] = a.nlink;
  out[at + 3] = a.uid;
  out[at + 4] = a.gid;
  out[at + 5] = a.rdev;
  out[at + 6] = a.size;
  out[at + 7] = a.blocks;
  out[at + 8] = a.atime.sec;
  out[at + 9] = a.atime.nsec;
  out[at + 10] = a.mtime.sec;
  out[at + 11] = a.mtime.nsec;
  out[at + 12] = a.ctime.sec;
  out[at + 13] = a.ctime.nsec;
  out[at + 14] = 4096;
  return out;
}

const scratch = new Float64Array(ATTR_LEN);
/** A shared vector for one reply (the binding copies it synchronously). */
export const attrVector = (a: Attr): Float64Array => writeAttr(a, scratch);
