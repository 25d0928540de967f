// The VFS as the trees' TreeWriter: results are built under a hidden name,
// committed, and renamed into place, so readers see all of them or nothing.
import { constants } from 'node:fs';
import { ROOT_INO } from '../meta/sqlite-meta.js';
import type { TreeWriter } from '../trees/states/tree-writer.js';
import type { Caller, Vfs } from './vfs.js';
import { isDir } from './attr.js';

const RENAME_NOREPLACE = 1;
let serial = 0;
const hiddenName = (name: Buffer): Buffer => Buffer.from(`.${name.toString('latin1')}.${process.pid}.${++serial}.partial`, 'latin1');

export class VfsTreeWriter implements TreeWriter {
  constructor(private readonly vfs: Vfs) {}

  mkdir(parent: number, name: Buffer, caller: Caller): number {
    const a = this.vfs.mkdir(caller, parent, name, 0o755);
    this.vfs.forget(a.ino, 1);
    return a.ino;
  }

  async replaceFile(parent: number, name: Buffer, content: Buffer, caller: Caller): Promise<void> {
    const tmp = hiddenName(name);
    await this.writeNew(parent, tmp, content, caller);
    try {
      this.vfs.rename(parent, tmp, parent, name, 0);
    } catch (e) {
      this.vfs.unlink(parent, tmp);
      throw e;
    }
  }

  async publishDir(parent: number, name: Buffer, files: Record<string, Uint8Array>, caller: Caller): Promise<void> {
    const tmp = hiddenName(name);
    const dir = this.mkdir(parent, tmp, caller);
    try {
      for (const [file, bytes] of Object.entries(files)) {
        await this.writeNew(dir, Buffer.from(file), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), caller);
      }
      this.vfs.rename(parent, tmp, parent, name, RENAME_NOREPLACE);
    } catch (e) {
      for (const file of Object.keys(files)) {
        try { this.vfs.unlink(dir, Buffer.from(file)); } catch { /* not created */ }
      }
      this.vfs.rmdir(parent, tmp);
      throw e;
    }
  }

  remove(parent: number, name: Buffer): void {
    if (this.vfs.meta.lookup(parent, name) !== undefined) this.vfs.unlink(parent, name);
  }

  lookupPath(path: string): number | undefined {
    let ino = ROOT_INO;
    for (const part of path.split('/').filter((p) => p && p !== '.')) {
      if (!isDir(this.vfs.getattr(ino).mode)) return undefined;
      const next = part === '..' ? this.vfs.meta.parentOf(ino) : this.vfs.meta.lookup(ino, Buffer.from(part));
      if (next === undefined) return undefined;
      ino = next;
    }
    return ino;
  }

  async readFile(ino: number): Promise<Buffer> {
    const size = this.vfs.getattr(ino).size;
    return this.vfs.read(ino, 0, size);
  }

  private async writeNew(dir: number, name: Buffer, content: Buffer, caller: Caller): Promise<void> {
    const { attr, fh } = await this.vfs.create(caller, dir, name, 0o644, constants.O_WRONLY);
    try {
      for (let off = 0; off < content.length; off += 1 << 20) {
        await this.vfs.write(attr.ino, off, content.subarray(off, off + (1 << 20)));
      }
      await this.vfs.commitFile(attr.ino);
    } finally {
      this.vfs.release(fh);
      this.vfs.forget(attr.ino, 1);
    }
  }
}
