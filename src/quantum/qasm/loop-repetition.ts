// When the iterations of a for loop are all alike, so that a counting walk
// may walk one and count it for the rest (control-flow.ts).
//
// An iteration's operations, errors and effects are a function of the loop
// variable's value and of the state it starts from. The state an iteration
// can change is the values of the names it assigns or measures into (gates,
// registers, definitions and includes are fixed outside the top level;
// subroutine bodies see only their arguments and global constants; bit
// declarations inside the body allocate clbits once, on their first
// execution, which `clbits.total` shows). So if the body never reads the loop
// variable, or reads it only as a whole argument of extern calls (whose
// results are unknown whatever the arguments), and one iteration ends in the
// very state it began in, every later iteration repeats it exactly.

import type { Expr, For, ScalarType, Stmt, TypeSpec } from './ast.js';
import type { ClbitState } from './clbit-state.js';
import type { Scope } from './scope.js';
import type { Value } from './values.js';

export interface LoopBodyFacts {
  /**
   * The callees the loop variable is passed to as a whole argument, when
   * that is its only use; null when the body reads it in any other way.
   */
  variableOnlyIn: Set<string> | null;
  /** Names the body assigns or measures into. */
  written: string[];
}

const facts = new WeakMap<For, LoopBodyFacts>();

export function loopBodyFacts(loop: For): LoopBodyFacts {
  let f = facts.get(loop);
  if (!f) {
    f = scan(loop);
    facts.set(loop, f);
  }
  return f;
}

/** Whether the loop's iterations can only differ through the state they carry. */
export function iterationsAlike(loop: For, scope: Scope): boolean {
  const callees = loopBodyFacts(loop).variableOnlyIn;
  if (!callees) return false;
  for (const name of callees) if (scope.lookup(name)?.kind !== 'extern') return false;
  return true;
}

/** What an iteration carries over to the next: the written names' values and the clbits allocated. */
export function carriedState(loop: For, scope: Scope, clbits: ClbitState): unknown[] {
  const out: unknown[] = [clbits.total];
  for (const name of loopBodyFacts(loop).written) {
    const sym = scope.lookup(name);
    if (sym?.kind === 'var') out.push(sym.value);
    else if (sym?.kind === 'bits') for (const r of sym.refs) out.push(r.storage.known[r.index], r.storage.locs[r.index]);
    else out.push(sym);
  }
  return out;
}

export function sameState(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => same((a as Record<string, Value>)[k], (b as Record<string, Value>)[k]));
}

function scan(loop: For): LoopBodyFacts {
  const written = new Set<string>();
  let callees: Set<string> | null = new Set();
  const variable = loop.variable;

  const expr = (e: Expr | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case 'ident':
        if (e.name === variable) callees = null;
        return;
      case 'unary':
        return expr(e.operand);
      case 'binary':
        expr(e.left);
        return expr(e.right);
      case 'call':
        for (const a of e.args) {
          if (a.kind === 'ident' && a.name === variable) callees?.add(e.callee);
          else expr(a);
        }
        return;
      case 'cast':
        type(e.type);
        return expr(e.arg);
      case 'index':
        expr(e.target);
        return e.selectors.forEach(expr);
      case 'range':
        expr(e.start);
        expr(e.step);
        return expr(e.end);
      case 'set':
        return e.items.forEach(expr);
      case 'measure':
        return expr(e.operand);
      case 'durationof':
        return e.body.forEach(stmt);
      default:
        return;
    }
  };
  const type = (t: TypeSpec | ScalarType | undefined): void => {
    if (!t) return;
    if (t.kind === 'array') {
      type(t.element);
      t.dims.forEach(expr);
      expr(t.rank);
    } else {
      expr(t.size);
    }
  };
  /** A written operand: its root name is written, its indices are read. */
  const target = (e: Expr): void => {
    if (e.kind === 'ident') written.add(e.name);
    else if (e.kind === 'index') {
      target(e.target);
      e.selectors.forEach(expr);
    } else expr(e);
  };
  const stmt = (s: Stmt): void => {
    switch (s.kind) {
      case 'gateCall':
        for (const m of s.modifiers) expr(m.arg);
        s.params.forEach(expr);
        return s.operands.forEach(expr);
      case 'measure':
        expr(s.operand);
        if (s.target) target(s.target);
        return;
      case 'reset':
        return expr(s.operand);
      case 'barrier':
        return s.operands.forEach(expr);
      case 'delay':
        expr(s.duration);
        return s.operands.forEach(expr);
      case 'assign':
        target(s.target);
        return expr(s.value);
      case 'classicalDecl':
        type(s.type);
        return expr(s.init);
      case 'qubitDecl':
        return expr(s.size);
      case 'alias':
        return expr(s.value);
      case 'if':
        expr(s.condition);
        s.then.forEach(stmt);
        return s.else?.forEach(stmt);
      case 'for':
        type(s.varType);
        expr(s.iterable);
        return s.body.forEach(stmt);
      case 'while':
        expr(s.condition);
        return s.body.forEach(stmt);
      case 'switch':
        expr(s.subject);
        for (const c of s.cases) {
          c.values.forEach(expr);
          c.body.forEach(stmt);
        }
        return s.default?.forEach(stmt);
      case 'box':
      case 'block':
        return s.body.forEach(stmt);
      case 'return':
        return expr(s.value);
      case 'expr':
        return expr(s.expr);
      default:
        // include, gate, def, extern: refused inside a loop on the first iteration.
        return;
    }
  };
  loop.body.forEach(stmt);
  return { variableOnlyIn: callees, written: [...written] };
}
