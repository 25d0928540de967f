// fsck and gc: through the daemon when the data dir is mounted, directly otherwise.
import { Command } from 'commander';
import { acquireLock, lockHolder, openDataDir } from '../vfs/data-dir.js';
import { checkFilesystem, type FsckResult } from '../vfs/fsck.js';
import { collectGarbage, type GcResult } from '../vfs/gc.js';
import { dataPaths } from '../config.js';
import { askDaemon } from './control-client.js';
import { action, dataDirOf, dataOption, human } from './common.js';

async function viaDaemonOrLocal<T>(dir: string, req: { cmd: 'gc' | 'fsck'; repair?: boolean; deep?: boolean },
  local: (dd: Awaited<ReturnType<typeof openDataDir>>) => Promise<T>, readonly: boolean): Promise<T> {
  if (lockHolder(dir) !== undefined) {
    const answer = await askDaemon<T>(dataPaths(dir).socket, req);
    if (!answer.ok) throw new Error(answer.error ?? 'daemon refused');
    return answer.result!;
  }
  const release = readonly ? () => undefined : acquireLock(dir);
  const dd = await openDataDir(dir, { readonly });
  try {
    return await local(dd);
  } finally {
    await dd.close();
    release();
  }
}

export const fsckCommand = () =>
  new Command('fsck')
    .description('check metadata and stored chunks for consistency (exit 1 when problems are found)')
    .addOption(dataOption(true))
    .option('--repair', 'fix what can be fixed')
    .option('--deep', 'also read every chunk and verify its SHA-256')
    .option('--json', 'print JSON')
    .action(action(async (opts: { data?: string; repair?: boolean; deep?: boolean; json?: boolean }) => {
      const dir = dataDirOf(opts, process.cwd());
      const r = await viaDaemonOrLocal<FsckResult>(dir, { cmd: 'fsck', repair: opts.repair, deep: opts.deep },
        (dd) => checkFilesystem(dd.meta, dd.chunks, { repair: !!opts.repair, deep: !!opts.deep }), !opts.repair);
      if (opts.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else {
        for (const p of r.problems) process.stdout.write(`${p.repaired ? 'repaired' : 'problem'}: ${p.kind}: ${p.detail}\n`);
        process.stdout.write(`${r.clean ? 'clean' : `${r.problems.length} problem(s)`}: ${r.checked.inodes} inodes, ${r.checked.chunks} chunks checked\n`);
      }
      return r.clean || (opts.repair && r.problems.every((p) => p.repaired)) ? 0 : 1;
    }));

export const gcCommand = () =>
  new Command('gc')
    .description('remove chunks no file refers to and compact segment files')
    .addOption(dataOption(true))
    .option('--json', 'print JSON')
    .action(action(async (opts: { data?: string; json?: boolean }) => {
      const dir = dataDirOf(opts, process.cwd());
      const r = await viaDaemonOrLocal<GcResult>(dir, { cmd: 'gc' },
        (dd) => collectGarbage(dd.meta, dd.chunks, new Set()), false);
      if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
      else process.stdout.write(`gc: removed ${r.chunksRemoved} chunks, rewrote ${r.segmentsRewritten} segments, reclaimed ${human(r.bytesReclaimed)}\n`);
    }));
