// Where a data dir is and how it is tuned: defaults, then <data>/config.yaml,
// then QFS_* environment variables.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type YAMLModule from 'yaml';

/** The settings in a config file's text; the yaml parser loads only when there are any. */
function parseSettings(text: string): Partial<Record<keyof Config, unknown>> | null {
  // The template init writes is all comments: most data dirs set nothing.
  if (!/^[ \t]*[^#\s]/m.test(text)) return null;
  const YAML = createRequire(import.meta.url)('yaml') as typeof YAMLModule;
  return YAML.parse(text) as Partial<Record<keyof Config, unknown>> | null;
}

export interface Config {
  /** Bytes of decoded chunks kept in memory for reads. */
  cacheBytes: number;
  /** Milliseconds a closed file waits to share a commit with others. */
  commitDelayMs: number;
  logLevel: string;
  /** Verify each chunk's SHA-256 when it is read from disk. */
  verifyReads: boolean;
  /** Versions kept per file below /circuits. */
  keepVersions: number;
  /**
   * Microseconds the daemon keeps the CPUs from halting after a request or
   * reply, spinning at idle priority (0: off, the default). Waking a halted
   * CPU is most of a request's latency on virtual machines, but idle
   * priority only yields to the daemon's own threads: a process in another
   * scheduling group (another session's autogroup, another cgroup) woken on
   * a spinning CPU waits for the window to end. For a machine that does
   * little else.
   */
  busyPollUs: number;
  /**
   * Microseconds the daemon's event loop keeps polling without blocking
   * after a reply to a waiting caller (0: off): the next request of a
   * client sending them back to back then finds its thread awake, not on a
   * halted CPU. A normal-priority thread, unlike busy polling's: the
   * scheduler shares its CPU with other processes as usual.
   */
  loopSpinUs: number;
}

export const DEFAULTS: Config = {
  cacheBytes: 256 * 1024 * 1024,
  commitDelayMs: 25,
  logLevel: 'info',
  verifyReads: true,
  keepVersions: 10,
  busyPollUs: 0,
  loopSpinUs: 100,
};

/** $QFS_DATA, else $XDG_DATA_HOME/qfs, else ~/.local/share/qfs. */
export function defaultDataDir(): string {
  if (process.env.QFS_DATA) return resolve(process.env.QFS_DATA);
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'qfs');
}

export const dataPaths = (dir: string) => ({
  dir,
  db: join(dir, 'meta.db'),
  segments: join(dir, 'segments'),
  config: join(dir, 'config.yaml'),
  log: join(dir, 'qfs.log'),
  lock: join(dir, 'daemon.pid'),
  socket: join(dir, 'daemon.sock'),
});

const ENV: Record<keyof Config, string> = {
  cacheBytes: 'QFS_CACHE_BYTES',
  commitDelayMs: 'QFS_COMMIT_DELAY_MS',
  logLevel: 'QFS_LOG_LEVEL',
  verifyReads: 'QFS_VERIFY_READS',
  keepVersions: 'QFS_KEEP_VERSIONS',
  busyPollUs: 'QFS_BUSY_POLL_US',
  loopSpinUs: 'QFS_LOOP_SPIN_US',
};

export function loadConfig(dir: string): Config {
  const cfg: Config = { ...DEFAULTS };
  const file = dataPaths(dir).config;
  if (existsSync(file)) {
    const parsed = parseSettings(readFileSync(file, 'utf8'));
    for (const k of Object.keys(DEFAULTS) as (keyof Config)[]) {
      if (parsed && parsed[k] !== undefined) assign(cfg, k, String(parsed[k]), file);
    }
  }
  for (const k of Object.keys(ENV) as (keyof Config)[]) {
    const v = process.env[ENV[k]];
    if (v !== undefined && v !== '') assign(cfg, k, v, ENV[k]);
  }
  return cfg;
}

function assign(cfg: Config, k: keyof Config, v: string, from: string): void {
  const def = DEFAULTS[k];
  if (typeof def === 'number') {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${from}: ${k} must be a non-negative number, got '${v}'`);
    (cfg[k] as number) = n;
  } else if (typeof def === 'boolean') {
    if (!['true', 'false', '1', '0'].includes(v)) throw new Error(`${from}: ${k} must be true or false, got '${v}'`);
    (cfg[k] as boolean) = v === 'true' || v === '1';
  } else {
    (cfg[k] as string) = v;
  }
}

export const CONFIG_TEMPLATE = `# QFS data dir settings. Environment variables QFS_* override these.
# cacheBytes: ${DEFAULTS.cacheBytes}      # decoded chunk cache for reads (QFS_CACHE_BYTES)
# commitDelayMs: ${DEFAULTS.commitDelayMs}        # group-commit window after close (QFS_COMMIT_DELAY_MS)
# logLevel: ${DEFAULTS.logLevel}           # trace|debug|info|warn|error (QFS_LOG_LEVEL)
# verifyReads: ${DEFAULTS.verifyReads}        # check SHA-256 of chunks read from disk (QFS_VERIFY_READS)
# keepVersions: ${DEFAULTS.keepVersions}         # versions kept per file below /circuits (QFS_KEEP_VERSIONS)
# busyPollUs: ${DEFAULTS.busyPollUs}            # CPUs kept from halting this long after a request, 0: off (QFS_BUSY_POLL_US);
#                          # other processes woken on a spinning CPU wait for it: for a machine that does little else
# loopSpinUs: ${DEFAULTS.loopSpinUs}          # the daemon's own thread polls this long after a reply before it sleeps, 0: off (QFS_LOOP_SPIN_US)
`;
