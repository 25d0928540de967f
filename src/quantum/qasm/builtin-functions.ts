// Functions a program can call without declaring them. OpenQASM 2 has six;
// OpenQASM 3 adds inverse trigonometry, mod, popcount, rotations, real/imag
// and sizeof. Arguments arrive evaluated; unknown arguments give unknown
// results.

import { errorAt, type SourcePos } from './circuit-parse-error.js';
import { isIntLike, numeric } from './operators.js';
import { bitsOf, float, int, toNumber, unknown, type Value } from './values.js';

const OQ2_FUNCTIONS = new Set(['sin', 'cos', 'tan', 'exp', 'ln', 'sqrt']);

const MATH: Readonly<Record<string, (x: number) => number>> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  arcsin: Math.asin,
  arccos: Math.acos,
  arctan: Math.atan,
  exp: Math.exp,
  ln: Math.log,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  floor: Math.floor,
  ceiling: Math.ceil,
};

function expectArity(name: string, args: readonly Value[], min: number, max: number, at: SourcePos): void {
  if (args.length < min || args.length > max) {
    const n = min === max ? `${min} argument${min === 1 ? '' : 's'}` : `${min} to ${max} arguments`;
    throw errorAt(at, `${name} takes ${n}, got ${args.length}`);
  }
}

export function isBuiltinFunction(name: string, version: 2 | 3): boolean {
  return version === 2 ? OQ2_FUNCTIONS.has(name) : name in MATH || BUILTINS_V3.has(name);
}

const BUILTINS_V3 = new Set(['mod', 'popcount', 'real', 'imag', 'rotl', 'rotr', 'sizeof']);

/** Calls built-in function `name` (which isBuiltinFunction accepts). */
export function callBuiltin(name: string, args: readonly Value[], at: SourcePos): Value {
  const f = MATH[name];
  if (f) {
    expectArity(name, args, 1, 1, at);
    const x = toNumber(args[0]!);
    return x === undefined ? unknown('float') : float(f(x));
  }
  switch (name) {
    case 'mod': {
      expectArity(name, args, 2, 2, at);
      const [x, y] = args.map(toNumber);
      if (x === undefined || y === undefined) return unknown();
      if (y === 0) throw errorAt(at, 'division by zero');
      return numeric(x % y, isIntLike(args[0]!) && isIntLike(args[1]!), args[0]!, args[1]!);
    }
    case 'popcount': {
      expectArity(name, args, 1, 1, at);
      const v = args[0]!;
      if (v.t !== 'bits' || v.bits.some((b) => b < 0)) return unknown('int');
      return int(v.bits.filter((b) => b === 1).length);
    }
    case 'real':
    case 'imag': {
      expectArity(name, args, 1, 1, at);
      const v = args[0]!;
      if (v.t === 'complex') return float(name === 'real' ? v.re : v.im);
      const n = toNumber(v);
      return n === undefined ? unknown('float') : float(name === 'real' ? n : 0);
    }
    case 'rotl':
    case 'rotr': {
      expectArity(name, args, 2, 2, at);
      const v = args[0]!;
      const n = toNumber(args[1]!);
      if (v.t !== 'bits' || n === undefined) return unknown();
      const len = v.bits.length;
      const s = (((name === 'rotl' ? n : -n) % len) + len) % len;
      // Index 0 is least significant: rotl moves bit i to i + s.
      return bitsOf(v.bits.map((_, i) => v.bits[(i - s + len) % len]!));
    }
    case 'sizeof': {
      expectArity(name, args, 1, 2, at);
      let v = args[0]!;
      const dim = args.length === 2 ? toNumber(args[1]!) : 0;
      if (dim === undefined) return unknown('int');
      for (let d = 0; d < dim; d++) {
        if (v.t !== 'array' || v.items.length === 0) return unknown('int');
        v = v.items[0]!;
      }
      if (v.t === 'array') return int(v.items.length);
      if (v.t === 'bits') return int(v.bits.length);
      return unknown('int');
    }
  }
  throw errorAt(at, `undefined function '${name}'`);
}
