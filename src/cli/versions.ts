// `qfs versions <path>`: the versions of a file below /circuits.
import { Command } from 'commander';
import { resolve } from 'node:path';
import { openDataDir } from '../vfs/data-dir.js';
import { ROOT_INO } from '../meta/sqlite-meta.js';
import { fsError } from '../vfs/errors.js';
import type { MetaStore } from '../meta/meta-store.js';
import { canonicalPath, qfsMountOf } from '../fuse/mount-source.js';
import { action, dataDirOf, dataOption, human } from './common.js';

/** The inode at a path inside QFS such as /circuits/a.qasm; `shown` is the path the user gave. */
function resolveIno(meta: MetaStore, path: string, shown: string): number {
  let ino = ROOT_INO;
  for (const part of path.split('/').filter(Boolean)) {
    const next = meta.lookup(ino, Buffer.from(part));
    if (next === undefined) throw fsError('ENOENT', `${shown}: no such file in QFS`);
    ino = next;
  }
  return ino;
}

export const versionsCommand = () =>
  new Command('versions')
    .description('list the versions of a file below /circuits (read them under /circuits/.versions/<path>/)')
    .argument('<path>', 'a path on the mount, or inside QFS like /circuits/bell.qasm')
    .addOption(dataOption(true))
    .option('--json', 'print JSON')
    .action(action(async (path: string, opts: { data?: string; json?: boolean }) => {
      // A path on a mount names its file and data dir; any other is a path inside QFS.
      const mount = qfsMountOf(path);
      if (mount && opts.data !== undefined && canonicalPath(opts.data) !== canonicalPath(mount.dataDir)) {
        throw fsError('EINVAL', `${path} is on the QFS mount at ${mount.mountpoint}, whose data dir is ${mount.dataDir}, not ${resolve(opts.data)}`);
      }
      const dd = await openDataDir(mount?.dataDir ?? dataDirOf(opts, process.cwd()), { readonly: true });
      try {
        const ino = resolveIno(dd.meta, mount?.inside ?? path, path);
        const versions = dd.meta.listVersions(ino);
        if (opts.json) {
          process.stdout.write(JSON.stringify(versions) + '\n');
          return;
        }
        for (const v of versions) {
          const when = new Date(v.mtime.sec * 1000).toISOString();
          process.stdout.write(`v${v.version}\t${when}\t${human(v.size)}\t${v.sha256 ?? '-'}\n`);
        }
        if (!versions.length) process.stdout.write('no versions\n');
      } finally {
        await dd.close();
      }
    }));
