import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toComplexC } from '../../../../src/quantum/npy/npy-array.js';
import { NpyError, type NpyErrorReason } from '../../../../src/quantum/npy/npy-error.js';
import { readNpy, writeNpy } from '../../../../src/quantum/npy/npy-file.js';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../fixtures/npy/${name}`, import.meta.url))));
const S = 1 / Math.sqrt(2); // as numpy computes it
const FIXTURES = ['bell_c16.npy', 'bell_rho_c16.npy', 'fortran_c16.npy', 'plus_c8.npy', 'probs_f8.npy', 'grid_f4.npy', 'scalar_f8.npy', 'bell_v2_c16.npy', 'bell_v3_c16.npy'];

function expectNpyError(bytes: Uint8Array, reason: NpyErrorReason): void {
  try {
    readNpy(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(NpyError);
    expect((e as NpyError).reason).toBe(reason);
    expect((e as NpyError).message).toMatch(/^npy: /);
    return;
  }
  throw new Error(`expected an NpyError (${reason})`);
}

/** A .npy file with an arbitrary header dict, padded the numpy way. */
function withHeader(dict: string, data = new Uint8Array(0), major = 1): Uint8Array {
  const lenSize = major === 1 ? 2 : 4;
  let text = dict;
  while ((8 + lenSize + text.length + 1) % 64 !== 0) text += ' ';
  text += '\n';
  const out = new Uint8Array(8 + lenSize + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[8 + lenSize + i] = text.charCodeAt(i);
  out.set(data, 8 + lenSize + text.length);
  return out;
}

describe('.npy reader/writer against files written by numpy', () => {
  it('round-trips every fixture byte for byte', () => {
    for (const name of FIXTURES) {
      const bytes = fixture(name);
      expect(Buffer.from(writeNpy(readNpy(bytes))).equals(Buffer.from(bytes)), name).toBe(true);
    }
  });

  it('writes numpy\'s header layout for a fresh array', () => {
    for (const name of ['bell_c16.npy', 'fortran_c16.npy', 'plus_c8.npy', 'grid_f4.npy', 'scalar_f8.npy']) {
      const bytes = fixture(name);
      const a = readNpy(bytes);
      delete a.header;
      expect(Buffer.from(writeNpy(a)).equals(Buffer.from(bytes)), name).toBe(true);
    }
  });

  it('reads values, dtypes, shapes and orders', () => {
    const bell = readNpy(fixture('bell_c16.npy'));
    expect(bell.dtype).toBe('c16');
    expect(bell.shape).toEqual([4]);
    expect(Array.from(bell.data)).toEqual([S, 0, 0, 0, 0, 0, S, 0]);
    expect(readNpy(fixture('bell_v2_c16.npy')).header?.version).toBe(2);
    expect(readNpy(fixture('bell_v3_c16.npy')).header?.version).toBe(3);
    const f = readNpy(fixture('fortran_c16.npy'));
    expect(f.fortranOrder).toBe(true);
    const c = toComplexC(f);
    // element (1, 2) of arange(16).reshape(4, 4) + 1j·arange(16, 32)...
    expect([c[2 * 6], c[2 * 6 + 1]]).toEqual([6, 22]);
    expect(Array.from(readNpy(fixture('plus_c8.npy')).data)).toEqual([Math.fround(S), 0, Math.fround(S), 0]);
    expect(Array.from(readNpy(fixture('grid_f4.npy')).data)).toEqual([1.5, -2, 0.25, 8]);
    const scalar = readNpy(fixture('scalar_f8.npy'));
    expect(scalar.shape).toEqual([]);
    expect(scalar.data[0]).toBe(0.75);
  });

  it('falls back to the 2.0 format when the header outgrows 65535 bytes', () => {
    const a = readNpy(fixture('probs_f8.npy'));
    const shape = new Array(25000).fill(1);
    shape[0] = 4;
    const big = writeNpy({ ...a, header: undefined, shape });
    expect(big[6]).toBe(2);
    expect(readNpy(big).shape.length).toBe(25000);
  });

  it('reports every malformed header with a typed error', () => {
    const good = fixture('bell_c16.npy');
    const data = good.subarray(128);
    expectNpyError(good.subarray(0, 4), 'magic');
    expectNpyError(Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x58, 1, 0, 0, 0]), 'magic');
    const badVersion = good.slice();
    badVersion[6] = 4;
    expectNpyError(badVersion, 'version');
    expectNpyError(good.subarray(0, 9), 'truncated');
    expectNpyError(good.subarray(0, 60), 'truncated');
    expectNpyError(good.subarray(0, good.length - 1), 'truncated');
    expectNpyError(Uint8Array.from([...good, 0]), 'trailing-bytes');
    const zeroLen = good.slice();
    zeroLen[8] = 0;
    zeroLen[9] = 0;
    expectNpyError(zeroLen, 'header-length');
    expectNpyError(withHeader("{'descr': '<c16', 'fortran_order': False, 'shape': (4,), ", data), 'header-syntax');
    expectNpyError(withHeader("{'descr': '<c16, 'fortran_order': False}", data), 'header-syntax');
    expectNpyError(withHeader("{'descr': '<c16', 'fortran_order': maybe, 'shape': (4,), }", data), 'header-syntax');
    expectNpyError(withHeader("{'descr': '<c16', 'fortran_order': 0, 'shape': (4,), }", data), 'header-syntax');
    expectNpyError(withHeader("{'descr': '<c16', 'shape': (4,), }", data), 'header-keys');
    expectNpyError(withHeader("{'descr': '<c16', 'fortran_order': False, 'shape': (4,), 'extra': 1, }", data), 'header-keys');
    expectNpyError(withHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (4,), }", data), 'dtype');
    expectNpyError(withHeader("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (4,), }", data), 'header-syntax');
    expectNpyError(withHeader("{'descr': '<c16', 'fortran_order': False, 'shape': 4, }", data), 'shape');
    expectNpyError(withHeader("{'descr': '<c16', 'fortran_order': False, 'shape': ('a',), }", data), 'shape');
    expectNpyError(withHeader("{'descr': '<c16', 'fortran_order': False, 'shape': (4,), }", data.subarray(8)), 'truncated');
    const v3 = withHeader("{'descr': '<c16', 'fortran_order': False, 'shape': (4,), }", data, 3);
    v3[20] = 0xff; // invalid UTF-8 inside a 3.0 header
    expectNpyError(v3, 'header-syntax');
  });

  it('refuses to write an inconsistent array', () => {
    expect(() => writeNpy({ dtype: 'c16', shape: [4], fortranOrder: false, data: new Float64Array(6) })).toThrow(NpyError);
    expect(() => writeNpy({ dtype: 'c8', shape: [1], fortranOrder: false, data: new Float64Array(2) })).toThrow(NpyError);
  });

  it('reads a file held in a Buffer that shares a larger allocation (any byteOffset)', () => {
    const bytes = fixture('bell_c16.npy');
    const pool = Buffer.alloc(bytes.length + 13);
    pool.set(bytes, 5);
    const a = readNpy(pool.subarray(5, 5 + bytes.length));
    expect(Array.from(toComplexC(a))).toEqual(Array.from(toComplexC(readNpy(bytes))));
  });
});
