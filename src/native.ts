// Loads the project's native module (libfuse3 binding and lz4) built by
// node-gyp into native/build.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** How the binding serves a mount. */
export interface MountOptions {
  /** Whether any inode may have a security.capability xattr (false lets the binding answer ENODATA in C). */
  capabilityXattrs?: boolean;
  /** The busy-polling window, µs (native/src/busy_poll.c; 0: off). */
  busyPollUs?: number;
  /** The loop-spinning window, µs (native/src/loop_spin.c; 0: off). */
  loopSpinUs?: number;
}

export interface NativeModule {
  mount(mountpoint: string, args: string[], handler: (req: RawRequest) => void, options?: MountOptions): object;
  unmount(session: object, lazy: boolean): number;
  close(session: object): void;
  replyErr(req: number, errno: number): number;
  replyEntry(req: number, attr: Float64Array, attrTimeout: number, entryTimeout: number): number;
  replyCreate(req: number, attr: Float64Array, attrTimeout: number, entryTimeout: number, fh: number, openFlags: number): number;
  replyAttr(req: number, attr: Float64Array, timeout: number): number;
  replyOpen(req: number, fh: number, openFlags: number): number;
  replyWrite(req: number, count: number): number;
  replyBuf(req: number, data?: Buffer | null): number;
  replyReadlink(req: number, target: Buffer): number;
  replyStatfs(req: number, st: Float64Array): number;
  replyXattr(req: number, size: number): number;
  replyLseek(req: number, off: number): number;
  replyDir(req: number, size: number, plus: boolean, names: Buffer[], attrs: Float64Array, offsets: Float64Array,
    attrTimeout: number, entryTimeout: number): number;
  replyNone(req: number): void;
  /** Success for a release or releasedir, which no caller waits for. */
  replyReleased(req: number): number;
  lz4Compress(src: Buffer): Buffer | null;
  lz4CompressAsync(src: Buffer): Promise<Buffer | null>;
  lz4Decompress(src: Buffer, rawLen: number): Buffer;
}

/** A request as the native layer hands it over; fields depend on `op`. */
export interface RawRequest {
  op: number;
  req: number;
  ino: number;
  uid: number;
  gid: number;
  pid: number;
  umask: number;
  flags: number;
  fh: number;
  size?: number;
  off?: number;
  off2?: number;
  ino2?: number;
  fh2?: number;
  mode?: number;
  rdev?: number;
  toSet?: number;
  attrUid?: number;
  attrGid?: number;
  atime?: number;
  atimeNs?: number;
  mtime?: number;
  mtimeNs?: number;
  ctime?: number;
  ctimeNs?: number;
  name?: Buffer;
  name2?: Buffer;
  data?: Buffer;
  forgets?: number[];
}

const here = dirname(fileURLToPath(import.meta.url));
let loaded: NativeModule | undefined;

export function native(): NativeModule {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const path = join(here, '..', 'native', 'build', 'Release', 'qfs_native.node');
    try {
      loaded = require(path) as NativeModule;
    } catch (e) {
      throw new Error(`QFS native module missing at ${path}: run 'npm run build' (${(e as Error).message})`);
    }
  }
  return loaded;
}
