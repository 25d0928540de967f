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
  line: number;
  col: number;
  numParams: number;
  /** Whether a parameter names `pi` (a program may declare its own). */
  usesPi: boolean;
  /**
   * Operand register names and indices (-1: the whole register),
   * `numOperands` of them; a measurement's target is the second.
   */
  numOperands: number;
  registers: string[];
  indices: number[];
  /** Offset just past the ';'. */
  end: number;
}

const C_SPACE = 32, C_TAB = 9, C_LPAREN = 40, C_RPAREN = 41, C_STAR = 42, C_PLUS = 43, C_COMMA = 44;
const C_MINUS = 45, C_DOT = 46, C_SLASH = 47, C_0 = 48, C_9 = 57, C_SEMI = 59, C_GT = 62, C_LBRACKET = 91, C_RBRACKET = 93;

// Identifier characters: 1 may start one, 2 may only continue one. Other
// characters of 128 and above may be letters: the scan gives up on them.
const WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) WORD[c] = 1;
  else if (c >= C_0 && c <= C_9) WORD[c] = 2;
}

function isDigit(c: number): boolean {
  return c >= C_0 && c <= C_9;
}

/** Whether `c` could continue a word (so a number or name before it would not end there). */
function continuesWord(c: number): boolean {
  return c >= 128 || WORD[c]! !== 0;
}

/**
 * Scans the rest of a statement whose first word `name` (already read) ends
 * at `pos`. Fills `out` (all but name, line and col) and returns true, or
 * returns false when the statement is not a plain one.
 */
export function scanPlainStatement(name: string, src: string, pos: number, names: NameTable, out: PlainStatement): boolean {
  let p = skipSpaces(src, pos);
  out.numParams = 0;
  out.usesPi = false;
  out.numOperands = 0;
  if (name === 'reset' || name === 'measure') {
    out.kind = name;
    p = scanOperand(src, p, names, out);
    if (p < 0) return false;
    if (name === 'measure') {
      if (src.charCodeAt(p) !== C_MINUS || src.charCodeAt(p + 1) !== C_GT) return false;
      p = scanOperand(src, skipSpaces(src, p + 2), names, out);
      if (p < 0) return false;
    }
    if (src.charCodeAt(p) !== C_SEMI) return false;
    out.end = p + 1;
    return true;
  }
  if (STATEMENT_WORDS.has(name)) return false;
  out.kind = 'gate';
  if (src.charCodeAt(p) === C_LPAREN) {
    p = skipSpaces(src, p + 1);
    if (src.charCodeAt(p) === C_RPAREN) {
      p++;
    } else {
      for (;;) {
        p = expression(src, p, out);
        if (p < 0) return false;
        out.numParams++;
        const c = src.charCodeAt(p);
        if (c === C_RPAREN) break;
        if (c !== C_COMMA) return false;
        p = skipSpaces(src, p + 1);
      }
      p++;
    }
    p = skipSpaces(src, p);
  }
  for (;;) {
    p = scanOperand(src, p, names, out);
    if (p < 0) return false;
    const c = src.charCodeAt(p);
    if (c === C_SEMI) {
      out.end = p + 1;
      return true;
    }
    if (c !== C_COMMA) return false;
    p = skipSpaces(src, p + 1);
  }
}

/** An operand, `name` or `name[index]`, added to `out`; returns the offset after it and its spaces, or -1. */
function scanOperand(src: string, p: number, names: NameTable, out: PlainStatement): number {
  const start = p;
  let c = src.charCodeAt(p);
  if (!(c < 128 && WORD[c] === 1)) return -1;
  let h = NAME_HASH_START;
  do {
    h = nameHash(h, c);
    c = src.charCodeAt(++p);
  } while (c < 128 && WORD[c] !== 0);
  if (c >= 128) return -1;
  const name = names.intern(src, start, p, h);
  p = skipSpaces(src, p);
  let index = -1;
  if (src.charCodeAt(p) === C_LBRACKET) {
    p = skipSpaces(src, p + 1);
    const digits = p;
    index = 0;
    for (c = src.charCodeAt(p); isDigit(c); c = src.charCodeAt(++p)) index = index * 10 + (c - C_0);
    if (p === digits || continuesWord(c) || p - digits > 9) return -1;
    p = skipSpaces(src, p);
    if (src.charCodeAt(p) !== C_RBRACKET) return -1;
    p = skipSpaces(src, p + 1);
  }
  out.registers[out.numOperands] = name;
  out.indices[out.numOperands++] = index;
  return p;
}

function skipSpaces(src: string, p: number): number {
  let c = src.charCodeAt(p);
  while (c === C_SPACE || c === C_TAB) c = src.charCodeAt(++p);
  return p;
}

/**
 * A constant expression of numbers and `pi` with + - * / and parentheses,
 * from `p`; returns the offset after it (and its trailing spaces), or -1.
 */
function expression(src: string, p: number, out: PlainStatement): number {
  p = operand(src, p, out, false);
  while (p >= 0) {
    const c = src.charCodeAt(p);
    if (c === C_PLUS || c === C_MINUS || c === C_STAR) {
      if (src.charCodeAt(p + 1) === C_STAR) return -1; // '**'
      p = operand(src, skipSpaces(src, p + 1), out, false);
    } else if (c === C_SLASH) {
      p = operand(src, skipSpaces(src, p + 1), out, true);
    } else {
      return p;
    }
  }
  return -1;
}

/** A signed number, `pi` or parenthesised expression; a divisor must be a non-zero number or `pi`. */
function operand(src: string, p: number, out: PlainStatement, divisor: boolean): number {
  let c = src.charCodeAt(p);
  while (c === C_MINUS || c === C_PLUS) {
    p = skipSpaces(src, p + 1);
    c = src.charCodeAt(p);
  }
  if (c === C_LPAREN) {
    if (divisor) return -1;
    p = expression(src, skipSpaces(src, p + 1), out);
    if (p < 0 || src.charCodeAt(p) !== C_RPAREN) return -1;
    return skipSpaces(src, p + 1);
  }
  if (c === 112 /* p */ && src.charCodeAt(p + 1) === 105 /* i */ && !continuesWord(src.charCodeAt(p + 2))) {
    out.usesPi = true;
    return skipSpaces(src, p + 2);
  }
  const start = p;
  while (isDigit(src.charCodeAt(p))) p++;
  let digits = p - start;
  if (src.charCodeAt(p) === C_DOT) {
    const frac = ++p;
    while (isDigit(src.charCodeAt(p))) p++;
    digits += p - frac;
  }
  if (digits === 0) return -1;
  const e = src.charCodeAt(p) | 0x20;
  if (e === 101 /* e */) {
    let q = p + 1;
    const sign = src.charCodeAt(q);
    if (sign === C_PLUS || sign === C_MINUS) q++;
    if (isDigit(src.charCodeAt(q))) {
      p = q;
      while (isDigit(src.charCodeAt(p))) p++;
    }
  }
  if (continuesWord(src.charCodeAt(p))) return -1;
  if (divisor && Number(src.slice(start, p)) === 0) return -1;
  return skipSpaces(src, p);
}
