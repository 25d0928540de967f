// Data dirs for in-process tests: made in a temporary directory and opened;
// after each test, what the test asked to stop is stopped, then every data
// dir it opened is closed and removed, whether the test passed or not.
import { afterEach } from 'vitest';
import { initDataDir, openDataDir, type DataDir } from '../../src/vfs/data-dir.js';
import { cleanup, tempDir } from './mount.js';

export interface DataDirs {
  /** A new data dir, initialised and opened. */
  fresh(): Promise<{ dir: string; dd: DataDir }>;
  /** Opens the data dir at `dir` (again, say after a simulated crash). */
  open(dir: string): Promise<DataDir>;
  /** Runs `stop` after the test, before the data dirs are closed. */
  atEnd(stop: () => unknown): void;
}

/** Registers the clean-up with the calling test file; `prefix` names its temporary directories. */
export function dataDirsPerTest(prefix: string): DataDirs {
  const dirs: string[] = [];
  const opened: DataDir[] = [];
  const stops: (() => unknown)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    for (const dd of opened.splice(0)) await dd.close();
    cleanup(...dirs.splice(0));
  });
  const open = async (dir: string): Promise<DataDir> => {
    const dd = await openDataDir(dir);
    opened.push(dd);
    return dd;
  };
  return {
    open,
    async fresh() {
      const dir = tempDir(prefix);
      dirs.push(dir);
      initDataDir(dir);
      return { dir, dd: await open(dir) };
    },
    atEnd: (stop) => void stops.push(stop),
  };
}
