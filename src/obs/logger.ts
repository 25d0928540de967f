// Structured logging (pino). The daemon logs to <data>/qfs.log and, in the
// foreground, to stderr as well; the reason behind every errno goes here.
// pino loads on first use: the read-only CLI commands never log, and
// loading it is a sizeable part of their start-up.
import { createRequire } from 'node:module';
import type pinoModule from 'pino';

type Pino = typeof pinoModule;
let loaded: Pino | undefined;
const pinoLib = (): Pino => (loaded ??= createRequire(import.meta.url)('pino') as Pino);

export type Logger = pinoModule.Logger;

export interface LoggerOptions {
  file?: string;
  level?: string;
  stderr?: boolean;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const pino = pinoLib();
  const level = opts.level ?? process.env.QFS_LOG_LEVEL ?? 'info';
  const streams: pinoModule.StreamEntry[] = [];
  if (opts.file) streams.push({ level: level as pinoModule.Level, stream: pino.destination({ dest: opts.file, mkdir: true, sync: false }) });
  if (opts.stderr ?? !opts.file) streams.push({ level: level as pinoModule.Level, stream: pino.destination(2) });
  return pino({ level, base: { pid: process.pid } }, pino.multistream(streams));
}

/** A logger that drops everything (tests of pure modules). */
export const silentLogger = (): Logger => pinoLib()({ level: 'silent' });
