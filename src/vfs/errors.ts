import { constants } from 'node:os';

export type ErrnoName = keyof typeof constants.errno;

/** An error a filesystem call answers with: an errno and the reason. */
export class FsError extends Error {
  readonly errno: number;
  readonly code: ErrnoName;

  constructor(code: ErrnoName, message?: string) {
    super(message ?? code);
    this.code = code;
    this.errno = constants.errno[code];
    this.name = 'FsError';
  }
}

export const fsError = (code: ErrnoName, message?: string): FsError => new FsError(code, message);

export function isFsError(e: unknown): e is FsError {
  return e instanceof FsError;
}
