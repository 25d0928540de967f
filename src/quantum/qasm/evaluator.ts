// Static evaluation of classical expressions. What cannot be known before
// the circuit runs (measured bits, inputs, extern results) evaluates to
// `unknown`; arithmetic on unknowns stays unknown instead of failing, so the
// caller decides whether a runtime value is acceptable where it is used.
// Operators, built-in functions and casts live in their own modules.

import { errorAt, type SourcePos } from './circuit-parse-error.js';
import type { Call, Cast, Expr, Index, MeasureExpr, ScalarType } from './ast.js';
import { callBuiltin, isBuiltinFunction } from './builtin-functions.js';
import { castTo } from './casts.js';
import { binaryOperation, unaryOperation } from './operators.js';
import type { BitRef, Scope } from './scope.js';
import { bitsOf, bool, float, int, intToBits, toBool, toNumber, typeName, unknown, type BitsValue, type Value } from './values.js';

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

const CONSTANTS_V2: Readonly<Record<string, number>> = { pi: Math.PI };
const CONSTANTS_V3: Readonly<Record<string, number>> = {
  pi: Math.PI,
  π: Math.PI,
  tau: 2 * Math.PI,
  τ: 2 * Math.PI,
  euler: Math.E,
  ℇ: Math.E,
};

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
        return unaryOperation(e.op, this.evaluate(e.operand, scope), e);
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
    return binaryOperation(op, a, b, at, this.host.version);
  }

  private call(e: Call, scope: Scope): Value {
    const sym = scope.lookup(e.callee);
    if (sym && (sym.kind === 'subroutine' || sym.kind === 'extern')) return this.host.call(e, scope);
    if (sym) throw errorAt(e, `'${e.callee}' is not a function`);
    if (!isBuiltinFunction(e.callee, this.host.version)) throw errorAt(e, `undefined function '${e.callee}'`);
    return callBuiltin(e.callee, e.args.map((a) => this.evaluate(a, scope)), e);
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

