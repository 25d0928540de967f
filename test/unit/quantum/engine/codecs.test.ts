import { describe, expect, it } from 'vitest';
import { identityCompressor } from '../../../../src/quantum/codecs/block-compressor.js';
import { CodecError } from '../../../../src/quantum/codecs/codec-error.js';
import { lz4CompressBlock, lz4DecompressBlock, Lz4Error } from '../../../../src/quantum/codecs/lz4-block.js';
import { decodeState, encodeState, type EncodeOptions } from '../../../../src/quantum/codecs/state-codec.js';
import { DensityMatrix } from '../../../../src/quantum/noise/density-matrix.js';
import type { NpyArray } from '../../../../src/quantum/npy/npy-array.js';
import { readNpy, writeNpy } from '../../../../src/quantum/npy/npy-file.js';
import { ghzCircuit, randomCircuit, randomCliffordCircuit, wStateCircuit } from '../../../../src/quantum/sim/library-circuits.js';
import { createRng } from '../../../../src/quantum/sim/rng.js';
import { runCircuit } from '../../../../src/quantum/sim/run-circuit.js';
import type { Circuit } from '../../../../src/quantum/circuit.js';
import { rankSurelyAbove } from '../../../../src/quantum/codecs/mps-model.js';

const vector = (amps: Float64Array): NpyArray => readNpy(writeNpy({ dtype: 'c16', shape: [amps.length / 2], fortranOrder: false, data: amps }));
const stateOf = (c: Circuit): Float64Array => runCircuit(c).state.amplitudes;

function productCircuit(n: number, seed: number): Circuit {
  const rng = createRng(seed);
  const ops = Array.from({ length: n }, (_, q) => ({ kind: 'gate' as const, name: 'u', qubits: [q], params: [Math.PI * rng.next(), 2 * Math.PI * rng.next(), 2 * Math.PI * rng.next()] }));
  return { numQubits: n, numClbits: 0, ops };
}

/** Random one-qubit gates joined by a cx chain: entangled, with bond dimension 2. */
function chainCircuit(n: number, seed: number): Circuit {
  const c = productCircuit(n, seed);
  for (let q = 0; q + 1 < n; q++) c.ops.push({ kind: 'gate', name: 'cx', qubits: [q, q + 1], params: [] });
  return c;
}

function haar(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const a = new Float64Array(2 * 2 ** n);
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    a[i] = Math.sqrt(-2 * Math.log(rng.next() || 1e-300)) * Math.cos(2 * Math.PI * rng.next());
    s += a[i] * a[i];
  }
  return a.map((x) => x / Math.sqrt(s));
}

/** Encode, decode, and check the .npy file comes back byte for byte. */
function roundTrip(array: NpyArray, options?: EncodeOptions): { codec: string; ratio: number } {
  const file = writeNpy(array);
  const enc = encodeState(array, options);
  const back = writeNpy(decodeState(enc.bytes, options).array);
  expect(Buffer.from(back).equals(Buffer.from(file)), enc.codec).toBe(true);
  return { codec: enc.codec, ratio: enc.bytes.length / file.length };
}

describe('LZ4 block codec', () => {
  it('round-trips empty, short, repetitive and random data', () => {
    const rng = createRng(1);
    const inputs = [new Uint8Array(0), Uint8Array.of(1, 2, 3), new Uint8Array(100000).fill(7), Uint8Array.from({ length: 70000 }, (_, i) => (i % 251) ^ (i >> 9)), Uint8Array.from({ length: 5000 }, () => rng.nextUint32() & 255)];
    for (const input of inputs) expect(Buffer.from(lz4DecompressBlock(lz4CompressBlock(input), input.length)).equals(Buffer.from(input))).toBe(true);
    expect(lz4CompressBlock(new Uint8Array(100000)).length).toBeLessThan(600);
  });

  it('rejects corrupt blocks', () => {
    const packed = lz4CompressBlock(new Uint8Array(1000).fill(3));
    expect(() => lz4DecompressBlock(packed, 999)).toThrow(Lz4Error);
    expect(() => lz4DecompressBlock(packed.subarray(0, packed.length - 3), 1000)).toThrow(Lz4Error);
  });
});

