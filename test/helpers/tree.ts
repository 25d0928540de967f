// Builds a demanding source tree on the local disk and compares two trees
// the way a backup user would: content, mode, mtime to the nanosecond,
// nlink, symlink targets, hard-link grouping and xattrs.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, readlinkSync, symlinkSync, utimesSync, writeFileSync, writeSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

/** Attributes QFS derives from a circuit's content: not part of what a copy must carry. */
const USER_QFS = ['user.qfs.tags=', 'user.qfs.author=', 'user.qfs.description='];
const isDerived = (line: string): boolean => line.startsWith('user.qfs.') && !USER_QFS.some((k) => line.startsWith(k));

export function setXattr(path: string, name: string, hexValue: string): void {
  const r = spawnSync('setfattr', ['-h', '-n', name, '-v', `0x${hexValue}`, path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`setfattr ${path}: ${r.stderr}`);
}

/** All xattrs of a path as name=hex (binary safe). */
export function xattrs(path: string): string {
  const r = spawnSync('getfattr', ['-h', '-d', '-m', '-', '-e', 'hex', '--absolute-names', path], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.includes('=') && !isDerived(l)).sort().join('\n');
}

export function buildTree(root: string, bigMiB: number): void {
  mkdirSync(join(root, 'a/b/c'), { recursive: true });
  writeFileSync(join(root, 'a/b/c/deep.txt'), 'deep\n');
  writeFileSync(join(root, 'name with spaces.qasm'), 'OPENQASM 2.0;\n');
  writeFileSync(join(root, 'ünïcødé-量子.txt'), 'utf8 name\n');
  writeFileSync(join(root, 'new\nline'), 'a newline in the name\n');
  writeFileSync(join(root, 'empty'), '');
  writeFileSync(join(root, 'a/exec.sh'), '#!/bin/sh\necho hi\n');
  chmodSync(join(root, 'a/exec.sh'), 0o750);
  writeFileSync(join(root, 'a/private'), 'secret\n');
  chmodSync(join(root, 'a/private'), 0o600);
  linkSync(join(root, 'a/b/c/deep.txt'), join(root, 'hardlink-to-deep'));
  linkSync(join(root, 'a/b/c/deep.txt'), join(root, 'a/second-hardlink'));
  symlinkSync('a/b/c/deep.txt', join(root, 'rel-symlink'));
  symlinkSync('/nonexistent/target', join(root, 'dangling-symlink'));
  // Sparse: 64 MiB with data at the start, the middle and the end.
  const fd = openSync(join(root, 'sparse.bin'), 'w');
  writeSync(fd, Buffer.from('head'), 0, 4, 0);
  writeSync(fd, Buffer.from('middle'), 0, 6, 32 << 20);
  writeSync(fd, Buffer.from('tail'), 0, 4, (64 << 20) - 4);
  closeSync(fd);
  // A big random file.
  const big = openSync(join(root, 'big.bin'), 'w');
  for (let i = 0; i < bigMiB; i++) writeSync(big, randomBytes(1 << 20));
  closeSync(big);
  setXattr(join(root, 'a/b/c/deep.txt'), 'user.qfs.tags', Buffer.from('vqe,test').toString('hex'));
  setXattr(join(root, 'empty'), 'user.binary', '00ff10fe00');
  setXattr(join(root, 'a'), 'user.dir', Buffer.from('on a directory').toString('hex'));
  // Distinct mtimes with nanoseconds (utimes takes seconds as floats: set via touch -d).
  spawnSync('touch', ['-h', '-d', '2021-03-04 05:06:07.123456789', join(root, 'rel-symlink')]);
  spawnSync('touch', ['-d', '2020-01-02 03:04:05.987654321', join(root, 'empty')]);
  utimesSync(join(root, 'a/b'), 1_600_000_000, 1_600_000_000);
}

export interface Entry {
  type: string; mode: number; size: number; mtimeNs: bigint; nlink: number; target?: string;
  sha?: string; xattr: string; linkGroup?: string;
}

/** path → what a lossless copy must preserve. Directory mtimes included. */
export function describeTree(root: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const inodeGroups = new Map<bigint, string>();
  const walk = (rel: string) => {
    const abs = rel ? join(root, rel) : root;
    const st = lstatSync(abs, { bigint: true });
    const type = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'link' : st.isFile() ? 'file' : 'other';
    const e: Entry = {
      type, mode: Number(st.mode), size: type === 'dir' ? 0 : Number(st.size), mtimeNs: st.mtimeNs,
      nlink: type === 'dir' ? 0 : Number(st.nlink), xattr: xattrs(abs),
    };
    if (type === 'link') e.target = readlinkSync(abs);
    if (type === 'file') {
      e.sha = createHash('sha256').update(readFileSync(abs)).digest('hex');
      if (st.nlink > 1n) {
        const first = inodeGroups.get(st.ino);
        if (first) e.linkGroup = first;
        else { inodeGroups.set(st.ino, rel); e.linkGroup = rel; }
      }
    }
    out.set(rel || '.', e);
    if (type === 'dir') for (const name of readdirSync(abs).sort()) walk(rel ? join(rel, name) : name);
  };
  walk('');
  return out;
}

/** Human-readable differences between two tree descriptions. */
export function compareTrees(a: Map<string, Entry>, b: Map<string, Entry>, ignoreRootMtime = true): string[] {
  const diffs: string[] = [];
  for (const [p, ea] of a) {
    const eb = b.get(p);
    if (!eb) { diffs.push(`missing: ${JSON.stringify(p)}`); continue; }
    for (const k of Object.keys(ea) as (keyof Entry)[]) {
      if (p === '.' && (k === 'mtimeNs' || k === 'mode' || k === 'xattr')) continue;
      if (k === 'mtimeNs' && ignoreRootMtime && p === '.') continue;
      if (k === 'linkGroup') continue;
      if (String(ea[k]) !== String(eb[k])) diffs.push(`${JSON.stringify(p)}: ${k} ${String(ea[k])} != ${String(eb[k])}`);
    }
    if ((ea.linkGroup === undefined) !== (eb.linkGroup === undefined)) diffs.push(`${JSON.stringify(p)}: hard-link grouping differs`);
  }
  for (const p of b.keys()) if (!a.has(p)) diffs.push(`extra: ${JSON.stringify(p)}`);
  // Hard links must be grouped identically.
  const groups = (m: Map<string, Entry>) => {
    const g = new Map<string, string[]>();
    for (const [p, e] of m) if (e.linkGroup) g.set(e.linkGroup, [...(g.get(e.linkGroup) ?? []), p]);
    return [...g.values()].map((x) => x.sort().join('|')).sort().join(';');
  };
  if (groups(a) !== groups(b)) diffs.push(`hard-link groups: ${groups(a)} != ${groups(b)}`);
  return diffs;
}
