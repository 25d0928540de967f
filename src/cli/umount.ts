import { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { mountedPaths } from '../fuse/mount-checks.js';
import { fsError } from '../vfs/errors.js';
import { action } from './common.js';

export const umountCommand = () =>
  new Command('umount')
    .description('unmount a QFS mount; the daemon commits pending data and exits')
    .argument('<mountpoint>')
    .option('--lazy', 'detach now even if files are open (the daemon exits when they close)')
    .action(action((mp: string, opts: { lazy?: boolean }) => {
      const abs = resolve(mp);
      if (!mountedPaths().has(abs)) throw fsError('EINVAL', `${abs} is not mounted`);
      const args = ['-u', ...(opts.lazy ? ['-z'] : []), abs];
      const r = spawnSync('fusermount3', args, { encoding: 'utf8' });
      if (r.status !== 0) throw fsError('EBUSY', (r.stderr || r.error?.message || 'fusermount3 failed').trim());
      process.stdout.write(`unmounted ${abs}\n`);
    }));