describe('state codecs: exactness and fallback', () => {
  it('each codec is picked for the state it models and reads back exactly', () => {
    expect(roundTrip(vector(stateOf(ghzCircuit(10)))).codec).toBe('sparse');
    expect(roundTrip(vector(stateOf(wStateCircuit(10)))).codec).toBe('sparse');
    expect(roundTrip(vector(stateOf(productCircuit(10, 2)))).codec).toBe('product');
    expect(roundTrip(vector(stateOf(randomCliffordCircuit(10, 100, 3)))).codec).toBe('stabilizer');
    expect(roundTrip(vector(stateOf(chainCircuit(10, 4)))).codec).toBe('mps');
    expect(roundTrip(vector(haar(10, 5))).codec).toBe('dense');
  });

  it('falls through when a model does not fit', () => {
    // Product state with one entangled pair: not a product, not a stabilizer state, so MPS.
    const c = productCircuit(8, 7);
    c.ops.push({ kind: 'gate', name: 'cx', qubits: [0, 1], params: [] });
    expect(roundTrip(vector(stateOf(c))).codec).toBe('mps');
    // A stabilizer support with a non-Clifford phase: dense.
    const amps = stateOf(randomCliffordCircuit(8, 60, 1));
    const k = amps.findIndex((v) => v !== 0) >> 1;
    const [re, im] = [amps[2 * k], amps[2 * k + 1]];
    amps[2 * k] = re * Math.cos(0.3) - im * Math.sin(0.3);
    amps[2 * k + 1] = re * Math.sin(0.3) + im * Math.cos(0.3);
    const r = roundTrip(vector(amps));
    expect(['product', 'stabilizer']).not.toContain(r.codec);
  });

  it('stays exact for values a model predicts only to the last bit', () => {
    // A product state whose amplitudes were rounded by a different multiplication order.
    const a = stateOf(productCircuit(12, 9));
    for (let i = 0; i < a.length; i += 7) a[i] = a[i] * (1 + 2 ** -52);
    expect(roundTrip(vector(a)).codec).toBe('product');
  });

  it('handles complex64 vectors, Fortran-order and real arrays', () => {
    const c8 = stateOf(productCircuit(8, 3));
    expect(roundTrip({ dtype: 'c8', shape: [256], fortranOrder: false, data: Float32Array.from(c8) }).codec).toBe('product');
    const rho = DensityMatrix.fromStateVector(runCircuit(randomCircuit(4, 2, 2)).state);
    roundTrip({ dtype: 'c16', shape: [16, 16], fortranOrder: true, data: rho.data });
    roundTrip({ dtype: 'f8', shape: [3, 5], fortranOrder: false, data: Float64Array.from({ length: 15 }, (_, i) => i / 7) });
  });

  it('stores only the Hermitian half of a density matrix', () => {
    const rho = DensityMatrix.fromStateVector(runCircuit(randomCircuit(6, 3, 8)).state);
    const r = roundTrip({ dtype: 'c16', shape: [64, 64], fortranOrder: false, data: rho.data }, { compressor: identityCompressor });
    expect(r.codec).toBe('hermitian-half');
    expect(r.ratio).toBeLessThan(0.53);
    // A GHZ density matrix is sparse.
    const ghz = DensityMatrix.fromStateVector(runCircuit(ghzCircuit(5)).state);
    expect(roundTrip({ dtype: 'c16', shape: [32, 32], fortranOrder: false, data: ghz.data }).codec).toBe('sparse');
  });

  it('works with any block compressor', () => {
    expect(roundTrip(vector(haar(8, 1)), { compressor: identityCompressor }).codec).toBe('dense');
    expect(roundTrip(vector(stateOf(productCircuit(9, 4))), { compressor: identityCompressor }).codec).toBe('product');
  });

  it('rejects corrupt blobs', () => {
    const enc = encodeState(vector(stateOf(ghzCircuit(4))));
    const bad = enc.bytes.slice();
    bad[0] = 0;
    expect(() => decodeState(bad)).toThrow(CodecError);
    const version = enc.bytes.slice();
    version[3] = 99;
    expect(() => decodeState(version)).toThrow(/version/);
    expect(() => decodeState(enc.bytes.subarray(0, 12))).toThrow(CodecError);
  });
});

