// The statements that make up nearly all of a large program, recognised
// straight from the characters so that a counting walk can apply them
// without tokens or a syntax tree:
//
//   cx q[3], q[4];    rz(-pi/4) q[0];    h q;       a gate call on single
//                                                   qubits or whole registers
//                                                   with constant parameters
//   reset q[2];       measure q[1] -> c[1];         on the same operands
//
// (gate-calls.ts plainCall, walker.ts plainReset and plainMeasure). The scan
// only accepts text the full parser reads as exactly such a statement and
// whose parameters evaluate without error: anything else (comments, line
// breaks, names other than `pi`, a division by anything but a non-zero
// literal or `pi`, ranges, modifiers ...) is left to the full parser, which
// then also reports any error.

import { NAME_HASH_START, nameHash, type NameTable } from './name-table.js';

/** Words that start other statements (in either version): never a gate call. */
export const STATEMENT_WORDS: ReadonlySet<string> = new Set([
  'OPENQASM', 'include', 'qreg', 'creg', 'gate', 'opaque', 'measure', 'reset', 'barrier', 'if', 'else',
  'qubit', 'array', 'const', 'input', 'output', 'let', 'def', 'extern', 'defcal', 'cal', 'defcalgrammar',
  'pragma', 'for', 'while', 'switch', 'break', 'continue', 'end', 'return', 'box', 'delay', 'gphase',
  'ctrl', 'negctrl', 'inv', 'pow', 'bit', 'int', 'uint', 'float', 'angle', 'bool', 'duration', 'stretch', 'complex',
]);

export interface PlainStatement {
  kind: 'gate' | 'reset' | 'measure';
  /** The gate's name, or the statement's first word. */
  name: string;
  /** Its NameTable id (-1: none). */
  nameId: number;
  line: number;
  col: number;
  numParams: number;
  /** Whether a parameter names `pi` (a program may declare its own). */
  usesPi: boolean;
  /**
   * Operand register names, their NameTable ids (-1: none) and indices
   * (-1: the whole register), `numOperands` of them; a measurement's target
   * is the second.
   */
  numOperands: number;
  registers: string[];
  registerIds: number[];
  indices: number[];
  /** Offset just past the ';'. */
  end: number;
}

export function emptyPlainStatement(): PlainStatement {
  return { kind: 'gate', name: '', nameId: -1, line: 0, col: 0, numParams: 0, usesPi: false, numOperands: 0, registers: [], registerIds: [], indices: [], end: 0 };
}

const C_SPACE = 32, C_TAB = 9, C_LPAREN = 40, C_RPAREN = 41, C_STAR = 42, C_PLUS = 43, C_COMMA = 44;
const C_MINUS = 45, C_DOT = 46, C_SLASH = 47, C_0 = 48, C_9 = 57, C_SEMI = 59, C_GT = 62, C_LBRACKET = 91, C_RBRACKET = 93;

// Identifier characters: 1 may start one, 2 may only continue one. Other
// characters of 128 and above may be letters: the scan gives up on them.
const WORD = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) WORD[c] = 1;
  else if (c >= C_0 && c <= C_9) WORD[c] = 2;
}

/** What a statement's first word makes it (per name id, see FirstWords). */
const UNSEEN = 0, GATE = 1, RESET = 2, MEASURE = 3, OTHER = 4;

function classify(name: string): number {
  if (name === 'reset') return RESET;
  if (name === 'measure') return MEASURE;
  return STATEMENT_WORDS.has(name) ? OTHER : GATE;
}

function isDigit(c: number): boolean {
  return c >= C_0 && c <= C_9;
}

/** Whether `c` could continue a word (so a number or name before it would not end there). */
function continuesWord(c: number): boolean {
  return c >= 128 || WORD[c]! !== 0;
}

/**
 * Reads plain statements from a program's text: `bytes` is sourceBytes(src);
 * names are interned in `names`.
 */
