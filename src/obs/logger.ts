// Structured logging (pino). The daemon logs to <data>/qfs.log and, in the
// foreground, to stderr as well; the reason behind every errno goes here.
import pino from 'pino';

export type Logger = pino.Logger;

export interface LoggerOptions {
  file?: string;
  level?: string;
  stderr?: boolean;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? process.env.QFS_LOG_LEVEL ?? 'info';
  const streams: pino.StreamEntry[] = [];
  if (opts.file) streams.push({ level: level as pino.Level, stream: pino.destination({ dest: opts.file, mkdir: true, sync: false }) });
  if (opts.stderr ?? !opts.file) streams.push({ level: level as pino.Level, stream: pino.destination(2) });
  return pino({ level, base: { pid: process.pid } }, pino.multistream(streams));
}

/** A logger that drops everything (tests of pure modules). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
