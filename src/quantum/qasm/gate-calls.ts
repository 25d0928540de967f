// Gate calls: name resolution, modifiers, argument counts, broadcasting over
// registers, and (when lowering) inlining of user gates with their
// modifiers distributed over the body.

import type { Op } from '../circuit.js';
import { errorAt } from './circuit-parse-error.js';
import type { Expr, GateCall, SubroutineDef } from './ast.js';
import { controlOps, invertOps, powerOps } from './apply-modifiers.js';
import { GPHASE, type GateInfo } from './gate-library.js';
import { LoweringSink, requireNumber } from './lowering-sink.js';
import type { GateApplication, ResolvedModifiers } from './op-sink.js';
import type { PlainLookups } from './plain-lookups.js';
import type { PlainStatement } from './plain-statement.js';
import { resolveQubits, type Selection } from './operands.js';
import type { Scope } from './scope.js';
import { float, type Value } from './values.js';
import { plural, type Ctx, type WalkerCore } from './walk-context.js';

const GPHASE_INFO: GateInfo = { name: GPHASE, numParams: 1, numQubits: 0, kind: 'builtin', standard: GPHASE };
const NO_MODIFIERS: ResolvedModifiers & { key: string } = { controls: [], inverse: false, power: null, key: '' };

export class GateCalls {
  /** plainCall's operands: a qubit, or a register's qubits when broadcast. */
  private readonly plainOperands: (number | readonly number[])[] = [];
  /**
   * plainCall's application, reused for each plain gate: a counting walk's
   * sink (the metrics) reads it and keeps none of it, and a circuit has
   * thousands of them (a quarter of what a commit of one allocated).
   */
  private readonly plainApp: GateApplication = {
    at: { line: 0, col: 0 }, key: '', info: GPHASE_INFO, params: [], qubits: [], arity: 0, mods: NO_MODIFIERS,
  };
  /** The application's qubit array for each arity: setting an array's length is a call into the runtime. */
  private readonly plainQubits: number[][] = [];

  constructor(
    private readonly w: WalkerCore,
    /** What plain gate calls name (they are applied at the top level). */
    private readonly lookups: PlainLookups,
  ) {}

  gateCall(s: GateCall, ctx: Ctx): void {
    const { scope } = ctx;
    const info = this.w.gates.get(s.name) ?? (s.name === GPHASE && this.w.version === 3 ? GPHASE_INFO : undefined);
    if (!info) {
      const sym = scope.lookup(s.name);
      if (sym?.kind === 'subroutine' && s.modifiers.length === 0) {
        // Earlier OpenQASM 3 drafts (and the specification's own examples)
        // call subroutines like gates: `name(classical args) qubit args;`.
        this.w.callSubroutine(sym.def, gateStyleArguments(sym.def, s), scope, s);
        return;
      }
      if (sym?.kind === 'subroutine') throw errorAt(s, `gate modifiers do not apply to subroutine '${s.name}'`);
      const unread = this.w.unknownIncludes.length > 0 ? ` (included files other than the standard library are not read: ${this.w.unknownIncludes.map((p) => `"${p}"`).join(', ')})` : '';
      throw errorAt(s, `undefined gate '${s.name}'${unread}`);
    }
    const mods = s.modifiers.length === 0 ? NO_MODIFIERS : this.modifiers(s, scope);
    if (s.params.length !== info.numParams) {
      throw errorAt(s, `gate '${s.name}' takes ${plural(info.numParams, 'parameter')}, got ${s.params.length}`);
    }
    const arity = info.numQubits + mods.controls.length;
    if (s.operands.length !== arity) {
      throw errorAt(s, `gate '${s.name}' takes ${plural(arity, 'qubit')}, got ${s.operands.length}`);
    }
    const params: Value[] = [];
    for (const p of s.params) params.push(this.w.ev.evaluate(p, scope));
    const key = mods.key === '' ? s.name : mods.key + s.name;
    if (arity === 0) {
      this.w.tick(s);
      let theta = params[0]!;
      if (mods.inverse) theta = this.w.ev.applyBinary('*', theta, float(-1), s);
      if (mods.power) theta = this.w.ev.applyBinary('*', theta, mods.power, s);
      ctx.sink.globalPhase(theta, s, ctx.cond);
      return;
    }
    // Broadcasting: registers of equal size n, single qubits repeated.
    const operands: Selection<number>[] = [];
    let n = 1;
    let sized: Selection<number> | undefined;
    let runtimeIndex = false;
    for (const e of s.operands) {
      const o = resolveQubits(e, scope, this.w.ev);
      operands.push(o);
      if (o.items === null) runtimeIndex = true;
      else if (o.single) continue;
      else if (!sized) {
        sized = o;
        n = o.items.length;
      } else if (o.items.length !== n) {
        throw errorAt(s, `'${sized.name}' has ${plural(n, 'qubit')} but '${o.name}' has ${o.items.length}; broadcast operands must have the same size`);
      }
    }
    if (runtimeIndex) this.w.runtimeValue(s, ctx, 'a qubit index');
    for (let k = 0; k < n; k++) {
      let qubits: number[] | null = runtimeIndex ? null : [];
      if (qubits) {
        for (const o of operands) qubits.push(o.single ? o.items![0]! : o.items![k]!);
        checkDistinct(qubits, s);
      }
      this.applyGate({ at: s, key, info, params, qubits, arity, mods }, ctx);
    }
  }

