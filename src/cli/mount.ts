// `qfs mount`: foreground by default; --daemon detaches once the mount serves.
import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { action, dataDirOf, dataOption } from './common.js';

interface MountOpts { data?: string; daemon?: boolean; allowOther?: boolean; strict?: boolean }

export const mountCommand = () =>
  new Command('mount')
    .description('mount the filesystem at <mountpoint> (foreground unless --daemon)')
    .argument('<mountpoint>', 'an existing, empty directory')
    .addOption(dataOption())
    .option('--daemon', 'run in the background once mounted')
    .option('--allow-other', 'let other users see the mount (allow_other; permissions still apply)')
    .option('--strict', 'refuse circuit files that do not parse (EINVAL at close/fsync; the previous version stays)')
    .action(action(async (mp: string, opts: MountOpts) => {
      const dataDir = resolve(dataDirOf(opts));
      if (opts.daemon) return detach(mp, dataDir, [...(opts.allowOther ? ['--allow-other'] : []), ...(opts.strict ? ['--strict'] : [])]);
      const ready = process.env.QFS_READY_FD ? Number(process.env.QFS_READY_FD) : undefined;
      const { runDaemon } = await import('../fuse/daemon.js'); // the whole filesystem: only for this command
      return runDaemon({
        mountpoint: mp, dataDir, allowOther: !!opts.allowOther, strict: !!opts.strict, stderrLog: ready === undefined,
        onReady: () => {
          if (ready !== undefined) {
            process.stdout.write('ready\n');
          } else {
            process.stderr.write(`qfs: mounted ${resolve(mp)} (data: ${dataDir}); Ctrl-C or 'qfs umount ${mp}' to unmount\n`);
          }
        },
      });
    }));

/** Starts a detached daemon and returns once it reports the mount ready. */
function detach(mp: string, dataDir: string, flags: string[]): Promise<number> {
  const args = [process.argv[1]!, 'mount', mp, '--data', dataDir, ...flags];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QFS_READY_FD: '1' },
  });
  return new Promise((res) => {
    let err = '';
    child.stderr!.on('data', (d) => { err += d; });
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        process.stdout.write(`qfs: mounted ${resolve(mp)} in the background (pid ${child.pid}, data: ${dataDir})\n`);
        child.stdout!.destroy();
        child.stderr!.destroy();
        child.unref();
        res(0);
      }
    });
    child.on('exit', (code) => {
      process.stderr.write(err || `qfs: daemon exited with code ${code}\n`);
      res(code || 1);
    });
  });
}
