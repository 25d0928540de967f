// Static evaluation of classical expressions. What cannot be known before
// the circuit runs (measured bits, inputs, extern results) evaluates to
// `unknown`; arithmetic on unknowns stays unknown instead of failing, so the
// caller decides whether a runtime value is acceptable where it is used.
//
// Integer division: OpenQASM 3 divides two integers exactly when the result
// is whole and otherwise gives a float, so `3 / 5` as a gate angle is 0.6 and
// index arithmetic such as `(d - 1) / 2` stays an integer. OpenQASM 2 only
// has real arithmetic.

import { errorAt, type SourcePos } from './circuit-parse-error.js';
import type { Call, Cast, Expr, Index, MeasureExpr, ScalarType } from './ast.js';
import type { BitRef, Scope } from './scope.js';
import {
  bitsOf,
  bitsToInt,
  bool,
  float,
  int,
  intToBits,
  toBool,
  toNumber,
  typeName,
  unknown,
  type BitsValue,
  type Value,
} from './values.js';

export interface EvalHost {
  readonly version: 2 | 3;
  readBits(refs: readonly BitRef[]): BitsValue;
  /** A call to a subroutine or extern. */
  call(expr: Call, scope: Scope): Value;
  /** `measure q` used as a value. */
  measure(expr: MeasureExpr, scope: Scope): BitsValue;
  /** Width of a sized type (`int[32]`), or undefined when unsized. */
  typeWidth(type: ScalarType, scope: Scope): number | undefined;
}

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

const CONSTANTS_V2: Readonly<Record<string, number>> = { pi: Math.PI };
const CONSTANTS_V3: Readonly<Record<string, number>> = {
  pi: Math.PI,
  π: Math.PI,
  tau: 2 * Math.PI,
  τ: 2 * Math.PI,
  euler: Math.E,
  ℇ: Math.E,
};

function isIntLike(v: Value): boolean {
  return v.t === 'int' || v.t === 'bool' || v.t === 'bits';
}

export class Evaluator {
  private readonly constants: Readonly<Record<string, number>>;

  constructor(private readonly host: EvalHost) {
    this.constants = host.version === 2 ? CONSTANTS_V2 : CONSTANTS_V3;
  }

  evaluate(e: Expr, scope: Scope): Value {
    switch (e.kind) {
      case 'number':
        return e.isInt ? (e.inexact ? { t: 'int', v: e.value, inexact: true } : int(e.value)) : float(e.value);
      case 'imag':
        return { t: 'complex', re: 0, im: e.value };
      case 'bool':
        return bool(e.value);
      case 'string':
        return this.bitString(e.text, e);
      case 'duration':
        return { t: 'duration', v: e.value };
      case 'ident':
        return this.identifier(e.name, e, scope);
      case 'physical':
        throw errorAt(e, `qubit '$${e.index}' used where a classical value is expected`);
      case 'unary':
        return this.unary(e.op, this.evaluate(e.operand, scope), e);
      case 'binary':
        return this.binary(e.op, e.left, e.right, e, scope);
      case 'call':
        return this.call(e, scope);
      case 'cast':
        return this.cast(e, scope);
      case 'index':
        return this.index(e, scope);
      case 'set':
        return { t: 'array', items: e.items.map((i) => this.evaluate(i, scope)) };
      case 'range':
        throw errorAt(e, 'a range is not a value here');
      case 'measure':
        return this.host.measure(e, scope);
      case 'durationof':
        return unknown('duration');
    }
  }

  /** An integer known at compile time, or undefined when it is a runtime value. */
  evalInt(e: Expr, scope: Scope, what: string): number | undefined {
    const v = this.evaluate(e, scope);
    if (v.t === 'unknown') return undefined;
    const n = toNumber(v);
    if (n === undefined) {
      if (v.t === 'bits') return undefined;
      throw errorAt(e, `${what} must be an integer, not ${typeName(v)}`);
    }
    if (!Number.isInteger(n)) throw errorAt(e, `${what} must be an integer, got ${n}`);
    return n;
  }

  /** An integer that must be known at compile time (sizes, ctrl counts). */
  constInt(e: Expr, scope: Scope, what: string): number {
    const n = this.evalInt(e, scope, what);
    if (n === undefined) throw errorAt(e, `${what} must be a compile-time constant`);
    return n;
  }

