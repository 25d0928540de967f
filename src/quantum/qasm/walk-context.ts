// What the parts of the program walker share: the per-statement context,
// control-flow signals, and the walker services that gate calls and control
// flow (gate-calls.ts, control-flow.ts) use.

import type { SourcePos } from './circuit-parse-error.js';
import type { Expr, GateDef, ScalarType, Stmt, SubroutineDef } from './ast.js';
import type { ClbitState, Effects } from './clbit-state.js';
import type { Evaluator } from './evaluator.js';
import type { GateInfo } from './gate-library.js';
import type { ActiveCondition, OpSink } from './op-sink.js';
import type { BitRef, Scope } from './scope.js';
import type { BitsValue, Value } from './values.js';

/** How a statement ends: normally, or by a jump the enclosing construct handles. */
export type Flow = 'next' | 'break' | 'continue' | 'return' | 'end';

/** A subroutine call in progress. */
export interface Frame {
  ret?: Value;
}

export interface Ctx {
  scope: Scope;
  sink: OpSink;
  /** Whether classical writes happen (see clbit-state.ts). */
  effects: Effects;
  /** The runtime condition guarding emitted ops (OpenQASM 2 if, lowered if/else). */
  cond: ActiveCondition | null;
  /** Checking a definition: nothing is emitted or counted, loops run once. */
  dryRun: boolean;
  inLoop: boolean;
  inGate: boolean;
  frame: Frame | null;
}

export interface WalkerCore {
  readonly version: 2 | 3;
  /** 'lower' mode: user gates are inlined and runtime decisions are errors. */
  readonly lowering: boolean;
  readonly ev: Evaluator;
  readonly clbits: ClbitState;
  readonly gates: ReadonlyMap<string, GateInfo>;
  readonly unknownIncludes: readonly string[];
  exec(s: Stmt, ctx: Ctx): Flow;
  execBlock(stmts: readonly Stmt[], ctx: Ctx): Flow;
  readBits(refs: readonly BitRef[]): BitsValue;
  typeWidth(type: ScalarType, scope: Scope): number | undefined;
  /** A scope for a gate body: parameters bound to values, qubit arguments to qubits. */
  gateScope(def: GateDef, params: Value[], qubits: number[]): Scope;
  callSubroutine(def: SubroutineDef, args: readonly Expr[], caller: Scope, at: SourcePos): Value;
  /** Counts one unit of expansion (an op or a loop iteration) against the budget. */
  tick(at: SourcePos): void;
  /** Units of expansion counted so far. */
  readonly steps: number;
  /** Counts `n` units at once if the budget has room for all of them; returns whether it did. */
  tryCountSteps(n: number): boolean;
  /** Whether a counting walk may count repeated loop iterations without walking them. */
  readonly repeatLoops: boolean;
  /** Control flow decided only at run time (not countable; not lowerable). */
  notStatic(at: SourcePos, ctx: Ctx, what: string): void;
  /** An operand chosen by a runtime value (depth not exact; not lowerable). */
  runtimeValue(at: SourcePos, ctx: Ctx, what: string): void;
}

/** `ctx` with some fields replaced (spelled out: object spread is slow on this path). */
export function derive(ctx: Ctx, p: Partial<Ctx>): Ctx {
  return {
    scope: p.scope ?? ctx.scope,
    sink: p.sink ?? ctx.sink,
    effects: p.effects ?? ctx.effects,
    cond: p.cond !== undefined ? p.cond : ctx.cond,
    dryRun: p.dryRun ?? ctx.dryRun,
    inLoop: p.inLoop ?? ctx.inLoop,
    inGate: p.inGate ?? ctx.inGate,
    frame: p.frame !== undefined ? p.frame : ctx.frame,
  };
}

/** The weaker of two effect levels: none < uncertain < normal. */
export function weaker(a: Effects, b: Effects): Effects {
  if (a === 'none' || b === 'none') return 'none';
  if (a === 'uncertain' || b === 'uncertain') return 'uncertain';
  return 'normal';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function where(at: SourcePos): string {
  return `${at.line}:${at.col}`;
}
