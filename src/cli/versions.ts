// `qfs versions <path>`: the versions of a file below /circuits.
import { Command } from 'commander';
import { statSync } from 'node:fs';
import { openDataDir } from '../vfs/data-dir.js';
import { ROOT_INO } from '../meta/sqlite-meta.js';
import { fsError } from '../vfs/errors.js';
import type { MetaStore } from '../meta/meta-store.js';
import { action, dataDirOf, dataOption, human } from './common.js';

/** A path on the mount (its inode number is ours) or a path inside QFS such as /circuits/a.qasm. */
function resolveIno(meta: MetaStore, path: string): number {
  try {
    const st = statSync(path);
    if (meta.getInode(st.ino)) return st.ino;
  } catch { /* not a path on this machine's mount */ }
  let ino = ROOT_INO;
  for (const part of path.split('/').filter(Boolean)) {
    const next = meta.lookup(ino, Buffer.from(part));
    if (next === undefined) throw fsError('ENOENT', `${path}: no such file in QFS`);
    ino = next;
  }
  return ino;
}

export const versionsCommand = () =>
  new Command('versions')
    .description('list the versions of a file below /circuits (read them under /circuits/.versions/<path>/)')
    .argument('<path>', 'a path on the mount, or inside QFS like /circuits/bell.qasm')
    .addOption(dataOption())
    .option('--json', 'print JSON')
    .action(action(async (path: string, opts: { data?: string; json?: boolean }) => {
      const dd = await openDataDir(dataDirOf(opts), { readonly: true });
      try {
        const ino = resolveIno(dd.meta, path);
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
