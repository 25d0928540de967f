// if/else, switch, for and while. Whether a condition or a loop bound is
// known at compile time decides what happens:
//   metrics: if/else and switch count every branch as one depth block (only
//   the branch known to run has classical effects); a loop with a runtime
//   bound or condition is reported as not exact and its body is checked but
//   not counted; a loop whose iterations are all alike is walked until one
//   repeats and counted for the rest (loop-repetition.ts).
//   lower: a known condition keeps only the branch taken; if/else on bits
//   becomes a Condition on each op; anything else is a CircuitParseError.

import { errorAt, type SourcePos } from './circuit-parse-error.js';
import type { Expr, For, If, ScalarType, Stmt, Switch, While } from './ast.js';
import type { Effects } from './clbit-state.js';
import { conditionClbits, lowerCondition, negate } from './conditions.js';
import { castTo } from './casts.js';
import { carriedState, iterationsAlike, sameState } from './loop-repetition.js';
import { NULL_SINK, type ActiveCondition } from './op-sink.js';
import type { BitRef, Scope } from './scope.js';
import { bitsOf, isKnown, toBool, toNumber, unknown, type Value } from './values.js';
import { derive, weaker, type Ctx, type Flow, type WalkerCore } from './walk-context.js';

const INT_TYPE: ScalarType = { kind: 'scalar', name: 'int' };

export class ControlFlow {
  constructor(private readonly w: WalkerCore) {}

  /** OpenQASM 2 `if(creg == n) op`: the op is conditioned on the whole register. */
  legacyIf(s: If, ctx: Ctx): Flow {
    const cond = s.condition as Extract<Expr, { kind: 'binary' }>;
    const reg = cond.left as Extract<Expr, { kind: 'ident' }>;
    const value = (cond.right as Extract<Expr, { kind: 'number' }>).value;
    const sym = ctx.scope.lookup(reg.name);
    if (!sym) throw errorAt(reg, `undefined classical register '${reg.name}'`);
    if (sym.kind !== 'bits') throw errorAt(reg, `'${reg.name}' is not a classical register`);
    const current = knownValue(sym.refs);
    const taken = current === undefined ? undefined : current === value;
    const stmt = s.then[0]!;
    if (this.w.lowering && !ctx.dryRun) {
      if (taken !== undefined) return taken ? this.w.exec(stmt, ctx) : 'next';
      const ir = lowerCondition(s.condition, ctx.scope, this.w.ev, this.w.clbits);
      return this.w.exec(stmt, derive(ctx, { cond: { clbits: ir.clbits, ir }, effects: weaker(ctx.effects, 'uncertain') }));
    }
    const clbits = conditionClbits(s.condition, ctx.scope, this.w.ev);
    const effects = taken === undefined ? 'uncertain' : taken ? 'normal' : 'none';
    return this.w.exec(stmt, derive(ctx, { cond: { clbits }, effects: weaker(ctx.effects, effects) }));
  }

  ifElse(s: If, ctx: Ctx): Flow {
    const known = toBool(this.w.ev.evaluate(s.condition, ctx.scope));
    if (this.w.lowering && !ctx.dryRun) {
      if (known !== undefined) {
        const body = known ? s.then : s.else;
        return body ? this.w.execBlock(body, derive(ctx, { scope: ctx.scope.child('block') })) : 'next';
      }
      if (ctx.cond) throw errorAt(s, 'an if on a runtime value inside another one cannot be lowered');
      const ir = lowerCondition(s.condition, ctx.scope, this.w.ev, this.w.clbits);
      this.runtimeBranch(s.then, ctx, { clbits: ir.clbits, ir }, s);
      if (s.else) this.runtimeBranch(s.else, ctx, { clbits: ir.clbits, ir: negate(ir) }, s);
      return 'next';
    }
    ctx.sink.beginBlock(ctx.dryRun ? [] : conditionClbits(s.condition, ctx.scope, this.w.ev));
    const thenFlow = this.branch(s.then, ctx, known === undefined ? 'uncertain' : known ? 'normal' : 'none', s);
    let elseFlow: Flow = 'next';
    if (s.else) {
      ctx.sink.nextBranch();
      elseFlow = this.branch(s.else, ctx, known === undefined ? 'uncertain' : known ? 'none' : 'normal', s);
    }
    ctx.sink.endBlock();
    return known === undefined ? 'next' : known ? thenFlow : elseFlow;
  }