export class PlainScanner {
  /** Per name id: what the word makes a statement that starts with it (classified once). */
  private firstWords = new Uint8Array(64);
  /** The id of the last register name read (-1: none), and where it was read. */
  private lastRegister = -1;
  private lastRegisterStart = 0;
  private lastRegisterEnd = 0;

  constructor(
    private readonly src: string,
    private readonly bytes: Uint8Array,
    private readonly names: NameTable,
  ) {}

  /**
   * Scans the statement whose first word starts at `start`. Fills `out`
   * (all but line and col) and returns true, or returns false when the
   * statement is not a plain one.
   */
  scan(start: number, out: PlainStatement): boolean {
    const bytes = this.bytes;
    let p = start;
    let c = bytes[p]!;
    if (WORD[c] !== 1) return false;
    let h = NAME_HASH_START;
    do {
      h = nameHash(h, c);
      c = bytes[++p]!;
    } while (WORD[c] !== 0);
    if (c >= 128) return false;
    const id = this.names.id(this.src, bytes, start, p, h);
    const name = id >= 0 ? this.names.name(id) : this.src.slice(start, p);
    const kind = id >= 0 ? this.firstWord(id, name) : classify(name);
    if (kind === OTHER) return false;
    out.name = name;
    out.nameId = id;
    out.numParams = 0;
    out.usesPi = false;
    out.numOperands = 0;
    p = skipSpaces(bytes, p);
    if (kind !== GATE) {
      out.kind = kind === RESET ? 'reset' : 'measure';
      p = this.operand(p, out);
      if (p < 0) return false;
      if (kind === MEASURE) {
        if (bytes[p] !== C_MINUS || bytes[p + 1] !== C_GT) return false;
        p = this.operand(skipSpaces(bytes, p + 2), out);
        if (p < 0) return false;
      }
      if (bytes[p] !== C_SEMI) return false;
      out.end = p + 1;
      return true;
    }
    out.kind = 'gate';
    if (bytes[p] === C_LPAREN) {
      p = skipSpaces(bytes, p + 1);
      if (bytes[p] === C_RPAREN) {
        p++;
      } else {
        for (;;) {
          p = this.expression(p, out);
          if (p < 0) return false;
          out.numParams++;
          const c = bytes[p];
          if (c === C_RPAREN) break;
          if (c !== C_COMMA) return false;
          p = skipSpaces(bytes, p + 1);
        }
        p++;
      }
      p = skipSpaces(bytes, p);
    }
    for (;;) {
      p = this.operand(p, out);
      if (p < 0) return false;
      const c = bytes[p];
      if (c === C_SEMI) {
        out.end = p + 1;
        return true;
      }
      if (c !== C_COMMA) return false;
      p = skipSpaces(bytes, p + 1);
    }
  }

