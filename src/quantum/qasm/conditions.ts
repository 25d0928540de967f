// Classical conditions of if/switch: which clbits they read (for depth) and
// their executable form (for lowering), which is limited to what a
// Condition can express: bits or a bit register compared with a constant.

import type { Condition } from '../circuit.js';
import { errorAt } from './circuit-parse-error.js';
import type { Expr } from './ast.js';
import type { ClbitState } from './clbit-state.js';
import type { Evaluator } from './evaluator.js';
import { resolveBits } from './operands.js';
import type { BitRef, Scope } from './scope.js';
import { toNumber } from './values.js';

function rootName(e: Expr): string | undefined {
  if (e.kind === 'ident') return e.name;
  if (e.kind === 'index') return rootName(e.target);
  return undefined;
}

function namesBits(e: Expr, scope: Scope): boolean {
  const name = rootName(e);
  return name !== undefined && scope.lookup(name)?.kind === 'bits';
}

function wire(ref: BitRef): number {
  const loc = ref.storage.locs[ref.index]!;
  return loc >= 0 ? loc : ref.storage.home[ref.index]!;
}

/**
 * Marks for collecting distinct clbits in first-seen order without a Set: a
 * clbit is taken when its mark is not the current round's (an OpenQASM 2
 * `if (c == n)` names every bit of a register, hundreds per statement).
 */
let marks = new Uint32Array(256);
let round = 0;

function nextRound(): number {
  if (++round === 0xffffffff) {
    marks.fill(0);
    round = 1;
  }
  return round;
}

function firstTime(clbit: number, r: number): boolean {
  if (clbit >= marks.length) {
    const grown = new Uint32Array(Math.max(clbit + 1, marks.length * 2));
    grown.set(marks);
    marks = grown;
  }
  if (marks[clbit] === r) return false;
  marks[clbit] = r;
  return true;
}

/** Whether a conditionClbits() is under way (an index in a condition may call a subroutine with conditions). */
let collecting = false;

/** The clbits a condition reads: every bit or bit register it names. */
export function conditionClbits(e: Expr, scope: Scope, ev: Evaluator): number[] {
  const out: number[] = [];
  // A call made while collecting uses a Set, leaving the marks to the outer one.
  const outer = collecting;
  const seen = outer ? new Set<number>() : undefined;
  const r = outer ? 0 : nextRound();
  const take = (w: number): boolean => (seen ? !seen.has(w) && !!seen.add(w) : firstTime(w, r));
  const visit = (x: Expr): void => {
    if ((x.kind === 'ident' || x.kind === 'index') && namesBits(x, scope)) {
      const sel = resolveBits(x, scope, ev);
      const refs = sel.items ?? resolveBits({ kind: 'ident', name: rootName(x)!, line: x.line, col: x.col }, scope, ev).items!;
      for (const ref of refs) {
        const w = wire(ref);
        if (w >= 0 && take(w)) out.push(w);
      }
      return;
    }
    switch (x.kind) {
      case 'unary':
        visit(x.operand);
        break;
      case 'binary':
        visit(x.left);
        visit(x.right);
        break;
      case 'cast':
        visit(x.arg);
        break;
      case 'call':
        x.args.forEach(visit);
        break;
      case 'index':
        visit(x.target);
        x.selectors.forEach(visit);
        break;
      default:
        break;
    }
  };
  collecting = true;
  try {
    visit(e);
  } finally {
    collecting = outer;
  }
  return out;
}

const TRANSPARENT_CASTS = new Set(['int', 'uint', 'bool', 'bit']);

function unwrapCasts(e: Expr): Expr {
  return e.kind === 'cast' && e.type.kind === 'scalar' && TRANSPARENT_CASTS.has(e.type.name) ? unwrapCasts(e.arg) : e;
}

/**
 * The executable form of a condition whose value is only known at run time:
 * `c == n`, `c != n`, `int(c) == n`, `c[i]`, `!c[i]`, `bool(c[i])`.
 */
export function lowerCondition(e: Expr, scope: Scope, ev: Evaluator, clbits: ClbitState): Condition {
  const bitsOf = (x: Expr): BitRef[] | null => {
    const u = unwrapCasts(x);
    if (!namesBits(u, scope)) return null;
    const refs = resolveBits(u, scope, ev).items;
    if (refs === null) throw errorAt(u, 'a bit index depends on a runtime value; the circuit cannot be lowered');
    return refs;
  };
  const locations = (refs: BitRef[]): number[] =>
    refs.map((r) => {
      if (clbits.isStale(r)) {
        throw errorAt(e, `the clbit holding the value of '${r.storage.name}' was overwritten before this condition; the circuit cannot be lowered`);
      }
      const loc = r.storage.locs[r.index]!;
      if (loc < 0) throw errorAt(e, `'${r.storage.name}' holds a value computed at run time; the circuit cannot be lowered`);
      return loc;
    });

  const u = unwrapCasts(e);
  if (u.kind === 'binary' && (u.op === '==' || u.op === '!=')) {
    let bits = bitsOf(u.left);
    let other = u.right;
    if (!bits) {
      bits = bitsOf(u.right);
      other = u.left;
    }
    if (bits) {
      const v = ev.evaluate(other, scope);
      const n = v.t === 'unknown' ? undefined : toNumber(v);
      if (n === undefined || !Number.isInteger(n) || n < 0) {
        throw errorAt(other, 'a condition can only compare bits with a non-negative integer constant when lowered');
      }
      if (v.t === 'int' && v.inexact) {
        const written = other.kind === 'number' && other.text ? other.text : String(n);
        throw errorAt(other, `${written} is too large to compare exactly; the circuit cannot be lowered`);
      }
      return { clbits: locations(bits), op: u.op, value: n };
    }
  }
  if (u.kind === 'unary' && u.op === '!') {
    const bits = bitsOf(u.operand);
    if (bits) return { clbits: locations(bits), op: '==', value: 0 };
  }
  const bits = bitsOf(u);
  if (bits) return bits.length === 1 ? { clbits: locations(bits), op: '==', value: 1 } : { clbits: locations(bits), op: '!=', value: 0 };
  throw errorAt(e, 'this condition cannot be lowered: only bits or a bit register compared with a constant can be');
}

export function negate(c: Condition): Condition {
  return { ...c, op: c.op === '==' ? '!=' : '==' };
}
