// Shared CLI plumbing: the --data option, error printing, exit codes.
import { Command, Option } from 'commander';
import { defaultDataDir } from '../config.js';
import { isFsError } from '../vfs/errors.js';

export const dataOption = () =>
  new Option('--data <dir>', 'data dir (default: $QFS_DATA or $XDG_DATA_HOME/qfs or ~/.local/share/qfs)').default(undefined);

export const dataDirOf = (opts: { data?: string }): string => opts.data ?? defaultDataDir();

/** Runs a command body, printing errors as one clear line and exiting non-zero. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void> | number | void) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? 0;
    } catch (e) {
      const msg = isFsError(e) ? `${e.message} (${e.code})` : (e as Error).message;
      process.stderr.write(`qfs: ${msg}\n`);
      process.exitCode = isFsError(e) ? 2 : 1;
    }
  };
}

export type CommandFactory = () => Command;

export const human = (n: number): string => {
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return `${i ? n.toFixed(1) : n} ${u[i]}`;
};
