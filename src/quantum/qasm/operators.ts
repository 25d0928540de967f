// Unary and binary operators on classical values. Unknown operands give
// unknown results. Integer division: OpenQASM 3 divides two integers exactly
// when the result is whole and otherwise gives a float, so `3 / 5` as a gate
// angle is 0.6 while index arithmetic such as `(d - 1) / 2` stays an
// integer; OpenQASM 2 has only real arithmetic.

import { errorAt, type SourcePos } from './circuit-parse-error.js';
import { bitsOf, bool, float, int, toBool, toNumber, typeName, unknown, type BitsValue, type Value } from './values.js';

export function isIntLike(v: Value): boolean {
  return v.t === 'int' || v.t === 'bool' || v.t === 'bits';
}

export function unaryOperation(op: string, v: Value, at: SourcePos): Value {
  if (v.t === 'unknown') return v;
  if (op === '!') {
    const b = toBool(v);
    return b === undefined ? unknown('bool') : bool(!b);
  }
  if (op === '~') {
    if (v.t === 'bits') return bitsOf(v.bits.map((b) => (b < 0 ? -1 : 1 - b)));
    if (v.t === 'bool') return bool(!v.v);
    if (v.t === 'int') return int(~v.v);
    throw errorAt(at, `'~' does not apply to ${typeName(v)}`);
  }
  if (v.t === 'complex') return op === '-' ? { t: 'complex', re: -v.re, im: -v.im } : v;
  if (v.t === 'int' || v.t === 'float' || v.t === 'angle' || v.t === 'duration') {
    return op === '-' ? { ...v, v: -v.v } : v;
  }
  const n = toNumber(v);
  if (n === undefined) return unknown();
  return op === '-' ? int(-n) : int(n);
}

/** A binary operator on two known-or-unknown values (short-circuit forms are the caller's). */
export function binaryOperation(op: string, a: Value, b: Value, at: SourcePos, version: 2 | 3): Value {
  if (a.t === 'unknown' || b.t === 'unknown') return unknown(isComparison(op) ? 'bool' : undefined);
  if (a.t === 'array' || b.t === 'array') throw errorAt(at, `'${op}' does not apply to arrays`);
  if (a.t === 'complex' || b.t === 'complex') return complexArithmetic(op, a, b, at);
  if (a.t === 'bits' && b.t === 'bits' && (op === '&' || op === '|' || op === '^')) return bitwiseBits(op, a, b, at);
  if (a.t === 'bits' && (op === '<<' || op === '>>')) return shiftBits(op, a, b);
  if (op === '&&' || op === '||') {
    const x = toBool(a);
    const y = toBool(b);
    if (x === undefined || y === undefined) return unknown('bool');
    return bool(op === '&&' ? x && y : x || y);
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === undefined || y === undefined) return unknown(isComparison(op) ? 'bool' : undefined);
  const ints = isIntLike(a) && isIntLike(b);
  switch (op) {
    case '==':
      return bool(x === y);
    case '!=':
      return bool(x !== y);
    case '<':
      return bool(x < y);
    case '<=':
      return bool(x <= y);
    case '>':
      return bool(x > y);
    case '>=':
      return bool(x >= y);
    case '+':
    case '-':
    case '*': {
      const r = op === '+' ? x + y : op === '-' ? x - y : x * y;
      return numeric(r, ints, a, b);
    }
    case '/':
      if (y === 0) throw errorAt(at, 'division by zero');
      if (ints && version === 3 && x % y === 0) return int(x / y);
      if (a.t === 'duration' && b.t === 'duration') return float(x / y);
      return numeric(x / y, false, a, b);
    case '%':
      if (y === 0) throw errorAt(at, 'division by zero');
      return numeric(x % y, ints, a, b);
    case '**':
      return numeric(x ** y, ints && y >= 0, a, b);
    case '<<':
    case '>>':
    case '&':
    case '|':
    case '^':
      if (!ints) throw errorAt(at, `'${op}' needs integers, not ${typeName(a)} and ${typeName(b)}`);
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw errorAt(at, `'${op}' needs finite integers`);
      return int(integerOp(op, x, y));
    default:
      throw errorAt(at, `unknown operator '${op}'`);
  }
}

function isComparison(op: string): boolean {
  return op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=';
}

export function numeric(r: number, ints: boolean, a: Value, b: Value): Value {
  if (a.t === 'duration' || b.t === 'duration') return { t: 'duration', v: r };
  if (ints && Number.isInteger(r)) return int(r);
  if (a.t === 'angle' || b.t === 'angle') return { t: 'angle', v: r };
  return float(r);
}

/** Shifts past this many bits give what shifting further would (a double holds no more): no huge BigInt is made. */
const MAX_SHIFT = 1100;

function integerOp(op: string, x: number, y: number): number {
  const bx = BigInt(Math.trunc(x));
  const by = BigInt(op === '<<' || op === '>>' ? Math.max(-MAX_SHIFT, Math.min(MAX_SHIFT, Math.trunc(y))) : Math.trunc(y));
  switch (op) {
    case '<<':
      return Number(bx << by);
    case '>>':
      return Number(bx >> by);
    case '&':
      return Number(bx & by);
    case '|':
      return Number(bx | by);
    default:
      return Number(bx ^ by);
  }
}

function bitwiseBits(op: string, a: BitsValue, b: BitsValue, at: SourcePos): Value {
  if (a.bits.length !== b.bits.length) throw errorAt(at, `'${op}' needs bit registers of equal size`);
  return bitsOf(
    a.bits.map((x, i) => {
      const y = b.bits[i]!;
      if (x < 0 || y < 0) return -1;
      return op === '&' ? x & y : op === '|' ? x | y : x ^ y;
    }),
  );
}

function shiftBits(op: string, a: BitsValue, b: Value): Value {
  const n = toNumber(b);
  if (n === undefined) return bitsOf(a.bits.map(() => -1));
  const len = a.bits.length;
  // Index 0 is least significant: '<<' moves bits towards higher indices.
  const out = a.bits.map((_, i) => {
    const from = op === '<<' ? i - n : i + n;
    return from >= 0 && from < len ? a.bits[from]! : 0;
  });
  return bitsOf(out);
}

function complexArithmetic(op: string, a: Value, b: Value, at: SourcePos): Value {
  const [ar, ai] = a.t === 'complex' ? [a.re, a.im] : [toNumber(a), 0];
  const [br, bi] = b.t === 'complex' ? [b.re, b.im] : [toNumber(b), 0];
  if (ar === undefined || br === undefined) return unknown('complex');
  switch (op) {
    case '+':
      return { t: 'complex', re: ar + br, im: ai! + bi! };
    case '-':
      return { t: 'complex', re: ar - br, im: ai! - bi! };
    case '*':
      return { t: 'complex', re: ar * br - ai! * bi!, im: ar * bi! + ai! * br };
    case '/': {
      const d = br * br + bi! * bi!;
      if (d === 0) throw errorAt(at, 'division by zero');
      return { t: 'complex', re: (ar * br + ai! * bi!) / d, im: (ai! * br - ar * bi!) / d };
    }
    case '==':
      return bool(ar === br && ai === bi);
    case '!=':
      return bool(ar !== br || ai !== bi);
    default:
      throw errorAt(at, `'${op}' does not apply to complex numbers`);
  }
}
