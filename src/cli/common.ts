// Shared CLI plumbing: the --data option, error printing, exit codes.
import { Command, Option } from 'commander';
import { defaultDataDir } from '../config.js';
import { isFsError } from '../vfs/errors.js';
import { qfsMountOf } from '../fuse/mount-source.js';

const DEFAULT_DATA = '$QFS_DATA or $XDG_DATA_HOME/qfs or ~/.local/share/qfs';

/** --data; `onMount`: the command otherwise works on the data dir of the QFS mount it is run (or given a path) on. */
export const dataOption = (onMount = false) =>
  new Option('--data <dir>', `data dir (default: ${onMount ? `that of the QFS mount it runs on, else ${DEFAULT_DATA}` : DEFAULT_DATA})`).default(undefined);

/**
 * The data dir a command works on: --data; else that of the QFS mount
 * holding `where` (the working directory, for commands that take no path);
 * else $QFS_DATA or the default.
 */
export const dataDirOf = (opts: { data?: string }, where?: string): string =>
  opts.data ?? (where === undefined ? undefined : qfsMountOf(where)?.dataDir) ?? defaultDataDir();

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