  /** One branch of a counted if/switch; `effects` says whether it runs. */
  private branch(body: readonly Stmt[], ctx: Ctx, effects: Effects, at: SourcePos): Flow {
    const eff = weaker(ctx.effects, effects);
    const flow = this.w.execBlock(body, derive(ctx, { scope: ctx.scope.child('block'), effects: eff }));
    if (flow === 'next' || eff === 'normal') return flow;
    if (eff === 'uncertain' && !ctx.dryRun) this.w.notStatic(at, ctx, `'${flow}' under a condition known only at run time`);
    return 'next';
  }

  /** Lowering: a branch whose ops all carry `cond`. */
  private runtimeBranch(body: readonly Stmt[], ctx: Ctx, cond: ActiveCondition, at: SourcePos): void {
    const flow = this.w.execBlock(body, derive(ctx, { scope: ctx.scope.child('block'), cond, effects: weaker(ctx.effects, 'uncertain') }));
    if (flow !== 'next') throw errorAt(at, `'${flow}' under a condition known only at run time cannot be lowered`);
  }

  forLoop(s: For, ctx: Ctx): Flow {
    const type = s.varType ?? INT_TYPE;
    const width = this.w.typeWidth(type, ctx.scope);
    const iterate = (value: Value, c: Ctx): Flow => {
      const scope = ctx.scope.child('block');
      scope.declare(s.variable, { kind: 'var', type, value, isConst: false, pos: s });
      return this.w.execBlock(s.body, derive(c, { scope, inLoop: true }));
    };
    const values = ctx.dryRun ? undefined : this.loopValues(s.iterable, ctx.scope);
    if (values === undefined) {
      if (!ctx.dryRun) this.w.notStatic(s, ctx, 'a for loop over values known only at run time');
      iterate(unknown(type.name), derive(ctx, { sink: NULL_SINK, effects: weaker(ctx.effects, 'uncertain') }));
      return 'next';
    }
    // A counting walk looks for an iteration that ends in the state it began
    // in (trying the first ones, then ever more sparsely); the rest then
    // repeat it (loop-repetition.ts).
    let repeatable = this.w.repeatLoops && !this.w.lowering && iterationsAlike(s, ctx.scope);
    for (let i = 0; i < values.count; i++) {
      this.w.tick(s);
      const value = castTo(type, width, values.at(i), s.iterable);
      const remaining = values.count - i - 1;
      if (!repeatable || remaining === 0 || (i > 2 && (i & (i + 1)) !== 0)) {
        const flow = iterate(value, ctx);
        if (flow === 'break') break;
        if (flow === 'return' || flow === 'end') return flow;
        continue;
      }
      const before = carriedState(s, ctx.scope, this.w.clbits);
      const steps = this.w.steps;
      ctx.sink.beginRepeat();
      const flow = iterate(value, ctx);
      const perIteration = this.w.steps - steps + 1;
      if ((flow === 'next' || flow === 'continue') && sameState(before, carriedState(s, ctx.scope, this.w.clbits))) {
        // Past the expansion budget, unrolling stops partway: let it.
        if (this.w.tryCountSteps(perIteration * remaining)) {
          // Casting a value to the loop's type can fail as unrolling would (a range's integers never do).
          if (!values.integers) for (let j = i + 1; j < values.count; j++) castTo(type, width, values.at(j), s.iterable);
          ctx.sink.endRepeat(remaining);
          return 'next';
        }
        repeatable = false;
      }
      ctx.sink.endRepeat(0);
      if (flow === 'break') break;
      if (flow === 'return' || flow === 'end') return flow;
    }
    return 'next';
  }

