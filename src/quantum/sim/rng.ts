// Seeded pseudo-random numbers: xoshiro128** seeded through splitmix32, so a
// seed reproduces the same shots on every platform and Node version.

export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Fills `out` with uniform 32-bit integers (the same stream as repeated nextUint32, faster in bulk). */
  fillUint32(out: Uint32Array): void;
}

export type Seed = number | string;

export function createRng(seed: Seed = 0): Rng {
  let x = typeof seed === 'number' ? seed >>> 0 ^ Math.floor(seed / 4294967296) : hashString(seed);
  const splitmix = (): number => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix();
  if ((a | b | c | d) === 0) a = 1;
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const fillUint32 = (out: Uint32Array): void => {
    let s0 = a, s1 = b, s2 = c, s3 = d;
    for (let i = 0; i < out.length; i++) {
      out[i] = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    a = s0; b = s1; c = s2; d = s3;
  };
  return {
    nextUint32,
    fillUint32,
    next: () => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992,
  };
}

function rotl(v: number, k: number): number {
  return (v << k) | (v >>> (32 - k));
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
