// /states through a real mount: .npy validation and description, lossless
// quantum-aware storage, capture (and each of its errors), reconstruction from
// counts.json, incremental checkpoints, and all of it surviving a remount.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, mountQfs, qfs, type Mounted } from '../helpers/mount.js';
import { prng } from '../helpers/prng.js';
import { readNpy, writeNpy } from '../../src/quantum/npy/npy-file.js';
import { complexArray, toComplexC } from '../../src/quantum/npy/npy-array.js';

const getfattr = (path: string, name: string) => {
  const r = spawnSync('getfattr', ['-n', name, '--only-values', path], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
};
const setfattr = (path: string, name: string, value: string) =>
  spawnSync('setfattr', ['-n', name, '-v', value, path], { encoding: 'utf8' });

function vector(n: number, amp: (i: number) => [number, number]): Buffer {
  const d = 2 ** n;
  const data = new Float64Array(2 * d);
  for (let i = 0; i < d; i++) [data[2 * i], data[2 * i + 1]] = amp(i);
  return Buffer.from(writeNpy(complexArray([d], data)));
}
const ghz = (n: number) => vector(n, (i) => (i === 0 || i === 2 ** n - 1 ? [Math.SQRT1_2, 0] : [0, 0]));
const wState = (n: number) => vector(n, (i) => (i && (i & (i - 1)) === 0 ? [1 / Math.sqrt(n), 0] : [0, 0]));
function randomState(n: number, seed: number): Buffer {
  const r = prng(seed);
  const raw = Array.from({ length: 2 ** (n + 1) }, () => r() - 0.5);
  const norm = Math.sqrt(raw.reduce((s, x) => s + x * x, 0));
  return vector(n, (i) => [raw[2 * i]! / norm, raw[2 * i + 1]! / norm]);
}

const OPENQASM_BELL = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n';
const ghzQasm = (n: number) =>
  `OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[${n}];\nh q[0];\n${Array.from({ length: n - 1 }, (_, i) => `cx q[0],q[${i + 1}];\n`).join('')}`;

/** The errno name a write to a control file fails with, or 'ok'. */
function request(path: string, line: string): string {
  try {
    writeFileSync(path, `${line}\n`);
    return 'ok';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'unknown';
  }
}

describe('StateStore', () => {
  let m: Mounted;
  let states: string;
  beforeAll(async () => {
    m = await mountQfs();
    states = join(m.mp, 'states');
    writeFileSync(join(m.circuits, 'bell.qasm'), OPENQASM_BELL);
    writeFileSync(join(m.circuits, 'ghz3.qasm'), ghzQasm(3));
    writeFileSync(join(m.circuits, 'ghz11.qasm'), ghzQasm(11));
  });
  afterAll(async () => {
    await m?.stop();
    cleanup(m?.mp ?? '', m?.data ?? '');
  });

  it('lays out capture, snapshots, tomography and checkpoints', () => {
    expect(readdirSync(states).sort()).toEqual(['capture', 'checkpoints', 'snapshots', 'tomography']);
    expect(readFileSync(join(states, 'capture'), 'utf8')).toContain('circuit=<path under the mount>');
    expect(() => writeFileSync(join(states, 'capture.x'), 'plain files are fine')).not.toThrow();
  });

  it('describes a valid state vector and stores it with a quantum codec, losslessly', () => {
    const bytes = ghz(12);
    const p = join(states, 'ghz12.npy');
    writeFileSync(p, bytes);
    expect(getfattr(p, 'user.qfs.valid')).toBe('1');
    expect(getfattr(p, 'user.qfs.kind')).toBe('state-vector');
    expect(getfattr(p, 'user.qfs.qubits')).toBe('12');
    expect(getfattr(p, 'user.qfs.norm')).toBe('1');
    expect(Number(getfattr(p, 'user.qfs.entropy'))).toBeCloseTo(1, 9);
    expect(getfattr(p, 'user.qfs.codec')).toBe('sparse');
    expect(Number(getfattr(p, 'user.qfs.stored_bytes'))).toBeLessThan(bytes.length / 100);
    expect(getfattr(p, 'user.qfs.raw_bytes')).toBe(String(bytes.length));
    expect(readFileSync(p).equals(bytes)).toBe(true);
  });

  it('flags invalid arrays, keeps them, and keeps derived attributes read-only', () => {
    const notNormalised = vector(3, () => [1, 0]);
    writeFileSync(join(states, 'unnormalised.npy'), notNormalised);
    expect(getfattr(join(states, 'unnormalised.npy'), 'user.qfs.valid')).toBe('0');
    expect(getfattr(join(states, 'unnormalised.npy'), 'user.qfs.error')).toMatch(/norm/);
    expect(readFileSync(join(states, 'unnormalised.npy')).equals(notNormalised)).toBe(true);

    writeFileSync(join(states, 'truncated.npy'), ghz(4).subarray(0, 100));
    expect(getfattr(join(states, 'truncated.npy'), 'user.qfs.kind')).toBe('not-npy');
    expect(getfattr(join(states, 'truncated.npy'), 'user.qfs.error')).toMatch(/ends after|truncated/);

    // A non-Hermitian "density matrix".
    const rho = new Float64Array(2 * 16);
    rho[0] = 1; rho[2] = 0.5;
    writeFileSync(join(states, 'skew.npy'), Buffer.from(writeNpy(complexArray([4, 4], rho))));
    expect(getfattr(join(states, 'skew.npy'), 'user.qfs.kind')).toBe('density-matrix');
    expect(getfattr(join(states, 'skew.npy'), 'user.qfs.valid')).toBe('0');
    expect(getfattr(join(states, 'skew.npy'), 'user.qfs.error')).toMatch(/Hermitian/i);

    const p = join(states, 'ghz12.npy');
    expect(setfattr(p, 'user.qfs.qubits', '3').status).not.toBe(0);
    expect(getfattr(p, 'user.qfs.qubits')).toBe('12');
    expect(setfattr(p, 'user.qfs.qubits', '12').status).toBe(0); // the same value: a restore, accepted
    expect(setfattr(p, 'user.qfs.iteration', '7').status).toBe(0);
    expect(getfattr(p, 'user.qfs.iteration')).toBe('7');
  });

  it('drops the description of a file renamed out of /states', () => {
    writeFileSync(join(states, 'moving.npy'), ghz(3));
    expect(getfattr(join(states, 'moving.npy'), 'user.qfs.qubits')).toBe('3');
    spawnSync('mv', [join(states, 'moving.npy'), join(m.circuits, 'moved.npy')]);
    const after = () => getfattr(join(m.circuits, 'moved.npy'), 'user.qfs.qubits');
    for (let i = 0; i < 50 && after() !== undefined; i++) spawnSync('sleep', ['0.02']);
    expect(after()).toBeUndefined();
  });

  it('captures a snapshot: rho.npy, counts.json and meta.json', () => {
    expect(request(join(states, 'capture'), 'circuit=/circuits/bell.qasm shots=2000 name=bell1 seed=7')).toBe('ok');
    const dir = join(states, 'snapshots', 'bell1');
    expect(readdirSync(dir).sort()).toEqual(['counts.json', 'meta.json', 'rho.npy']);
    const rho = readNpy(readFileSync(join(dir, 'rho.npy')));
    expect(rho.shape).toEqual([4, 4]);
    expect(rho.dtype).toBe('c16');
    const v = toComplexC(rho);
    expect(v[0]! + v[2 * 5]! + v[2 * 10]! + v[2 * 15]!).toBeCloseTo(1, 9); // unit trace
    expect(v[2 * 3]).toBeCloseTo(0.5, 1); // |00><11| coherence of a Bell state
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ qubits: 2, settings_measured: 9, total_shots: 18000, source: { device: 'ideal', method: 'pauli', shots: 2000, seed: 7 } });
    expect(meta.fidelity).toBeGreaterThan(0.97);
    expect(1 - meta.fidelity).toBeLessThanOrEqual(meta.fidelity_error_bar);
    const counts = JSON.parse(readFileSync(join(dir, 'counts.json'), 'utf8'));
    expect(counts).toMatchObject({ format: 'qfs.pauli-counts', version: 1, qubits: 2 });
    expect(Object.values(counts.settings.ZZ as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(2000);
    expect(counts.settings.ZZ['01']).toBeUndefined(); // a Bell state never gives 01 in ZZ
    expect(getfattr(join(dir, 'rho.npy'), 'user.qfs.kind')).toBe('density-matrix');
    expect(getfattr(join(dir, 'rho.npy'), 'user.qfs.valid')).toBe('1');
  });

  it('captures with a device noise model and with classical shadows', () => {
    expect(request(join(states, 'capture'), 'circuit=/circuits/ghz3.qasm shots=500 device=manila name=noisy seed=1')).toBe('ok');
    const noisy = JSON.parse(readFileSync(join(states, 'snapshots', 'noisy', 'meta.json'), 'utf8'));
    expect(noisy.source.device).toBe('ibmq_manila');
    expect(noisy.fidelity).toBeLessThan(0.99);
    expect(noisy.fidelity).toBeGreaterThan(0.5);
    expect(noisy.purity).toBeLessThan(0.99);

    expect(request(join(states, 'capture'), 'circuit=/circuits/ghz3.qasm shots=20000 method=shadow name=shadow1 seed=3')).toBe('ok');
    const shadow = JSON.parse(readFileSync(join(states, 'snapshots', 'shadow1', 'meta.json'), 'utf8'));
    expect(shadow.source.method).toBe('shadow');
    expect(shadow.shadowFidelity.estimate).toBeGreaterThan(0.85);
    expect(Math.abs(1 - shadow.shadowFidelity.estimate)).toBeLessThanOrEqual(shadow.shadowFidelity.errorBar + 0.05);
    expect(readNpy(readFileSync(join(states, 'snapshots', 'shadow1', 'rho.npy'))).shape).toEqual([8, 8]);
  });

  it('refuses bad capture requests with the right errno, the reason in the log, and nothing half-made', () => {
    const cap = join(states, 'capture');
    expect(request(cap, 'circuit=/circuits/bell.qasm')).toBe('EINVAL'); // shots missing
    expect(request(cap, 'nonsense')).toBe('EINVAL');
    expect(request(cap, 'circuit=/circuits/bell.qasm shots=10 method=magic')).toBe('EINVAL');
    expect(request(cap, 'circuit=/circuits/bell.qasm shots=10 colour=red')).toBe('EINVAL');
    expect(request(cap, 'circuit=/circuits/bell.qasm shots=10 device=nosuchdevice')).toBe('EINVAL');
    expect(request(cap, 'circuit=/circuits/bell.qasm shots=10 name=../escape')).toBe('EINVAL');
    expect(request(cap, 'circuit=/circuits/missing.qasm shots=10')).toBe('ENOENT');
    expect(request(cap, 'circuit=/circuits/bell.qasm shots=10 name=bell1')).toBe('EEXIST');
    expect(request(cap, 'circuit=/circuits/ghz11.qasm shots=10 name=big')).toBe('EFBIG');
    writeFileSync(join(m.circuits, 'broken.qasm'), 'OPENQASM 2.0;\nqreg q[2];\nfoo q[0];\n');
    expect(request(cap, 'circuit=/circuits/broken.qasm shots=10 name=broken')).toBe('EINVAL');
    expect(readdirSync(join(states, 'snapshots')).sort()).toEqual(['bell1', 'noisy', 'shadow1']);
    const log = m.log();
    expect(log).toContain('shots=<n> is required');
    expect(log).toContain('no such circuit /circuits/missing.qasm');
    expect(log).toContain("unknown device 'nosuchdevice'");
    expect(log).toContain('11 qubits');
  });

  it('reconstructs rho.npy and meta.json from a counts.json dropped into tomography/<name>/', () => {
    const dir = join(states, 'tomography', 'lab1');
    mkdirSync(dir);
    writeFileSync(join(dir, 'counts.json'), readFileSync(join(states, 'snapshots', 'bell1', 'counts.json')));
    expect(readdirSync(dir).sort()).toEqual(['counts.json', 'meta.json', 'rho.npy']);
    const mine = toComplexC(readNpy(readFileSync(join(dir, 'rho.npy'))));
    const captured = toComplexC(readNpy(readFileSync(join(states, 'snapshots', 'bell1', 'rho.npy'))));
    for (let i = 0; i < mine.length; i++) expect(mine[i]).toBeCloseTo(captured[i]!, 9);
    expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))).toMatchObject({ qubits: 2, total_shots: 18000 });

    // Malformed counts: close fails with EINVAL, the stale result goes, meta.json says why.
    const bad = join(m.data, '..', 'bad-counts.json');
    writeFileSync(bad, '{"qubits": 2, "settings": {"QQ": {"00": 1}}}');
    const r = spawnSync('cp', [bad, join(dir, 'counts.json')], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/Invalid argument/);
    expect(existsSync(join(dir, 'rho.npy'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')).error).toMatch(/QQ/);
  });

  it('stores a checkpoint that changes one block as that block only, and qfs status shows it', () => {
    const dir = join(states, 'checkpoints', 'vqe');
    mkdirSync(dir);
    const first = randomState(18, 1); // 4 MiB + header: five 1 MiB blocks
    writeFileSync(join(dir, '1.npy'), first);
    const second = Buffer.from(first);
    // Swap two amplitudes inside the second block: still normalised, one block differs.
    const a = 128 + 16 * 70_000, b = 128 + 16 * 70_001;
    const tmp = Buffer.from(second.subarray(a, a + 16));
    second.copy(second, a, b, b + 16);
    tmp.copy(second, b);
    writeFileSync(join(dir, '2.npy'), second);
    expect(getfattr(join(dir, '1.npy'), 'user.qfs.valid')).toBe('1');
    expect(getfattr(join(dir, '2.npy'), 'user.qfs.valid')).toBe('1');
    expect(Number(getfattr(join(dir, '1.npy'), 'user.qfs.stored_bytes'))).toBeGreaterThan(4 << 20);
    const stored2 = Number(getfattr(join(dir, '2.npy'), 'user.qfs.stored_bytes'));
    expect(stored2).toBeGreaterThan(0);
    expect(stored2).toBeLessThanOrEqual(1 << 20);
    expect(readFileSync(join(dir, '2.npy')).equals(second)).toBe(true);
    const st = qfs(['status', '--data', m.data, '--json']);
    const usage = JSON.parse(st.stdout).states.areas.find((x: { area: string }) => x.area === 'checkpoints');
    expect(usage.files).toBe(2);
    expect(usage.storedBytes).toBeLessThan(usage.rawBytes * 0.65);
  });

  it('keeps everything across a remount: bytes, attributes, codec blobs (fsck --deep, gc)', async () => {
    const p = join(states, 'ghz12.npy');
    const w = join(states, 'w16.npy');
    writeFileSync(w, wState(16));
    expect(getfattr(w, 'user.qfs.codec')).toBe('sparse');
    await m.stop();
    const gc = qfs(['gc', '--data', m.data]);
    expect(gc.code).toBe(0);
    const fsck = qfs(['fsck', '--deep', '--data', m.data]);
    expect(fsck.stdout + fsck.stderr).toMatch(/clean/);
    expect(fsck.code).toBe(0);
    m = await mountQfs({ data: m.data, mp: m.mp });
    expect(readFileSync(p).equals(ghz(12))).toBe(true);
    expect(readFileSync(w).equals(wState(16))).toBe(true);
    expect(getfattr(p, 'user.qfs.codec')).toBe('sparse');
    expect(getfattr(p, 'user.qfs.iteration')).toBe('7');
    expect(readdirSync(join(states, 'snapshots', 'bell1')).length).toBe(3);
  });
});

describe('StateStore on a strict mount', () => {
  let m: Mounted;
  beforeAll(async () => { m = await mountQfs({ extra: ['--strict'] }); });
  afterAll(async () => {
    await m?.stop();
    cleanup(m?.mp ?? '', m?.data ?? '');
  });

  it('refuses an invalid state at close and keeps the previous content', () => {
    const p = join(m.mp, 'states', 'psi.npy');
    writeFileSync(p, ghz(3));
    expect(() => writeFileSync(p, vector(3, () => [1, 0]))).toThrow(/EINVAL|invalid/);
    expect(readFileSync(p).equals(ghz(3))).toBe(true);
  });
});
