// A QFS mount names its data dir as its source ("qfs:<data dir>", what
// mount, df and findmnt show), so a path on any mount leads to the data dir
// that holds it: `qfs versions <path>` and a command run inside a mount
// need no --data.
import { realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { mounts, type MountEntry } from './mount-checks.js';

const PREFIX = 'qfs:';
const FSTYPE = 'fuse.qfs';

/** The fsname mount option for a data dir: libfuse splits options at ',' unless escaped, and '\' escapes. */
export const mountSourceOption = (dataDir: string): string =>
  `fsname=${PREFIX}${resolve(dataDir).replace(/[\\,]/g, (c) => `\\${c}`)}`;

export interface QfsMount {
  mountpoint: string;
  dataDir: string;
  /** The path inside QFS ('/circuits/a.qasm'), '/' for the mount point itself. */
  inside: string;
}

/** A path with symlinks resolved where it exists; as given (made absolute) where it does not, or its mount is dead. */
export function canonicalPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

const within = (path: string, dir: string): boolean =>
  path === dir || path.startsWith(dir === sep ? dir : dir + sep);

/**
 * The QFS mount that `path` lies on, if any: the mount whose mount point is
 * the longest prefix of the path (symlinks resolved where the path exists),
 * and only when that mount is ours, not another filesystem mounted over a
 * directory of it.
 */
export function qfsMountOf(path: string, entries: MountEntry[] = mounts()): QfsMount | undefined {
  const abs = canonicalPath(path);
  let best: MountEntry | undefined;
  for (const m of entries) {
    // Latest last: of two entries on one mount point, the later one is on top.
    if (within(abs, m.mountpoint) && (!best || m.mountpoint.length >= best.mountpoint.length)) best = m;
  }
  if (!best || best.fstype !== FSTYPE || !best.source.startsWith(PREFIX)) return undefined;
  const rest = abs.slice(best.mountpoint.length);
  return { mountpoint: best.mountpoint, dataDir: best.source.slice(PREFIX.length), inside: rest.startsWith(sep) ? rest : sep + rest };
}