  private firstWord(id: number, name: string): number {
    if (id >= this.firstWords.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.firstWords.length * 2));
      grown.set(this.firstWords);
      this.firstWords = grown;
    }
    let kind = this.firstWords[id]!;
    if (kind === UNSEEN) this.firstWords[id] = kind = classify(name);
    return kind;
  }

  /** An operand, `name` or `name[index]`, added to `out`; returns the offset after it and its spaces, or -1. */
  private operand(p: number, out: PlainStatement): number {
    const bytes = this.bytes;
    const start = p;
    let c = bytes[p]!;
    if (WORD[c] !== 1) return -1;
    let id = this.lastRegister;
    if (id >= 0 && this.startsWithLastRegister(start)) {
      p += this.lastRegisterEnd - this.lastRegisterStart;
      c = bytes[p]!;
    } else {
      let h = NAME_HASH_START;
      do {
        h = nameHash(h, c);
        c = bytes[++p]!;
      } while (WORD[c] !== 0);
      id = this.names.id(this.src, bytes, start, p, h);
      this.lastRegister = id;
      this.lastRegisterStart = start;
      this.lastRegisterEnd = p;
    }
    if (c >= 128) return -1;
    const end = p;
    p = skipSpaces(bytes, p);
    let index = -1;
    if (bytes[p] === C_LBRACKET) {
      p = skipSpaces(bytes, p + 1);
      const digits = p;
      index = 0;
      for (c = bytes[p]!; isDigit(c); c = bytes[++p]!) index = index * 10 + (c - C_0);
      if (p === digits || continuesWord(c) || p - digits > 9) return -1;
      p = skipSpaces(bytes, p);
      if (bytes[p] !== C_RBRACKET) return -1;
      p = skipSpaces(bytes, p + 1);
    }
    const k = out.numOperands++;
    out.registers[k] = id >= 0 ? this.names.name(id) : this.src.slice(start, end);
    out.registerIds[k] = id;
    out.indices[k] = index;
    return p;
  }

  /** Whether the word at `start` is the last register name read (programs mostly name one or two registers). */
  private startsWithLastRegister(start: number): boolean {
    const bytes = this.bytes;
    const from = this.lastRegisterStart;
    const len = this.lastRegisterEnd - from;
    for (let i = 0; i < len; i++) if (bytes[start + i] !== bytes[from + i]) return false;
    return WORD[bytes[start + len]!] === 0;
  }

  /**
   * A constant expression of numbers and `pi` with + - * / and parentheses,
   * from `p`; returns the offset after it (and its trailing spaces), or -1.
   */
  private expression(p: number, out: PlainStatement): number {
    const bytes = this.bytes;
    p = this.term(p, out, false);
    while (p >= 0) {
      const c = bytes[p];
      if (c === C_PLUS || c === C_MINUS || c === C_STAR) {
        if (bytes[p + 1] === C_STAR) return -1; // '**'
        p = this.term(skipSpaces(bytes, p + 1), out, false);
      } else if (c === C_SLASH) {
        p = this.term(skipSpaces(bytes, p + 1), out, true);
      } else {
        return p;
      }
    }
    return -1;
  }

  /** A signed number, `pi` or parenthesised expression; a divisor must be a non-zero number or `pi`. */
  private term(p: number, out: PlainStatement, divisor: boolean): number {
    const bytes = this.bytes;
    let c = bytes[p]!;
    while (c === C_MINUS || c === C_PLUS) {
      p = skipSpaces(bytes, p + 1);
      c = bytes[p]!;
    }
    if (c === C_LPAREN) {
      if (divisor) return -1;
      p = this.expression(skipSpaces(bytes, p + 1), out);
      if (p < 0 || bytes[p] !== C_RPAREN) return -1;
      return skipSpaces(bytes, p + 1);
    }
    if (c === 112 /* p */ && bytes[p + 1] === 105 /* i */ && !continuesWord(bytes[p + 2]!)) {
      out.usesPi = true;
      return skipSpaces(bytes, p + 2);
    }
    const start = p;
    // Whether a digit other than 0 was read: without an exponent, a short literal is then not 0.
    let nonZero = 0;
    for (; isDigit(c); c = bytes[++p]!) nonZero |= c - C_0;
    let digits = p - start;
    if (c === C_DOT) {
      const frac = ++p;
      for (c = bytes[p]!; isDigit(c); c = bytes[++p]!) nonZero |= c - C_0;
      digits += p - frac;
    }
    if (digits === 0) return -1;
    let exponent = false;
    if ((c | 0x20) === 101 /* e */) {
      let q = p + 1;
      const sign = bytes[q];
      if (sign === C_PLUS || sign === C_MINUS) q++;
      if (isDigit(bytes[q]!)) {
        exponent = true;
        p = q;
        while (isDigit(bytes[p]!)) p++;
      }
    }
    if (continuesWord(bytes[p]!)) return -1;
    if (divisor && (exponent || p - start > 300 ? Number(this.src.slice(start, p)) === 0 : nonZero === 0)) return -1;
    return skipSpaces(bytes, p);
  }
}

function skipSpaces(bytes: Uint8Array, p: number): number {
  let c = bytes[p];
  while (c === C_SPACE || c === C_TAB) c = bytes[++p];
  return p;
}
