// What must hold before mounting, each failure with a message a user can act on.
import { accessSync, constants, readFileSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fsError } from '../vfs/errors.js';

/** Mount points currently mounted (decoded from /proc/self/mountinfo). */
export function mountedPaths(): Set<string> {
  const out = new Set<string>();
  try {
    for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
      const f = line.split(' ');
      if (f[4]) out.add(f[4].replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
    }
  } catch { /* not Linux */ }
  return out;
}

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
