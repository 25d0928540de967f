// The one place errors become errno values: an FsError keeps its own, anything
// else is a bug, logged with its stack, and answers EIO.
import { constants } from 'node:os';
import { isFsError } from '../vfs/errors.js';
import type { Logger } from '../obs/logger.js';

export function toErrno(e: unknown, log: Logger, what: string): number {
  if (isFsError(e)) {
    // EIO means stored data is damaged or unreachable: always worth a log line.
    if (e.code === 'EIO') log.error({ errno: e.code, reason: e.message }, what);
    // A refused request (bad query, bad control line) tells its writer why only here.
    else if (e.code === 'EINVAL' && e.message !== e.code) log.warn({ errno: e.code, reason: e.message }, what);
    else if (e.message !== e.code) log.debug({ errno: e.code, reason: e.message }, what);
    return e.errno;
  }
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    log.error({ err: e }, `${what}: disk full`);
    return constants.errno.ENOSPC;
  }
  log.error({ err: e }, `${what} failed unexpectedly`);
  return constants.errno.EIO;
}
