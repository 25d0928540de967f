// Tokenizer shared by OpenQASM 2 and 3. Keywords are not distinguished here
// (the two versions reserve different words); the parser reads identifier
// text. Tokens are produced on demand so that the parser can skip opaque
// bodies (defcal, cal) character by character without tokenizing them.

import { CircuitParseError } from './circuit-parse-error.js';
import { NAME_HASH_START, NameTable, nameHash } from './name-table.js';
import { NON_ASCII, sourceBytes } from './source-bytes.js';

export type TokenKind =
  | 'ident'
  | 'int'
  | 'float'
  | 'imag'
  | 'duration'
  | 'string'
  | 'physical'
  | 'op'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text; for strings the contents without quotes. */
  text: string;
  line: number;
  col: number;
  /** Column just past the token's last character (same line). */
  endCol: number;
}

// Operators, longest first within each leading character.
const OPERATORS: readonly string[] = [
  '**=', '<<=', '>>=',
  '->', '++', '**', '==', '!=', '<=', '>=', '<<', '>>', '&&', '||',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '~=',
  ';', ',', '(', ')', '[', ']', '{', '}', ':', '@', '=', '+', '-', '*', '/',
  '%', '<', '>', '!', '~', '&', '|', '^', '.', '#',
];

/** Candidate operators by first character code (longest first). */
const OPERATORS_BY_FIRST: (string[] | undefined)[] = [];
for (const op of OPERATORS) (OPERATORS_BY_FIRST[op.charCodeAt(0)] ??= []).push(op);

const DURATION_UNITS = new Set(['dt', 'ns', 'us', 'µs', 'ms', 's']);

const C_0 = 48, C_9 = 57, C_DOT = 46, C_NL = 10, C_SLASH = 47, C_STAR = 42;

// Character classes of ASCII codes; other characters are identifier
// characters when Unicode calls them letters (surrogate halves are let
// through: astral letters such as mathematical italics come as pairs).
const IDENT = 1, DIGIT = 2, SPACE = 4;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) ASCII_CLASS[c] = IDENT;
  else if (/[0-9]/.test(ch)) ASCII_CLASS[c] = DIGIT;
  else if (/[ \t\r\f\v]/.test(ch)) ASCII_CLASS[c] = SPACE;
}

const LETTER = /\p{L}/u;

function isDigit(c: number): boolean {
  return c >= C_0 && c <= C_9;
}

function isNonAsciiLetter(c: number): boolean {
  return (c >= 0xd800 && c <= 0xdfff) || LETTER.test(String.fromCharCode(c));
}

/** Whether the code unit at `p` may continue an identifier; `b` is its byte (see source-bytes.ts). */
function isIdentPartAt(src: string, b: number, p: number): boolean {
  return b < 128 ? (ASCII_CLASS[b]! & (IDENT | DIGIT)) !== 0 : b === NON_ASCII && isNonAsciiLetter(src.charCodeAt(p));
}