  private identifier(name: string, at: SourcePos, scope: Scope): Value {
    const sym = scope.lookup(name);
    if (sym) {
      switch (sym.kind) {
        case 'var':
          return sym.value;
        case 'bits':
          return this.host.readBits(sym.refs);
        case 'qubits':
          throw errorAt(at, `'${name}' is a qubit register; a classical value is expected here`);
        default:
          throw errorAt(at, `'${name}' is a ${sym.kind}; a value is expected here`);
      }
    }
    const c = this.constants[name];
    if (c !== undefined) return float(c);
    throw errorAt(at, `undefined identifier '${name}'`);
  }

  private bitString(text: string, at: SourcePos): Value {
    const digits = text.replace(/_/g, '');
    if (!/^[01]+$/.test(digits)) throw errorAt(at, `"${text}" is not a bit string`);
    return bitsOf([...digits].reverse().map(Number));
  }

  private unary(op: string, v: Value, at: SourcePos): Value {
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

  private binary(op: string, le: Expr, re: Expr, at: SourcePos, scope: Scope): Value {
    if (op === '++') throw errorAt(at, "'++' joins registers and is only allowed in 'let'");
    const a = this.evaluate(le, scope);
    if (op === '&&' || op === '||') {
      // Short-circuit: a known left side may decide without the right one.
      const x = toBool(a);
      if (x === (op === '||')) return bool(x!);
      const y = toBool(this.evaluate(re, scope));
      if (x === undefined || y === undefined) return unknown('bool');
      return bool(y);
    }
    return this.applyBinary(op, a, this.evaluate(re, scope), at);
  }

  /** A binary operator on two values (also used for compound assignments). */
  applyBinary(op: string, a: Value, b: Value, at: SourcePos): Value {
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
        if (ints && this.host.version === 3 && x % y === 0) return int(x / y);
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
        return int(integerOp(op, x, y));
      default:
        throw errorAt(at, `unknown operator '${op}'`);
    }
  }

  private call(e: Call, scope: Scope): Value {
    const sym = scope.lookup(e.callee);
    if (sym && (sym.kind === 'subroutine' || sym.kind === 'extern')) return this.host.call(e, scope);
    if (sym) throw errorAt(e, `'${e.callee}' is not a function`);
    if (this.host.version === 2 && !OQ2_FUNCTIONS.has(e.callee)) throw errorAt(e, `undefined function '${e.callee}'`);
    if (e.callee === 'sizeof') return this.sizeof(e, scope);
    const args = e.args.map((a) => this.evaluate(a, scope));
    const f = MATH[e.callee];
    if (f) {
      expectArity(e, 1);
      const x = toNumber(args[0]!);
      if (args[0]!.t === 'unknown' || x === undefined) return unknown('float');
      return float(f(x));
    }
    switch (e.callee) {
      case 'mod': {
        expectArity(e, 2);
        const [x, y] = args.map(toNumber);
        if (x === undefined || y === undefined) return unknown();
        return numeric(x % y, isIntLike(args[0]!) && isIntLike(args[1]!), args[0]!, args[1]!);
      }
      case 'popcount': {
        expectArity(e, 1);
        const v = args[0]!;
        if (v.t !== 'bits') return unknown('int');
        return v.bits.some((b) => b < 0) ? unknown('int') : int(v.bits.filter((b) => b === 1).length);
      }
      case 'real':
      case 'imag': {
        expectArity(e, 1);
        const v = args[0]!;
        if (v.t === 'complex') return float(e.callee === 'real' ? v.re : v.im);
        const n = toNumber(v);
        if (n === undefined) return unknown('float');
        return float(e.callee === 'real' ? n : 0);
      }
      case 'rotl':
      case 'rotr': {
        expectArity(e, 2);
        const [v, k] = args;
        const n = toNumber(k!);
        if (v!.t !== 'bits' || n === undefined) return unknown();
        const len = v!.bits.length;
        const s = (((e.callee === 'rotl' ? n : -n) % len) + len) % len;
        // Bit i moves to i + s (towards the most significant end for rotl).
        const out = v!.bits.map((_, i) => v!.bits[(i - s + len) % len]!);
        return bitsOf(out);
      }
    }
    throw errorAt(e, `undefined function '${e.callee}'`);
  }

  private sizeof(e: Call, scope: Scope): Value {
    if (e.args.length < 1 || e.args.length > 2) throw errorAt(e, 'sizeof takes an array and an optional dimension');
    let v = this.evaluate(e.args[0]!, scope);
    const dim = e.args.length === 2 ? this.evalInt(e.args[1]!, scope, 'dimension') : 0;
    if (dim === undefined) return unknown('int');
    for (let d = 0; d < dim; d++) {
      if (v.t !== 'array' || v.items.length === 0) return unknown('int');
      v = v.items[0]!;
    }
    if (v.t === 'array') return int(v.items.length);
    if (v.t === 'bits') return int(v.bits.length);
    return unknown('int');
  }

