// /circuits parses committed circuit files: metadata as user.qfs.* xattrs,
// invalid files stored and flagged, user tags, read-only derived attributes,
// rename into place, and --strict refusing bad content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, writeSync, readFileSync, readdirSync, readlinkSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cleanup, mountQfs, QFS, ROOT, tempDir, type Mounted } from '../helpers/mount.js';

const CORPUS = resolve(ROOT, '..', 'shared', 'corpus', 'openqasm-examples');
const getfattr = (path: string, name: string) => {
  const r = spawnSync('getfattr', ['-n', name, '--only-values', path], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
};

describe('CircuitFS metadata', () => {
  let m: Mounted;
  beforeAll(async () => { m = await mountQfs(); });
  afterAll(async () => {
    await m?.stop();
    cleanup(m?.mp ?? '', m?.data ?? '');
  });

  it.skipIf(!existsSync(CORPUS))('exposes the corpus metrics as xattrs', async () => {
    const expected = JSON.parse(readFileSync(join(CORPUS, 'EXPECTED.json'), 'utf8')) as Record<string, Record<string, number>>;
    const v2 = Object.keys(expected).filter((k) => k.startsWith('v2/'));
    for (const k of v2) copyFileSync(join(CORPUS, k), join(m.circuits, k.slice(3)));
    await new Promise((r) => setTimeout(r, 300)); // one group commit
    const mismatches: string[] = [];
    for (const k of v2) {
      const p = join(m.circuits, k.slice(3));
      const e = expected[k]!;
      if ((e as unknown as { invalid?: boolean }).invalid) {
        if (getfattr(p, 'user.qfs.valid') !== '0') mismatches.push(`${k}: expected valid=0`);
        continue;
      }
      for (const [key, want] of Object.entries(e)) {
        const got = getfattr(p, `user.qfs.${key}`);
        if (got !== String(want)) mismatches.push(`${k}: ${key} ${got} != ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('stores an invalid circuit and flags it with line:col', async () => {
    const p = join(m.circuits, 'broken.qasm');
    writeFileSync(p, 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nfoo q[0];\n');
    await new Promise((r) => setTimeout(r, 200));
    expect(readFileSync(p, 'utf8')).toMatch(/foo q\[0\]/);
    expect(getfattr(p, 'user.qfs.valid')).toBe('0');
    expect(getfattr(p, 'user.qfs.error')).toMatch(/^4:1: .*foo/);
  });

  it('stays up through circuits past what it can count: two billion qubits, nesting past the stack', () => {
    // Small files, parsed on the FUSE thread itself: a crash there would take the mount down.
    const huge = join(m.circuits, 'huge.qasm');
    const deep = join(m.circuits, 'deep.qasm');
    writeFileSync(huge, 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2000000000];\nh q;\n');
    writeFileSync(deep, `OPENQASM 2.0;\nqreg q[1];\nU(${'('.repeat(100_000)}0${')'.repeat(100_000)},0,0) q[0];\n`);
    expect(getfattr(huge, 'user.qfs.valid')).toBe('0');
    expect(getfattr(huge, 'user.qfs.error')).toMatch(/^3:8: 2000000000 qubits: more than the \d+ QFS counts/);
    expect(getfattr(deep, 'user.qfs.error')).toBe('1:1: nested too deeply to parse');
    expect(readFileSync(huge, 'utf8')).toContain('qreg q[2000000000];');
    const next = join(m.circuits, 'after-huge.qasm');
    writeFileSync(next, 'OPENQASM 2.0;\nqreg q[4];\n');
    expect(getfattr(next, 'user.qfs.qubits')).toBe('4');
  });

  it('lets users tag circuits and keeps derived attributes read-only', async () => {
    const p = join(m.circuits, 'bell.qasm');
    writeFileSync(p, 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n');
    await new Promise((r) => setTimeout(r, 200));
    expect(spawnSync('setfattr', ['-n', 'user.qfs.tags', '-v', 'bell,demo', p]).status).toBe(0);
    expect(getfattr(p, 'user.qfs.tags')).toBe('bell,demo');
    const r = spawnSync('setfattr', ['-n', 'user.qfs.qubits', '-v', '99', p], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/not permitted/);
    expect(getfattr(p, 'user.qfs.qubits')).toBe('2');
    expect(getfattr(p, 'user.qfs.depth')).toBe('3'); // h, cx, then both measures in one layer
    const all = spawnSync('getfattr', ['-d', p], { encoding: 'utf8' }).stdout;
    expect(all).toMatch(/user\.qfs\.cx="1"/);
    expect(all).toMatch(/user\.qfs\.sha256="[0-9a-f]{64}"/);
  });

  it('indexes a file renamed into place, and plain artifacts get no circuit metadata', async () => {
    writeFileSync(join(m.circuits, 'ghz.tmp'), 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\nh q[0];\ncx q[0],q[1];\ncx q[1],q[2];\n');
    renameSync(join(m.circuits, 'ghz.tmp'), join(m.circuits, 'ghz.qasm'));
    writeFileSync(join(m.circuits, 'params.json'), '{"theta": 0.5}');
    await new Promise((r) => setTimeout(r, 300));
    expect(getfattr(join(m.circuits, 'ghz.qasm'), 'user.qfs.qubits')).toBe('3');
    expect(getfattr(join(m.circuits, 'params.json'), 'user.qfs.valid')).toBeUndefined();
  });

  it('drops the metadata of a circuit renamed to a plain name, and restores it on the way back, at once', () => {
    const p = join(m.circuits, 'bell.qasm');
    writeFileSync(p, 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\ncx q[0],q[1];\n');
    expect(getfattr(p, 'user.qfs.qubits')).toBe('2');
    // No wait between the renames and the looks: each look waits for the commit that reindexes the file.
    renameSync(p, join(m.circuits, 'bell.txt'));
    expect(getfattr(join(m.circuits, 'bell.txt'), 'user.qfs.qubits')).toBeUndefined();
    expect(readdirSync(join(m.circuits, '.search', 'qubits=2'))).not.toContain('bell.txt');
    renameSync(join(m.circuits, 'bell.txt'), p);
    expect(readdirSync(join(m.circuits, '.search', 'qubits=2'))).toContain('bell.qasm');
    expect(getfattr(p, 'user.qfs.qubits')).toBe('2');
  });
});

describe('versions', () => {
  let m: Mounted;
  beforeAll(async () => { m = await mountQfs({ extra: [] }); });
  afterAll(async () => {
    await m?.stop();
    cleanup(m?.mp ?? '', m?.data ?? '');
  });
  const settle = () => new Promise((r) => setTimeout(r, 150));

  it('keeps each committed content as a hidden read-only version, pruned to 10, across renames', async () => {
    const p = join(m.circuits, 'vqe.qasm');
    for (let i = 1; i <= 12; i++) {
      writeFileSync(p, `OPENQASM 2.0;\nqreg q[${i}];\n`);
      await settle();
    }
    writeFileSync(p, `OPENQASM 2.0;\nqreg q[12];\n`); // same content: no new version
    await settle();
    const vdir = join(m.circuits, '.versions', 'vqe.qasm');
    expect(readdirSync(vdir)).toEqual(['v10.qasm', 'v11.qasm', 'v12.qasm', 'v3.qasm', 'v4.qasm', 'v5.qasm', 'v6.qasm', 'v7.qasm', 'v8.qasm', 'v9.qasm']);
    expect(readFileSync(join(vdir, 'v3.qasm'), 'utf8')).toBe('OPENQASM 2.0;\nqreg q[3];\n');
    expect(readdirSync(m.circuits)).not.toContain('.versions');
    expect(() => writeFileSync(join(vdir, 'v3.qasm'), 'x')).toThrow(/EROFS|EACCES/);
    expect(() => writeFileSync(join(vdir, 'new'), 'x')).toThrow(/EROFS|EACCES/);
    // restoring is cp
    copyFileSync(join(vdir, 'v5.qasm'), p);
    await settle();
    expect(readFileSync(p, 'utf8')).toBe('OPENQASM 2.0;\nqreg q[5];\n');
    renameSync(p, join(m.circuits, 'renamed.qasm'));
    await settle();
    expect(readdirSync(join(m.circuits, '.versions', 'renamed.qasm'))).toContain('v13.qasm');
    expect(existsSync(join(m.circuits, '.versions', 'vqe.qasm'))).toBe(false);
    // retention is configurable
    await m.stop();
    process.env.QFS_KEEP_VERSIONS = '2';
    try {
      m = await mountQfs({ data: m.data, mp: m.mp });
    } finally {
      delete process.env.QFS_KEEP_VERSIONS;
    }
    writeFileSync(join(m.circuits, 'renamed.qasm'), 'OPENQASM 2.0;\nqreg q[7];\n');
    await settle();
    expect(readdirSync(join(m.circuits, '.versions', 'renamed.qasm'))).toEqual(['v13.qasm', 'v14.qasm']);
    const listed = spawnSync(process.execPath, [join(ROOT, 'bin', 'qfs.js'), 'versions', '/circuits/renamed.qasm', '--data', m.data], { encoding: 'utf8' });
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/^v14\t\d{4}-\d\d-\d\dT.*\t\d+ B\t[0-9a-f]{64}$/);
  });

  it('works on the data dir of the mount that a path, or the working directory, is on', async () => {
    const p = join(m.circuits, 'located.qasm');
    writeFileSync(p, 'OPENQASM 2.0;\nqreg q[2];\n');
    writeFileSync(p, 'OPENQASM 2.0;\nqreg q[3];\n');
    await settle();
    // $QFS_DATA names another data dir: the mount a path is on comes first.
    const other = tempDir('other-data');
    try {
      const run = (args: string[], cwd = ROOT) =>
        spawnSync(process.execPath, [QFS, ...args], { cwd, encoding: 'utf8', env: { ...process.env, QFS_DATA: other } });
      const listed = run(['versions', p]);
      expect(listed.stderr).toBe('');
      expect(listed.stdout.trim().split('\n').map((l) => l.split('\t')[0])).toEqual(['v1', 'v2']);
      expect(run(['versions', 'located.qasm'], m.circuits).stdout).toBe(listed.stdout);
      expect(run(['search', 'qubits=3'], m.circuits).stdout).toContain('/circuits/located.qasm\n');
      const wrong = run(['versions', p, '--data', other]);
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toMatch(/is on the QFS mount at .*, whose data dir is /);
    } finally {
      cleanup(other);
    }
  });
});

describe('racing writers', () => {
  let m: Mounted;
  beforeAll(async () => { m = await mountQfs(); });
  afterAll(async () => {
    await m?.stop();
    cleanup(m?.mp ?? '', m?.data ?? '');
  });

  it('keeps both versions of two writers closing in quick succession; the last close wins', () => {
    const p = join(m.circuits, 'race.qasm');
    // Two writers rewrite the file whole, one right after the other (well
    // inside one group-commit window). Writers whose opens overlap share the
    // file, as POSIX says; each close still commits what the file holds then.
    const fdA = openSync(p, 'w');
    writeSync(fdA, 'OPENQASM 2.0;\nqreg q[1];\n');
    closeSync(fdA);
    const fdB = openSync(p, 'w');
    writeSync(fdB, 'OPENQASM 2.0;\nqreg q[3];\n');
    closeSync(fdB);
    expect(readFileSync(p, 'utf8')).toBe('OPENQASM 2.0;\nqreg q[3];\n');
    const versions = readdirSync(join(m.circuits, '.versions', 'race.qasm')).sort();
    const contents = versions.map((v) => readFileSync(join(m.circuits, '.versions', 'race.qasm', v), 'utf8'));
    expect(contents).toContain('OPENQASM 2.0;\nqreg q[1];\n');
    expect(contents.at(-1)).toBe('OPENQASM 2.0;\nqreg q[3];\n');
  });

  it('shows each closed circuit to the very next look: attributes, versions, search', () => {
    // close(2) returns before the commit; whatever reads the index waits for it.
    const dir = join(m.circuits, 'burst');
    mkdirSync(dir);
    const ghz = (n: number, i: number) => `OPENQASM 2.0;\ninclude "qelib1.inc";\n// ${i}\nqreg q[${n}];\nh q[0];\n` +
      Array.from({ length: n - 1 }, (_, k) => `cx q[${k}],q[${k + 1}];\n`).join('');
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `g${i}.qasm`), ghz(2 + (i % 5), i));
    expect(readdirSync(join(m.circuits, '.search', 'qubits=6')).filter((n) => n.startsWith('g')).length).toBe(8);
    expect(getfattr(join(dir, 'g39.qasm'), 'user.qfs.qubits')).toBe('6');
    // A rewrite right after a close makes a second version: the first is committed before it starts.
    const p = join(dir, 'g0.qasm');
    for (let i = 0; i < 5; i++) writeFileSync(p, ghz(3, 100 + i));
    expect(readdirSync(join(m.circuits, '.versions', 'burst', 'g0.qasm'))).toHaveLength(6);
    expect(getfattr(p, 'user.qfs.gates')).toBe('3');
    // A stat of .search waits as well: the kernel keeps its name, not its
    // attributes. The last circuit is bulk data (synced before its commit),
    // so its commit is still under way when the stat arrives.
    statSync(join(m.circuits, '.search'));
    const db = new Database(join(m.data, 'meta.db'), { readonly: true });
    try {
      for (let i = 0; i < 20; i++) writeFileSync(join(dir, `s${i}.qasm`), ghz(7, 200 + i) + (i === 19 ? '//\n'.repeat(80_000) : ''));
      statSync(join(m.circuits, '.search'));
      expect(db.prepare('SELECT COUNT(*) AS n FROM circuits WHERE qubits = 7').get()).toEqual({ n: 20 });
    } finally {
      db.close();
    }
  });
});

describe('qfs search', () => {
  let m: Mounted;
  beforeAll(async () => {
    m = await mountQfs();
    const c = (n: number) => `OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[${n}];\n` + Array.from({ length: n - 1 }, (_, i) => `cx q[${i}],q[${i + 1}];\n`).join('');
    for (const n of [2, 4, 8, 12, 16]) writeFileSync(join(m.circuits, `chain${n}.qasm`), c(n));
    writeFileSync(join(m.circuits, 'h.qasm'), 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[5];\nh q;\n');
    writeFileSync(join(m.circuits, 'bad.qasm'), 'OPENQASM 2.0;\nqreg q[1];\nnope q[0];\n');
    await new Promise((r) => setTimeout(r, 300));
    spawnSync('setfattr', ['-n', 'user.qfs.tags', '-v', 'vqe, chain', join(m.circuits, 'chain8.qasm')]);
    spawnSync('setfattr', ['-n', 'user.qfs.author', '-v', 'ada', join(m.circuits, 'chain12.qasm')]);
  });
  afterAll(async () => {
    await m?.stop();
    cleanup(m?.mp ?? '', m?.data ?? '');
  });
  const search = (...args: string[]) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'qfs.js'), 'search', '--data', m.data, ...args], { encoding: 'utf8' });
    return { code: r.status, paths: r.stdout.split('\n').filter(Boolean).sort(), err: r.stderr };
  };

  it('filters by ranges, gates, tags, author, validity and text', () => {
    expect(search('--qubits', '4..12').paths).toEqual(['/circuits/chain12.qasm', '/circuits/chain4.qasm', '/circuits/chain8.qasm', '/circuits/h.qasm']);
    expect(search('--qubits', '13..').paths).toEqual(['/circuits/chain16.qasm']);
    expect(search('--gate', 'h').paths).toEqual(['/circuits/h.qasm']);
    expect(search('--cx', '..3', '--gate', 'cx').paths).toEqual(['/circuits/chain2.qasm', '/circuits/chain4.qasm']);
    expect(search('--tag', 'vqe').paths).toEqual(['/circuits/chain8.qasm']);
    expect(search('author=ada').paths).toEqual(['/circuits/chain12.qasm']);
    expect(search('--valid', '0').paths).toEqual(['/circuits/bad.qasm']);
    expect(search('--text', 'CHAIN1').paths).toEqual(['/circuits/chain12.qasm', '/circuits/chain16.qasm']);
    const json = JSON.parse(search('--qubits', '16', '--json').paths[0]!);
    expect(json).toMatchObject({ path: '/circuits/chain16.qasm', qubits: 16, twoQubit: 15, depth: 15, valid: true });
  });

  it('offers /circuits/.search/<query>/ as symlinks to the matches', async () => {
    const dir = join(m.circuits, '.search', 'qubits=4..12');
    expect(readdirSync(dir).sort()).toEqual(['chain12.qasm', 'chain4.qasm', 'chain8.qasm', 'h.qasm']);
    expect(readlinkSync(join(dir, 'chain8.qasm'))).toBe('../../chain8.qasm');
    expect(readFileSync(join(dir, 'chain8.qasm'), 'utf8')).toMatch(/qreg q\[8\]/);
    expect(readdirSync(join(m.circuits, '.search', 'tag=vqe,gate=cx'))).toEqual(['chain8.qasm']);
    expect(readdirSync(m.circuits)).not.toContain('.search');
    expect(() => readdirSync(join(m.circuits, '.search', 'qubits=many'))).toThrow(/EINVAL/);
    for (let i = 0; i < 20 && !/is not a number or range/.test(m.log()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(m.log()).toMatch(/qubits: 'many' is not a number or range/);
    expect(() => writeFileSync(join(dir, 'x'), '')).toThrow(/EROFS|EACCES/);
  });

  it('rejects a malformed query with the reason', () => {
    const r = search('qubits=lots');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/qubits: 'lots' is not a number or range/);
    expect(search('colour=red').err).toMatch(/unknown search key 'colour'/);
  });
});

