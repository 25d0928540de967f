// Control files (/states/capture, later /qubits/alloc): a write of one line
// is a request, carried out inside the write() call, so its errno reaches
// the writer (`echo … > capture || echo failed`). They are opened with
// direct I/O: every write comes here, none is cached.
import type { Caller } from '../vfs/vfs.js';

/** Inode numbers of control files: above any SQLite rowid, below the computed trees. */
export const CONTROL_BASE = 2 ** 49;
export const isControl = (ino: number): boolean => ino >= CONTROL_BASE && ino < 2 ** 50;

export interface ControlFile {
  readonly ino: number;
  /** The directory that shows it, and its name there. */
  readonly parent: number;
  readonly name: Buffer;
  /** What reading it returns: usage. */
  readonly help: string;
  /** Carries out one request line; throws FsError. */
  handle(line: string, caller: Caller): Promise<void>;
}

/** The request lines of one write: non-empty, comments (#) dropped. */
export function requestLines(data: Buffer): string[] {
  return data.toString('utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}
