// What must hold before mounting, each failure with a message a user can act on.
import { accessSync, constants, readFileSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fsError } from '../vfs/errors.js';

export interface MountEntry {
  /** The mount point, with mountinfo's octal escapes (\040 for a space…) decoded. */
  mountpoint: string;
  /** The device minor number; for FUSE, the connection number in /sys/fs/fuse/connections. */
  minor: number;
  /** The filesystem type: fuse.qfs for ours. */
  fstype: string;
  /** What was mounted (its fsname for FUSE), decoded like the mount point. */
  source: string;
}

const unescape = (field: string): string =>
  field.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/**
 * Mount entries from the text of a mountinfo file: "id parent major:minor
 * root mountpoint options [optional fields…] - fstype source superoptions".
 */
export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (!f[4]) continue;
    const dash = f.indexOf('-', 6);
    out.push({
      mountpoint: unescape(f[4]),
      minor: Number(f[2]?.split(':')[1]),
      fstype: dash > 0 ? f[dash + 1] ?? '' : '',
      source: dash > 0 ? unescape(f[dash + 2] ?? '') : '',
    });
  }
  return out;
}

/** The mounts of this process's namespace, latest last (from /proc/self/mountinfo). */
export function mounts(): MountEntry[] {
  try {
    return parseMountinfo(readFileSync('/proc/self/mountinfo', 'utf8'));
  } catch {
    return []; // not Linux
  }
}

export const mountedPaths = (): Set<string> => new Set(mounts().map((m) => m.mountpoint));

export function checkMountpoint(mp: string): string {
  const abs = resolve(mp);
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTCONN') throw fsError('EBUSY', `${abs} is a dead QFS mount: run 'qfs umount ${abs}' (or fusermount3 -u) first`);
    throw fsError('ENOENT', `mount point ${abs} does not exist (create it with mkdir)`);
  }
  if (!st.isDirectory()) throw fsError('ENOTDIR', `mount point ${abs} is not a directory`);
  if (mountedPaths().has(abs)) throw fsError('EBUSY', `${abs} is already a mount point`);
  if (readdirSync(abs).length > 0) throw fsError('ENOTEMPTY', `mount point ${abs} is not empty`);
  try {
    accessSync('/dev/fuse', constants.R_OK | constants.W_OK);
  } catch {
    throw fsError('ENODEV', `/dev/fuse is missing or not accessible: install fuse3 and load the fuse module`);
  }
  return abs;
}
