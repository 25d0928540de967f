// What open(2)'s flags ask for, in one place: the VFS decides on overlays and
// the FUSE adapter on flushes from the same answer.
import { constants } from 'node:fs';

/** open(2)'s access-mode bits (not in fs.constants). */
const O_ACCMODE = 3;

/** Whether an open may write (O_WRONLY or O_RDWR). */
export const opensForWriting = (flags: number): boolean => (flags & O_ACCMODE) !== constants.O_RDONLY;
