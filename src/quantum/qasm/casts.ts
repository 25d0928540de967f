// Conversions to declared scalar types: declarations, assignments, casts.

import { errorAt, type SourcePos } from './circuit-parse-error.js';
import type { ScalarType } from './ast.js';
import { bitsOf, bitsToInt, bool, float, int, intToBits, toBool, toNumber, typeName, unknown, type Value } from './values.js';

export function castTo(type: ScalarType, width: number | undefined, v: Value, at: SourcePos): Value {
  if (v.t === 'unknown') {
    if (type.name === 'bit') return bitsOf(new Array<number>(width ?? 1).fill(-1));
    return unknown(type.name);
  }
  if (v.t === 'bits' && type.name !== 'bit' && v.bits.some((b) => b < 0)) return unknown(type.name);
  switch (type.name) {
    case 'bit': {
      const w = width ?? 1;
      if (v.t === 'bits') {
        if (v.bits.length === w) return v;
        if (v.bits.length > w) return bitsOf(v.bits.slice(0, w), v.locs.slice(0, w));
        return bitsOf([...v.bits, ...new Array<number>(w - v.bits.length).fill(0)]);
      }
      const n = toNumber(v);
      if (n === undefined) throw errorAt(at, `cannot convert ${typeName(v)} to bits`);
      return intToBits(n, w);
    }
    case 'int':
    case 'uint': {
      const n = toNumber(v);
      if (n === undefined) throw errorAt(at, `cannot convert ${typeName(v)} to ${type.name}`);
      if (v.t === 'int' && v.inexact) return v;
      let r = Math.trunc(n);
      if (width !== undefined && width < 53) {
        const m = 2 ** width;
        r = ((r % m) + m) % m;
        if (type.name === 'int' && r >= m / 2) r -= m;
      }
      return int(r);
    }
    case 'float': {
      const n = toNumber(v);
      if (n === undefined) throw errorAt(at, `cannot convert ${typeName(v)} to float`);
      return float(n);
    }
    case 'angle': {
      if (v.t === 'bits' && width !== undefined) {
        const n = bitsToInt(v.bits);
        return n === undefined ? unknown('angle') : { t: 'angle', v: (2 * Math.PI * n) / 2 ** v.bits.length };
      }
      const n = toNumber(v);
      if (n === undefined) throw errorAt(at, `cannot convert ${typeName(v)} to angle`);
      return { t: 'angle', v: n };
    }
    case 'bool': {
      const b = toBool(v);
      return b === undefined ? unknown('bool') : bool(b);
    }
    case 'duration':
    case 'stretch': {
      if (v.t === 'duration') return v;
      const n = toNumber(v);
      if (n === undefined) throw errorAt(at, `cannot convert ${typeName(v)} to duration`);
      return { t: 'duration', v: n };
    }
    case 'complex': {
      if (v.t === 'complex') return v;
      const n = toNumber(v);
      if (n === undefined) throw errorAt(at, `cannot convert ${typeName(v)} to complex`);
      return { t: 'complex', re: n, im: 0 };
    }
  }
}
