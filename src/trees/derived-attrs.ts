// user.qfs.* attributes. Those a tree derives from a file's content are
// computed, never stored, and read-only; the user's own (tags, author,
// description, and a checkpoint's iteration, cost, parameters) are ordinary
// stored xattrs.
import { fsError } from '../vfs/errors.js';

export const USER_KEYS = new Set([
  'user.qfs.tags', 'user.qfs.author', 'user.qfs.description',
  'user.qfs.iteration', 'user.qfs.cost', 'user.qfs.parameters',
]);
const PREFIX = 'user.qfs.';

/** True for names a tree owns (changing one is EPERM). */
export function isDerivedName(name: string): boolean {
  return name.startsWith(PREFIX) && !USER_KEYS.has(name);
}

/** A tree that describes some of its files by derived attributes. */
export interface DerivedAttrs {
  /** The file's derived attributes, or undefined when this tree has not described it. */
  derived(ino: number): Map<string, string> | undefined;
}

/**
 * Changing a derived attribute of a described file is EPERM. Writing the value
 * it already has, writing one to a file not (yet) described — rsync restores
 * into a temporary name, then renames — and removing one change nothing and
 * succeed, so backups made with rsync -X or tar --xattrs copy back in.
 */
export function checkDerivedWrite(current: Map<string, string> | undefined, name: string, value: Buffer): void {
  if (!current) return;
  const v = current.get(name);
  if (v !== undefined && value.equals(Buffer.from(v))) return;
  throw fsError('EPERM', `${name} is derived from the file's content and read-only`);
}