describe('lossy codecs on request', () => {
  it('truncated MPS records its fidelity', () => {
    const psi = stateOf(randomCircuit(10, 3, 6));
    const full = encodeState(vector(psi), { lossy: { kind: 'mps', maxBond: 64 } });
    expect(full.fidelity!).toBeGreaterThan(1 - 1e-10);
    const cut = encodeState(vector(psi), { lossy: { kind: 'mps', maxBond: 4 } });
    expect(cut.codec).toBe('mps-truncated');
    expect(cut.fidelity!).toBeLessThan(1);
    const back = decodeState(cut.bytes);
    expect(back.fidelity).toBe(cut.fidelity);
    expect(back.array.shape).toEqual([1024]);
  });

  it('low rank of a pure density matrix is exact to rounding', () => {
    const rho = DensityMatrix.fromStateVector(runCircuit(randomCircuit(5, 2, 3)).state);
    const enc = encodeState({ dtype: 'c16', shape: [32, 32], fortranOrder: false, data: rho.data }, { lossy: { kind: 'low-rank', rank: 1 } });
    expect(enc.fidelity!).toBeCloseTo(1, 10);
    expect(enc.bytes.length).toBeLessThan(32 * 32 * 16 / 10);
  });
});

describe('compression ratios (logged)', () => {
  it('GHZ, W, product and random Clifford states of 10–20 qubits stay under 30% of the raw .npy', () => {
    const rows: string[] = [];
    for (const n of [10, 14, 18, 20]) {
      const cases: [string, Float64Array][] = [
        ['GHZ', stateOf(ghzCircuit(n))],
        ['W', stateOf(wStateCircuit(n))],
        ['product', stateOf(productCircuit(n, n))],
        ['Clifford', stateOf(randomCliffordCircuit(n, 10 * n, n))],
      ];
      for (const [name, amps] of cases) {
        const t0 = performance.now();
        const r = roundTrip(vector(amps));
        rows.push(`${String(n).padStart(2)} qubits ${name.padEnd(8)} ${r.codec.padEnd(10)} ${(100 * r.ratio).toFixed(3).padStart(7)}% of raw .npy (${(performance.now() - t0).toFixed(0)} ms)`);
        expect(r.ratio).toBeLessThanOrEqual(0.3);
      }
    }
    console.log(rows.join('\n'));
  });

  it('Haar-random states (reported separately: no lossless codec can do much)', () => {
    const rows: string[] = [];
    for (const n of [10, 16, 20]) {
      const r = roundTrip(vector(haar(n, n)));
      rows.push(`${n} qubits Haar-random: ${r.codec}, ${(100 * r.ratio).toFixed(1)}% of raw .npy`);
      expect(r.ratio).toBeLessThan(1.01);
    }
    console.log(rows.join('\n'));
  });
});

describe('the bond-dimension probe that spares hopeless MPS attempts', () => {
  it('rules out generic states and never a state whose middle Schmidt rank is within the bond', () => {
    expect(rankSurelyAbove(haar(16, 3), 16, 64)).toBe(true);
    expect(rankSurelyAbove(stateOf(ghzCircuit(16)), 16, 64)).toBe(false);
    expect(rankSurelyAbove(stateOf(chainCircuit(16, 2)), 16, 64)).toBe(false);
    // Six Bell pairs straddling the middle cut: Schmidt rank exactly 64 there.
    const bells: Circuit = { numQubits: 16, numClbits: 0, ops: [] };
    for (let q = 2; q < 8; q++) bells.ops.push({ kind: 'gate', name: 'h', qubits: [q], params: [] }, { kind: 'gate', name: 'cx', qubits: [q, q + 6], params: [] });
    expect(rankSurelyAbove(stateOf(bells), 16, 64)).toBe(false);
  });
});
