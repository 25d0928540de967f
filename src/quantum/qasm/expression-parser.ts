// Expressions (precedence climbing), index selectors and type specifiers.
// OpenQASM 2 reads '^' as power; OpenQASM 3 reads it as xor and uses '**'.

import type { SourcePos } from './circuit-parse-error.js';
import type { Expr, NumberLit, Range, ScalarType, ScalarTypeName, SetLit, Stmt, TypeSpec } from './ast.js';
import type { Token } from './lexer.js';
import { TokenStream } from './token-stream.js';

const OQ3_BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  '++': 0,
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '<=': 7,
  '>': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

const OQ2_BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  '==': 6,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
};

const SCALAR_TYPES = new Set<string>(['bit', 'int', 'uint', 'float', 'angle', 'bool', 'duration', 'stretch', 'complex']);

const DURATION_SECONDS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  dt: NaN, // device-dependent: kept symbolic
};

export abstract class ExpressionParser extends TokenStream {
  protected readonly v3: boolean;

  constructor(src: string, version: 2 | 3) {
    super(src);
    this.v3 = version === 3;
  }

  /** Statements of a `{ ... }` block; the current token is '{'. */
  protected abstract parseBracedStatements(): Stmt[];

  protected isScalarTypeWord(t: Token = this.tok): boolean {
    return this.v3 && t.kind === 'ident' && SCALAR_TYPES.has(t.text);
  }

  parseExpr(minPrecedence = 0): Expr {
    let left = this.parseUnary();
    const table = this.v3 ? OQ3_BINARY_PRECEDENCE : OQ2_BINARY_PRECEDENCE;
    for (;;) {
      const t = this.tok;
      if (t.kind !== 'op') return left;
      const prec = table[t.text];
      if (prec === undefined || prec < minPrecedence) return left;
      this.advance();
      const right = this.parseExpr(prec + 1);
      left = { kind: 'binary', op: t.text, left, right, line: left.line, col: left.col };
    }
  }

  private parseUnary(): Expr {
    const t = this.tok;
    if (t.kind === 'op' && (t.text === '-' || t.text === '+' || (this.v3 && (t.text === '!' || t.text === '~')))) {
      this.advance();
      // The operand binds tighter than any binary operator except power.
      const operand = this.parseUnary();
      return { kind: 'unary', op: t.text as '-' | '+' | '!' | '~', operand, line: t.line, col: t.col };
    }
    return this.parsePower();
  }

  /** Power is right-associative and binds tighter than unary minus: -2**2 == -4. */
  private parsePower(): Expr {
    const base = this.parsePostfix();
    const powerOp = this.v3 ? '**' : '^';
    if (this.isOp(powerOp)) {
      this.advance();
      const exponent = this.parseUnary();
      return { kind: 'binary', op: '**', left: base, right: exponent, line: base.line, col: base.col };
    }
    return base;
  }

  private parsePostfix(): Expr {
    let e = this.parsePrimary();
    while (this.v3 && this.isOp('[')) {
      const selectors = this.parseSelectors();
      e = { kind: 'index', target: e, selectors, line: e.line, col: e.col };
    }
    return e;
  }

  private parsePrimary(): Expr {
    const t = this.tok;
    const at: SourcePos = { line: t.line, col: t.col };
    switch (t.kind) {
      case 'int':
      case 'float':
        this.advance();
        return numberLiteral(t);
      case 'imag':
        this.advance();
        return { kind: 'imag', value: parseFloat(t.text.slice(0, -2).replace(/_/g, '')), line: at.line, col: at.col };
      case 'duration': {
        this.advance();
        const unit = /(dt|ns|us|µs|ms|s)$/.exec(t.text)![1]!;
        const value = parseFloat(t.text.slice(0, t.text.length - unit.length).replace(/_/g, ''));
        return { kind: 'duration', value: value * DURATION_SECONDS[unit]!, unit, line: at.line, col: at.col };
      }
      case 'string':
        if (!this.v3) break;
        this.advance();
        return { kind: 'string', text: t.text, line: at.line, col: at.col };
      case 'physical':
        if (!this.v3) break;
        this.advance();
        return { kind: 'physical', index: Number(t.text), line: at.line, col: at.col };
      case 'ident':
        return this.parseNamedPrimary(t, at);
      case 'op':
        if (t.text === '(') {
          this.advance();
          const inner = this.parseExpr();
          this.expectOp(')');
          return inner;
        }
        if (t.text === '{' && this.v3) return this.parseSet();
        break;
      default:
        break;
    }
    throw this.unexpected('an expression');
  }

  private parseNamedPrimary(t: Token, at: SourcePos): Expr {
    if (this.v3) {
      if (t.text === 'true' || t.text === 'false') {
        this.advance();
        return { kind: 'bool', value: t.text === 'true', line: at.line, col: at.col };
      }
      if (this.isScalarTypeWord(t) || t.text === 'array') {
        const next = this.peek();
        if (next.kind === 'op' && (next.text === '(' || next.text === '[')) {
          const type = this.parseType();
          this.expectOp('(');
          const arg = this.parseExpr();
          this.expectOp(')');
          return { kind: 'cast', type, arg, line: at.line, col: at.col };
        }
      }
      if (t.text === 'durationof') {
        this.advance();
        this.expectOp('(');
        if (!this.isOp('{')) throw this.unexpected("'{'");
        const body = this.parseBracedStatements();
        this.expectOp(')');
        return { kind: 'durationof', body, line: at.line, col: at.col };
      }
      if (t.text === 'measure') {
        this.advance();
        return { kind: 'measure', operand: this.parseExpr(), line: at.line, col: at.col };
      }
    }
    this.advance();
    if (this.isOp('(')) {
      this.advance();
      const args = this.parseExprList(')');
      return { kind: 'call', callee: t.text, args, line: at.line, col: at.col };
    }
    return { kind: 'ident', name: t.text, line: at.line, col: at.col };
  }