  /**
   * A counting walk's shortcut for a plain gate call (plain-statement.ts)
   * at the top level: applies it as gateCall() would and returns true, or
   * returns false, having done nothing, when it takes the full path (which
   * then reports any error).
   */
  plainCall(c: PlainStatement, ctx: Ctx): boolean {
    const lookups = this.lookups;
    const info = lookups.gate(c.nameId, c.name);
    const arity = c.numOperands;
    if (!info || info.numParams !== c.numParams || info.numQubits !== arity) return false;
    if (c.usesPi && lookups.declaresPi()) return false;
    // Each operand's qubits: one (an index, a single qubit) or a whole register, broadcast.
    const selected = this.plainOperands;
    let n = 1;
    let broadcast = false;
    for (let i = 0; i < arity; i++) {
      const sym = lookups.symbol(c.registerIds[i]!, c.registers[i]!);
      if (sym?.kind !== 'qubits') return false;
      const index = c.indices[i]!;
      if (index >= 0) {
        if (sym.single || index >= sym.qubits.length) return false;
        selected[i] = sym.qubits[index]!;
      } else if (sym.single) {
        selected[i] = sym.qubits[0]!;
      } else {
        if (!broadcast) n = sym.qubits.length;
        else if (sym.qubits.length !== n) return false;
        broadcast = true;
        selected[i] = sym.qubits;
      }
    }
    if (!broadcast) {
      // The common case: one application, on the qubits named.
      const app = this.plainApp;
      const qubits = (this.plainQubits[arity] ??= Array.from({ length: arity }, () => 0));
      for (let i = 0; i < arity; i++) {
        const qubit = selected[i] as number;
        for (let j = 0; j < i; j++) if (qubits[j] === qubit) return false;
        qubits[i] = qubit;
      }
      // Its own position object: an expansion-limit error keeps it.
      app.at = { line: c.line, col: c.col };
      this.w.tick(app.at);
      app.qubits = qubits;
      app.key = c.name;
      app.info = info;
      app.arity = arity;
      ctx.sink.gate(app, ctx.cond);
      return true;
    }
    const at = { line: c.line, col: c.col };
    const applications: number[][] = [];
    for (let k = 0; k < n; k++) {
      const qubits = new Array<number>(arity);
      for (let i = 0; i < arity; i++) {
        const q = selected[i]!;
        const qubit = typeof q === 'number' ? q : q[k]!;
        for (let j = 0; j < i; j++) if (qubits[j] === qubit) return false;
        qubits[i] = qubit;
      }
      applications.push(qubits);
    }
    for (const qubits of applications) {
      this.w.tick(at);
      ctx.sink.gate({ at, key: c.name, info, params: [], qubits, arity, mods: NO_MODIFIERS }, ctx.cond);
    }
    return true;
  }

