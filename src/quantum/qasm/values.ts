// Classical values as the static interpreter sees them. A value is either
// known at compile time or `unknown` (it depends on a measurement, an input
// or an extern call); unknowns propagate through arithmetic.

export type Value =
  | { t: 'int'; v: number; inexact?: boolean }
  | { t: 'float'; v: number }
  | { t: 'angle'; v: number }
  | { t: 'bool'; v: boolean }
  | BitsValue
  | { t: 'duration'; v: number }
  | { t: 'complex'; re: number; im: number }
  | { t: 'array'; items: Value[] }
  | { t: 'unknown'; type?: string };

/**
 * Bits, least significant first. `bits[i]` is 0, 1 or -1 (not known
 * statically); `locs[i]` is the clbit that holds bit i at run time, or -1
 * when no clbit does (a value computed classically).
 */
export interface BitsValue {
  t: 'bits';
  bits: number[];
  locs: number[];
}

const UNKNOWN: Value = { t: 'unknown' };

export function unknown(type?: string): Value {
  return type ? { t: 'unknown', type } : UNKNOWN;
}

export function int(v: number): Value {
  return { t: 'int', v };
}

export function float(v: number): Value {
  return { t: 'float', v };
}

export function bool(v: boolean): Value {
  return { t: 'bool', v };
}

export function bitsOf(bits: number[], locs?: number[]): BitsValue {
  return { t: 'bits', bits, locs: locs ?? bits.map(() => -1) };
}

/** `n` as `width` bits, least significant first. */
export function intToBits(n: number, width: number): BitsValue {
  const bits: number[] = [];
  const t = Math.trunc(n);
  if (t >= 0 && t <= 0x7fffffff) {
    for (let i = 0; i < width; i++) bits.push(i < 31 ? (t >>> i) & 1 : 0);
    return bitsOf(bits);
  }
  let rest = BigInt.asUintN(Math.max(width, 1), BigInt(t));
  for (let i = 0; i < width; i++) {
    bits.push(Number(rest & 1n));
    rest >>= 1n;
  }
  return bitsOf(bits);
}

export function bitsToInt(bits: readonly number[]): number | undefined {
  let n = 0;
  let weight = 1;
  for (const b of bits) {
    if (b < 0) return undefined;
    n += b * weight;
    weight *= 2;
  }
  return n;
}

export function isKnown(v: Value): boolean {
  if (v.t === 'unknown') return false;
  if (v.t === 'bits') return v.bits.every((b) => b >= 0);
  if (v.t === 'array') return v.items.every(isKnown);
  return true;
}

/** A real number, or undefined when not known or not numeric. */
export function toNumber(v: Value): number | undefined {
  switch (v.t) {
    case 'int':
    case 'float':
    case 'angle':
    case 'duration':
      return v.v;
    case 'bool':
      return v.v ? 1 : 0;
    case 'bits':
      return bitsToInt(v.bits);
    case 'complex':
      return v.im === 0 ? v.re : undefined;
    default:
      return undefined;
  }
}

export function toBool(v: Value): boolean | undefined {
  switch (v.t) {
    case 'bool':
      return v.v;
    case 'bits': {
      if (v.bits.some((b) => b === 1)) return true;
      return v.bits.every((b) => b === 0) ? false : undefined;
    }
    case 'unknown':
    case 'array':
      return undefined;
    default: {
      const n = toNumber(v);
      return n === undefined ? undefined : n !== 0;
    }
  }
}

export function typeName(v: Value): string {
  if (v.t === 'unknown') return v.type ?? 'a runtime value';
  if (v.t === 'bits') return v.bits.length === 1 ? 'bit' : `bit[${v.bits.length}]`;
  return v.t;
}