  /** The values a for loop runs over, or undefined when they are only known at run time. */
  private loopValues(e: Expr, scope: Scope): LoopValues | undefined {
    if (e.kind === 'range') {
      if (!e.start || !e.end) throw errorAt(e, 'a loop range needs a start and an end');
      const start = this.w.ev.evalInt(e.start, scope, 'a range start');
      const end = this.w.ev.evalInt(e.end, scope, 'a range end');
      const step = e.step ? this.w.ev.evalInt(e.step, scope, 'a range step') : 1;
      if (start === undefined || end === undefined || step === undefined) return undefined;
      if (step === 0) throw errorAt(e, 'a range step cannot be 0');
      const count = step > 0 ? (start <= end ? Math.floor((end - start) / step) + 1 : 0) : start >= end ? Math.floor((start - end) / -step) + 1 : 0;
      return { count, at: (i) => ({ t: 'int', v: start + i * step }), integers: true };
    }
    const v = this.w.ev.evaluate(e, scope);
    if (v.t === 'array') return v.items.every(isKnown) ? listValues(v.items) : undefined;
    if (v.t === 'bits') return v.bits.every((b) => b >= 0) ? listValues(v.bits.map((b) => bitsOf([b]))) : undefined;
    if (v.t === 'unknown') return undefined;
    throw errorAt(e, `cannot loop over ${v.t}`);
  }

  whileLoop(s: While, ctx: Ctx): Flow {
    const body = (c: Ctx): Flow => this.w.execBlock(s.body, derive(c, { scope: ctx.scope.child('block'), inLoop: true }));
    if (ctx.dryRun) {
      this.w.ev.evaluate(s.condition, ctx.scope);
      body(ctx);
      return 'next';
    }
    for (;;) {
      const go = toBool(this.w.ev.evaluate(s.condition, ctx.scope));
      if (go === false) return 'next';
      if (go === undefined) {
        this.w.notStatic(s, ctx, 'a while loop whose condition is known only at run time');
        body(derive(ctx, { sink: NULL_SINK, effects: weaker(ctx.effects, 'uncertain') }));
        return 'next';
      }
      this.w.tick(s);
      const flow = body(ctx);
      if (flow === 'break') return 'next';
      if (flow === 'return' || flow === 'end') return flow;
    }
  }

  switchStatement(s: Switch, ctx: Ctx): Flow {
    const subject = toNumber(this.w.ev.evaluate(s.subject, ctx.scope));
    const caseValues = s.cases.map((c) => c.values.map((v) => this.w.ev.constInt(v, ctx.scope, 'a case value')));
    const chosen = subject === undefined ? undefined : caseValues.findIndex((vals) => vals.includes(subject));
    const bodies = [...s.cases.map((c) => c.body), ...(s.default ? [s.default] : [])];
    // Index of the branch that runs: a matching case, else the default (if any).
    const taken = chosen === undefined ? undefined : chosen >= 0 ? chosen : s.default ? s.cases.length : -1;
    if (this.w.lowering && !ctx.dryRun) {
      if (taken === undefined) throw errorAt(s.subject, 'a switch on a runtime value cannot be lowered');
      return taken >= 0 ? this.w.execBlock(bodies[taken]!, derive(ctx, { scope: ctx.scope.child('block') })) : 'next';
    }
    ctx.sink.beginBlock(ctx.dryRun ? [] : conditionClbits(s.subject, ctx.scope, this.w.ev));
    let flow: Flow = 'next';
    bodies.forEach((body, i) => {
      if (i > 0) ctx.sink.nextBranch();
      const effects = taken === undefined ? 'uncertain' : taken === i ? 'normal' : 'none';
      const f = this.branch(body, ctx, effects, s);
      if (taken === i) flow = f;
    });
    ctx.sink.endBlock();
    return flow;
  }
}

/** A register's value when every bit of it is known at compile time (bitsToInt without copying the bits). */
function knownValue(refs: readonly BitRef[]): number | undefined {
  let n = 0;
  let weight = 1;
  for (const r of refs) {
    const b = r.storage.known[r.index]!;
    if (b < 0) return undefined;
    n += b * weight;
    weight *= 2;
  }
  return n;
}

/** The values of a loop, by position. */
interface LoopValues {
  count: number;
  at(i: number): Value;
  /** All plain integers (a range). */
  integers: boolean;
}

function listValues(items: readonly Value[]): LoopValues {
  return { count: items.length, at: (i) => items[i]!, integers: false };
}
