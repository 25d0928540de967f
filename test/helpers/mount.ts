// Runs the QFS daemon as a child process on a temp mount point and data dir,
// the way a user would, and always tears it down.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const QFS = join(ROOT, 'bin', 'qfs.js');

export interface Mounted {
  mp: string;
  data: string;
  /** /circuits inside the mount: the writable POSIX tree. */
  circuits: string;
  proc: ChildProcess;
  log(): string;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `qfs-${prefix}-`));
}

export const isMounted = (mp: string): boolean =>
  readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === mp);

/** Detaches a mount whatever state its daemon is in. */
export function forceUnmount(mp: string): void {
  if (!isMounted(mp)) return;
  spawnSync('fusermount3', ['-u', '-z', mp]);
  if (isMounted(mp)) spawnSync('umount', ['-l', mp]);
}

export function qfs(args: string[], opts: { env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [QFS, ...args], { encoding: 'utf8', env: { ...process.env, ...opts.env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `env` adds to this process's environment; a variable given as undefined is left out (spawn skips it). */
export async function mountQfs(opts: { data?: string; mp?: string; extra?: string[]; env?: Record<string, string | undefined> } = {}): Promise<Mounted> {
  const base = tempDir('mnt');
  chmodSync(base, 0o755); // other users must reach the mount point
  const mp = opts.mp ?? join(base, 'mnt');
  const data = opts.data ?? join(base, 'data');
  mkdirSync(mp, { recursive: true });
  const proc = spawn(process.execPath, [QFS, 'mount', mp, '--data', data, ...(opts.extra ?? [])], {
    env: { ...process.env, ...opts.env, QFS_READY_FD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d) => {
    err += d;
    appendFileSync(join(base, 'daemon.stderr'), d);
  });
  proc.once('exit', (code, signal) => {
    if (code && code !== 0) process.stderr.write(`qfs daemon exited with ${code ?? signal}:\n${err}\n`);
  });
  const exited = new Promise<void>((res) => proc.once('exit', () => res()));
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`mount timed out: ${err}`)), 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) { clearTimeout(timer); res(); }
    });
    proc.once('exit', (code) => { clearTimeout(timer); rej(new Error(`daemon exited (${code}): ${err}`)); });
  });
  return {
    mp, data, circuits: join(mp, 'circuits'), proc,
    log: () => { try { return readFileSync(join(data, 'qfs.log'), 'utf8'); } catch { return ''; } },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      }
      forceUnmount(mp);
    },
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
      forceUnmount(mp);
    },
  };
}

export function cleanup(...dirs: string[]): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