describe('strict mount', () => {
  let m: Mounted;
  beforeAll(async () => { m = await mountQfs({ extra: ['--strict'] }); });
  afterAll(async () => {
    await m?.stop();
    cleanup(m?.mp ?? '', m?.data ?? '');
  });

  it('refuses invalid content at close with EINVAL and keeps the previous version', async () => {
    const p = join(m.circuits, 'c.qasm');
    const good = 'OPENQASM 2.0;\nqreg q[1];\nU(0,0,0) q[0];\n';
    writeFileSync(p, good);
    // The shell ignores close(2) errors; python reports them.
    const r = spawnSync('python3', ['-c', `f = open(${JSON.stringify(p)}, 'w'); f.write('OPENQASM 2.0;\\nqreg q[1];\\nbogus q[0];\\n'); f.close()`], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/Invalid argument/);
    // fsync refuses too. (dd is no good here: it closes a duplicate of its
    // output right after opening, and that close commits the emptied file.)
    const fsynced = spawnSync('python3', ['-c', `import os; fd = os.open(${JSON.stringify(p)}, os.O_WRONLY | os.O_TRUNC); os.write(fd, b'OPENQASM 2.0;\\nnope;\\n'); os.fsync(fd)`], { encoding: 'utf8' });
    expect(fsynced.status).not.toBe(0);
    expect(fsynced.stderr).toMatch(/Invalid argument/);
    expect(readFileSync(p, 'utf8')).toBe(good);
    expect(getfattr(p, 'user.qfs.valid')).toBe('1');
    expect(readdirSync(m.circuits)).toEqual(['c.qasm']);
  });

  it('refuses a rename that would make invalid content a circuit, and keeps the target', () => {
    const p = join(m.circuits, 'saved.qasm');
    const good = 'OPENQASM 2.0;\nqreg q[2];\n';
    writeFileSync(p, good);
    // An editor's save: the new content is written to a temporary name, then renamed over the file.
    const draft = join(m.circuits, 'saved.qasm.swp');
    writeFileSync(draft, 'OPENQASM 2.0;\nqreg q[2];\nbogus q[0];\n');
    expect(() => renameSync(draft, p)).toThrow(/EINVAL/);
    expect(readFileSync(p, 'utf8')).toBe(good);
    expect(getfattr(p, 'user.qfs.valid')).toBe('1');
    // An exchange that would put it there is refused too; valid content renames as usual.
    const swapped = spawnSync('python3', ['-c', `import ctypes, os; libc = ctypes.CDLL(None, use_errno=True)
r = libc.renameat2(-100, ${JSON.stringify(draft)}.encode(), -100, ${JSON.stringify(p)}.encode(), 2)
print(r, os.strerror(ctypes.get_errno()))`], { encoding: 'utf8' });
    expect(swapped.stdout.trim()).toBe('-1 Invalid argument');
    writeFileSync(draft, 'OPENQASM 2.0;\nqreg q[3];\n');
    renameSync(draft, p);
    expect(getfattr(p, 'user.qfs.qubits')).toBe('3');
    // A plain name is not checked.
    writeFileSync(draft, 'not a circuit');
    renameSync(draft, join(m.circuits, 'notes.txt'));
    expect(readFileSync(join(m.circuits, 'notes.txt'), 'utf8')).toBe('not a circuit');
  });
});