  private modifiers(s: GateCall, scope: Scope): ResolvedModifiers & { key: string } {
    const controls: boolean[] = [];
    let inverse = false;
    let power: Value | null = null;
    const parts: string[] = [];
    for (const m of s.modifiers) {
      if (m.kind === 'ctrl' || m.kind === 'negctrl') {
        const n = m.arg ? this.w.ev.constInt(m.arg, scope, 'a control count') : 1;
        if (n < 1) throw errorAt(m.arg ?? m, `a control count must be positive, got ${n}`);
        // Each control is an operand: a count past them is an error before any array is made for it.
        if (controls.length + n > s.operands.length) {
          throw errorAt(m.arg ?? m, `${plural(controls.length + n, 'control')} but only ${plural(s.operands.length, 'operand')}`);
        }
        for (let i = 0; i < n; i++) controls.push(m.kind === 'ctrl');
        parts.push(n === 1 ? m.kind : `${m.kind}(${n})`);
      } else if (m.kind === 'inv') {
        inverse = !inverse;
        parts.push('inv');
      } else {
        if (!m.arg) throw errorAt(m, 'pow needs an exponent: pow(k) @');
        const k = this.w.ev.evaluate(m.arg, scope);
        power = power === null ? k : this.w.ev.applyBinary('*', power, k, m);
        parts.push('pow');
      }
    }
    return { controls, inverse, power, key: parts.join(' @ ') + ' @ ' };
  }

  private applyGate(app: GateApplication, ctx: Ctx): void {
    this.w.tick(app.at);
    const { info } = app;
    if (!this.w.lowering || ctx.dryRun || info.kind === 'builtin' || info.kind === 'library') {
      ctx.sink.gate(app, ctx.cond);
      return;
    }
    if (info.kind === 'opaque') throw errorAt(app.at, `opaque gate '${info.name}' has no definition; the circuit cannot be lowered`);
    this.inlineGate(app, ctx);
  }

  /** Lowering: a user gate's body with the call's arguments and modifiers. */
  private inlineGate(app: GateApplication, ctx: Ctx): void {
    const def = app.info.def!;
    if (app.qubits === null) throw errorAt(app.at, 'a qubit index depends on a runtime value; the circuit cannot be lowered');
    const nc = app.mods.controls.length;
    const params = app.params.map((v, i) => float(requireNumber(v, app.at, `parameter ${i + 1} of '${def.name}'`)));
    const scope = this.w.gateScope(def, params, app.qubits.slice(nc));
    const body = new LoweringSink(this.w.clbits);
    this.w.execBlock(def.body, { scope, sink: body, effects: 'none', cond: null, dryRun: false, inLoop: false, inGate: true, frame: null });
    let ops: Op[] = body.ops;
    if (app.mods.power !== null) {
      const k = requireNumber(app.mods.power, app.at, 'the pow() exponent');
      if (!Number.isInteger(k)) {
        throw errorAt(app.at, `pow(${k}) of the defined gate '${def.name}' cannot be lowered: only integer powers of a gate definition can`);
      }
      ops = powerOps(ops, k);
    }
    if (app.mods.inverse) ops = invertOps(ops);
    const controlQubits = app.qubits.slice(0, nc);
    ops = controlOps(
      ops,
      controlQubits.filter((_, i) => app.mods.controls[i]),
      controlQubits.filter((_, i) => !app.mods.controls[i]),
    );
    if (!(ctx.sink instanceof LoweringSink)) throw new Error('inlining needs a lowering sink');
    ctx.sink.pushOps(ops, ctx.cond);
  }
}

/** Arguments of `name(classical) qubits;` in parameter order: qubit parameters take the operands. */
function gateStyleArguments(def: SubroutineDef, call: GateCall): Expr[] {
  const classical = [...call.params];
  const qubits = [...call.operands];
  const args: Expr[] = [];
  for (const p of def.params) {
    const next = p.type.kind === 'qubit' ? qubits.shift() : classical.shift();
    if (next) args.push(next);
  }
  return [...args, ...classical, ...qubits];
}

function checkDistinct(qubits: readonly number[], s: GateCall): void {
  for (let i = 1; i < qubits.length; i++) {
    for (let j = 0; j < i; j++) {
      if (qubits[i] === qubits[j]) throw errorAt(s, `the same qubit is used twice in '${s.name}'`);
    }
  }
}