  /** Comma-separated expressions up to and including `close`. */
  protected parseExprList(close: string): Expr[] {
    const items: Expr[] = [];
    if (this.acceptOp(close)) return items;
    for (;;) {
      items.push(this.parseExpr());
      if (this.acceptOp(close)) return items;
      this.expectOp(',');
    }
  }

  protected parseSet(): SetLit {
    const open = this.expectOp('{');
    const items = this.parseExprList('}');
    return { kind: 'set', items, line: open.line, col: open.col };
  }

  /** `[ ... ]` after an operand: a set, or one range-or-index per dimension. */
  protected parseSelectors(): Expr[] {
    this.expectOp('[');
    if (this.isOp('{')) {
      const set = this.parseSet();
      this.expectOp(']');
      return [set];
    }
    const selectors: Expr[] = [];
    for (;;) {
      selectors.push(this.parseRangeOrExpr());
      if (this.acceptOp(']')) return selectors;
      this.expectOp(',');
    }
  }

  /** `a`, `a:b`, `a:s:b`, with any bound omissible (`:`, `a:`, `:b`). */
  protected parseRangeOrExpr(): Expr {
    const at = this.pos();
    const first = this.isOp(':') ? undefined : this.parseExpr();
    if (!this.acceptOp(':')) return first!;
    const second = this.endsRangePart() ? undefined : this.parseExpr();
    if (!this.acceptOp(':')) return { kind: 'range', start: first, end: second, line: at.line, col: at.col } satisfies Range;
    const third = this.endsRangePart() ? undefined : this.parseExpr();
    return { kind: 'range', start: first, step: second, end: third, line: at.line, col: at.col } satisfies Range;
  }

  private endsRangePart(): boolean {
    return this.isOp(']') || this.isOp(',') || this.isOp(':');
  }

  /** A classical or qubit type: `int[32]`, `bit`, `qubit[n]`, `array[float[64], 2, 3]`, `creg[n]`. */
  protected parseType(): TypeSpec {
    const t = this.expectIdent('a type');
    const at: SourcePos = { line: t.line, col: t.col };
    if (t.text === 'qubit' || t.text === 'qreg') {
      return { kind: 'qubit', size: this.parseOptionalDesignator() };
    }
    if (t.text === 'creg') return { kind: 'scalar', name: 'bit', size: this.parseOptionalDesignator() };
    if (t.text === 'readonly' || t.text === 'mutable') {
      const inner = this.parseType();
      if (inner.kind !== 'array') throw this.errorAt(at, `'${t.text}' applies to array types only`);
      return { ...inner, access: t.text };
    }
    if (t.text === 'array') {
      this.expectOp('[');
      const element = this.parseType();
      if (element.kind !== 'scalar') throw this.errorAt(at, 'array elements must be classical scalars');
      const dims: Expr[] = [];
      let rank: Expr | undefined;
      while (this.acceptOp(',')) {
        if (this.acceptOp('#')) {
          this.expectWord('dim');
          this.expectOp('=');
          rank = this.parseExpr();
        } else {
          dims.push(this.parseExpr());
        }
      }
      this.expectOp(']');
      return { kind: 'array', element, dims, rank };
    }
    if (!SCALAR_TYPES.has(t.text)) throw this.errorAt(at, `unknown type '${t.text}'`);
    const scalar: ScalarType = { kind: 'scalar', name: t.text as ScalarTypeName };
    if (t.text === 'complex' && this.isOp('[')) {
      this.advance();
      const inner = this.parseType();
      if (inner.kind !== 'scalar' || inner.name !== 'float') throw this.errorAt(at, 'complex takes a float component type');
      scalar.size = inner.size;
      this.expectOp(']');
      return scalar;
    }
    scalar.size = this.parseOptionalDesignator();
    return scalar;
  }

  private parseOptionalDesignator(): Expr | undefined {
    if (!this.isOp('[')) return undefined;
    this.advance();
    const size = this.parseExpr();
    this.expectOp(']');
    return size;
  }
}

function numberLiteral(t: Token): NumberLit {
  const text = t.text.includes('_') ? t.text.replace(/_/g, '') : t.text;
  if (t.kind === 'float') return { kind: 'number', value: parseFloat(text), isInt: false, line: t.line, col: t.col };
  const value = Number(text);
  const lit: NumberLit = { kind: 'number', value, isInt: true, line: t.line, col: t.col };
  if (!Number.isSafeInteger(value) && Number.isFinite(value)) {
    // Large powers of two survive as doubles; other big integers do not.
    if (BigInt(text) !== BigInt(value)) {
      lit.inexact = true;
      lit.text = text;
    }
  }
  return lit;
}