  private cast(e: Cast, scope: Scope): Value {
    const v = this.evaluate(e.arg, scope);
    if (e.type.kind !== 'scalar') throw errorAt(e, 'only scalar casts are supported');
    return castTo(e.type, this.host.typeWidth(e.type, scope), v, e);
  }

  private index(e: Index, scope: Scope): Value {
    if (e.target.kind === 'ident' && e.selectors.length === 1) {
      // Bits of a bit variable: read only the selected ones.
      const sym = scope.lookup(e.target.name);
      if (sym?.kind === 'bits') {
        const positions = this.positions(e.selectors[0]!, sym.refs.length, scope, e.target.name);
        if (positions === undefined) return unknown('bit');
        return this.host.readBits(positions.map((p) => sym.refs[p]!));
      }
    }
    let v = this.evaluate(e.target, scope);
    for (const sel of e.selectors) {
      if (v.t === 'unknown') return v;
      v = this.select(v, sel, scope);
    }
    return v;
  }

  private select(v: Value, sel: Expr, scope: Scope): Value {
    if (v.t === 'array') {
      const i = this.evalInt(sel, scope, 'an array index');
      if (i === undefined) return unknown();
      const item = v.items[i < 0 ? v.items.length + i : i];
      if (!item) throw errorAt(sel, `index ${i} out of range (size ${v.items.length})`);
      return item;
    }
    let bits: BitsValue;
    if (v.t === 'bits') bits = v;
    else if (v.t === 'int') bits = intToBits(v.v, 64);
    else throw errorAt(sel, `${typeName(v)} cannot be indexed`);
    const positions = this.positions(sel, bits.bits.length, scope);
    if (positions === undefined) return unknown('bit');
    return bitsOf(
      positions.map((p) => bits.bits[p]!),
      positions.map((p) => bits.locs[p]!),
    );
  }

  /** Selected positions in a sequence of `size` elements (negative counts from the end). */
  positions(sel: Expr, size: number, scope: Scope, name?: string): number[] | undefined {
    const of = name === undefined ? '' : ` for '${name}'`;
    const check = (i: number, at: SourcePos): number => {
      const p = i < 0 && this.host.version === 3 ? size + i : i;
      if (p < 0 || p >= size) throw errorAt(at, `index ${i} out of range${of} (size ${size})`);
      return p;
    };
    if (sel.kind === 'set') {
      const out: number[] = [];
      for (const item of sel.items) {
        const i = this.evalInt(item, scope, 'an index');
        if (i === undefined) return undefined;
        out.push(check(i, item));
      }
      return out;
    }
    if (sel.kind === 'range') {
      const start = sel.start ? this.evalInt(sel.start, scope, 'a range start') : 0;
      const step = sel.step ? this.evalInt(sel.step, scope, 'a range step') : 1;
      const end = sel.end ? this.evalInt(sel.end, scope, 'a range end') : size - 1;
      if (start === undefined || step === undefined || end === undefined) return undefined;
      if (step === 0) throw errorAt(sel, 'a range step cannot be 0');
      const first = check(start, sel);
      const last = check(end, sel);
      const out: number[] = [];
      for (let i = first; step > 0 ? i <= last : i >= last; i += step) out.push(i);
      return out;
    }
    const i = this.evalInt(sel, scope, 'an index');
    return i === undefined ? undefined : [check(i, sel)];
  }
}

function isComparison(op: string): boolean {
  return op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=';
}

function numeric(r: number, ints: boolean, a: Value, b: Value): Value {
  if (a.t === 'duration' || b.t === 'duration') return { t: 'duration', v: r };
  if (ints && Number.isInteger(r)) return int(r);
  if (a.t === 'angle' || b.t === 'angle') return { t: 'angle', v: r };
  return float(r);
}

function integerOp(op: string, x: number, y: number): number {
  const bx = BigInt(Math.trunc(x));
  const by = BigInt(Math.trunc(y));
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

function expectArity(e: Call, n: number): void {
  if (e.args.length !== n) throw errorAt(e, `${e.callee} takes ${n} argument${n === 1 ? '' : 's'}, got ${e.args.length}`);
}

/** Converts a value to a declared scalar type (declarations, assignments, casts). */
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