export class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly src: string;
  /** sourceBytes(src): what the scanning loops read. */
  readonly bytes: Uint8Array;
  readonly names = new NameTable();

  constructor(src: string) {
    // A byte-order mark is not part of the program.
    this.src = src.charCodeAt(0) === 0xfeff ? src.slice(1) : src;
    this.bytes = sourceBytes(this.src);
  }

  next(): Token {
    const src = this.src;
    const bytes = this.bytes;
    const start = this.skipSpace();
    const line = this.line;
    const col = start - this.lineStart + 1;
    if (start >= src.length) return { kind: 'eof', text: '', line, col, endCol: col };
    const b = bytes[start]!;
    const c = b === NON_ASCII ? src.charCodeAt(start) : b;

    if (b < 128 ? ASCII_CLASS[b] === IDENT : isNonAsciiLetter(c)) {
      let h = nameHash(NAME_HASH_START, c);
      let p = start + 1;
      for (let d = bytes[p]!; isIdentPartAt(src, d, p); d = bytes[++p]!) h = nameHash(h, d === NON_ASCII ? src.charCodeAt(p) : d);
      this.pos = p;
      return { kind: 'ident', text: this.names.intern(src, bytes, start, p, h), line, col, endCol: col + (p - start) };
    }
    if (isDigit(c) || (c === C_DOT && isDigit(bytes[start + 1]!))) return this.number(start, line, col);
    if (c === 34 /* " */ || c === 39 /* ' */) return this.string(start, line, col, c);
    if (c === 36 /* $ */) {
      let p = start + 1;
      while (isDigit(bytes[p]!)) p++;
      if (p === start + 1) throw new CircuitParseError(line, col, "expected a physical qubit number after '$'");
      this.pos = p;
      return { kind: 'physical', text: src.slice(start + 1, p), line, col, endCol: col + (p - start) };
    }
    const candidates = c < 128 ? OPERATORS_BY_FIRST[c] : undefined;
    if (candidates) {
      for (const op of candidates) {
        if (op.length === 1 || src.startsWith(op, start)) {
          this.pos = start + op.length;
          return { kind: 'op', text: op, line, col, endCol: col + op.length };
        }
      }
    }
    throw new CircuitParseError(line, col, `unexpected character '${String.fromCodePoint(src.codePointAt(start)!)}'`);
  }

  /** Skips whitespace and comments; returns (and moves to) where the next token starts. */
  skipSpace(): number {
    const src = this.src;
    const bytes = this.bytes;
    let start = this.pos;
    let c = bytes[start]!;
    while (c === 32 || c === C_NL || c === C_SLASH || (c < 128 && ASCII_CLASS[c] === SPACE)) {
      if (c === C_NL) {
        this.newline(++start);
      } else if (c === C_SLASH) {
        const d = bytes[start + 1]!;
        if (d === C_SLASH) {
          const nl = src.indexOf('\n', start);
          start = nl < 0 ? src.length : nl;
        } else if (d === C_STAR) {
          this.pos = start;
          this.blockComment();
          start = this.pos;
        } else {
          break;
        }
      } else {
        start++;
      }
      c = bytes[start]!;
    }
    this.pos = start;
    return start;
  }

  /** The line the reader is on, and the offset where that line starts. */
  get lineNumber(): number {
    return this.line;
  }

  get lineOffset(): number {
    return this.lineStart;
  }

  /** The text being read (without a byte-order mark). */
  get source(): string {
    return this.src;
  }

  /** Offset of the next character to read. */
  get position(): number {
    return this.pos;
  }

  /** Continues reading at `pos`, later on the same line (what lies between was read elsewhere). */
  resumeAt(pos: number): void {
    this.pos = pos;
  }

  /** Skips the rest of the current line (pragmas, annotations). */
  skipLine(): void {
    const nl = this.src.indexOf('\n', this.pos);
    this.pos = nl < 0 ? this.src.length : nl;
  }

  /**
   * Skips a brace-delimited body whose opening '{' was the last token read,
   * without tokenizing it (defcal and cal bodies use another grammar).
   */
  skipBracedBody(openLine: number, openCol: number): void {
    const src = this.src;
    let depth = 1;
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      if (c === C_NL) {
        this.newline(this.pos + 1);
      } else if (c === C_SLASH && src.charCodeAt(this.pos + 1) === C_SLASH) {
        this.skipLine();
        continue;
      } else if (c === C_SLASH && src.charCodeAt(this.pos + 1) === C_STAR) {
        this.blockComment();
        continue;
      } else if (c === 34 || c === 39) {
        const close = src.indexOf(src[this.pos]!, this.pos + 1);
        if (close < 0) break;
        this.pos = close;
      } else if (c === 123) {
        depth++;
      } else if (c === 125 && --depth === 0) {
        this.pos++;
        return;
      }
      this.pos++;
    }
    throw new CircuitParseError(openLine, openCol, "unterminated '{' (no matching '}')");
  }

  private newline(next: number): void {
    this.line++;
    this.lineStart = next;
  }

  private blockComment(): void {
    const line = this.line;
    const col = this.pos - this.lineStart + 1;
    const close = this.src.indexOf('*/', this.pos + 2);
    if (close < 0) throw new CircuitParseError(line, col, "unterminated comment ('/*' without '*/')");
    for (let p = this.src.indexOf('\n', this.pos); p >= 0 && p < close; p = this.src.indexOf('\n', p + 1)) {
      this.newline(p + 1);
    }
    this.pos = close + 2;
  }

  private number(start: number, line: number, col: number): Token {
    const src = this.src;
    const bytes = this.bytes;
    let p = start;
    let kind: TokenKind = 'int';
    const radix = bytes[p] === C_0 ? bytes[p + 1]! | 0x20 : 0;
    if (radix === 120 /* x */ || radix === 98 /* b */ || radix === 111 /* o */) {
      p += 2;
      while (isIdentPartAt(src, bytes[p]!, p)) p++;
    } else {
      while (isDigit(bytes[p]!) || bytes[p]! === 95 /* _ */) p++;
      if (bytes[p]! === C_DOT) {
        kind = 'float';
        p++;
        while (isDigit(bytes[p]!) || bytes[p]! === 95 /* _ */) p++;
      }
      const e = bytes[p]!;
      if (e === 101 || e === 69) {
        let q = p + 1;
        const sign = bytes[q]!;
        if (sign === 43 || sign === 45) q++;
        if (isDigit(bytes[q]!)) {
          kind = 'float';
          p = q;
          while (isDigit(bytes[p]!)) p++;
        }
      }
    }
    // A unit or 'im' glued to the number makes a duration or imaginary literal.
    let u = p;
    while (isIdentPartAt(src, bytes[u]!, u)) u++;
    if (u > p && radix !== 120 && radix !== 98 && radix !== 111) {
      const suffix = src.slice(p, u);
      if (suffix === 'im') kind = 'imag';
      else if (DURATION_UNITS.has(suffix)) kind = 'duration';
      else throw new CircuitParseError(line, col, `malformed number '${src.slice(start, u)}'`);
      p = u;
    }
    this.pos = p;
    return { kind, text: src.slice(start, p), line, col, endCol: col + (p - start) };
  }

  private string(start: number, line: number, col: number, quote: number): Token {
    const src = this.src;
    let p = start + 1;
    while (p < src.length && src.charCodeAt(p) !== quote) {
      if (src.charCodeAt(p) === C_NL) break;
      p++;
    }
    if (src.charCodeAt(p) !== quote) throw new CircuitParseError(line, col, 'unterminated string');
    this.pos = p + 1;
    return { kind: 'string', text: src.slice(start + 1, p), line, col, endCol: col + (p + 1 - start) };
  }
}
