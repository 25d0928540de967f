// Executes a program statically: resolves names, expands broadcasting,
// unrolls loops whose bounds are known, inlines subroutine calls and tracks
// classical values that are known at compile time. Operations go to an
// OpSink. In 'metrics' mode gates stop at their call site (user gates count
// once); in 'lower' mode user gates are inlined down to library gates, and
// anything that only run-time values could decide is an error. Gate calls
// and control flow live in gate-calls.ts and control-flow.ts.

import type { Circuit } from '../circuit.js';
import { errorAt, type SourcePos } from './circuit-parse-error.js';
import type {
  Alias,
  Assign,
  Barrier,
  ClassicalDecl,
  Expr,
  GateDef,
  MeasureStmt,
  QubitDecl,
  ScalarType,
  Stmt,
  SubroutineDef,
  TypeSpec,
} from './ast.js';
import { ClbitState } from './clbit-state.js';
import { ControlFlow } from './control-flow.js';
import { castTo } from './casts.js';
import { Evaluator, type EvalHost } from './evaluator.js';
import { GateCalls } from './gate-calls.js';
import { builtinGates, libraryGates, type GateInfo } from './gate-library.js';
import { LoweringSink } from './lowering-sink.js';
import { NULL_SINK, type OpSink } from './op-sink.js';
import { PlainLookups } from './plain-lookups.js';
import type { PlainStatement } from './plain-statement.js';
import { isQubitExpr, resolveBits, resolveQubits, type Selection } from './operands.js';
import { Scope, type BitRef, type BitStorage } from './scope.js';
import { bitsOf, isKnown, unknown, type BitsValue, type Value } from './values.js';
import { derive, plural, weaker, where, type Ctx, type Flow, type Frame, type WalkerCore } from './walk-context.js';

/** Operations and loop iterations one program may expand to. */
export const EXPANSION_LIMIT = 5_000_000;
const MAX_CALL_DEPTH = 64;
/**
 * Qubits, and bits, one program may declare (each; a type width or array
 * counts alike): every one is an array slot and a depth wire, and a
 * 60-byte `qreg q[2000000000];` must not take the process down. A million
 * bits cost the parser about 120 MB while it runs.
 */
export const MAX_WIRES = 1 << 20;

/** Throws when `n` more of `what` would pass MAX_WIRES. */
function withinWires(have: number, n: number, what: string, at: SourcePos): void {
  if (have + n > MAX_WIRES) throw errorAt(at, `${have ? `${have} + ` : ''}${n} ${what}: more than the ${MAX_WIRES} QFS counts in one program`);
}

class ExpansionLimitReached {
  constructor(readonly at: SourcePos) {}
}

/** An array of the given dimensions' sizes, every element unknown. */
function unknownArray(sizes: readonly number[]): Value {
  if (sizes.length === 0) return unknown();
  const items: Value[] = [];
  for (let i = 0; i < sizes[0]!; i++) items.push(unknownArray(sizes.slice(1)));
  return { t: 'array', items };
}

const BIT_TYPE: ScalarType = { kind: 'scalar', name: 'bit' };

export type WalkMode = 'metrics' | 'lower';

/** Where the walker takes its statements from, one at a time. */
export interface StatementSource {
  /** The next top-level statement, or undefined at the end. */
  nextStatement(): Stmt | undefined;
  /** A counting walk applies plain statements without a syntax tree when the source can pick them out. */
  plainStatements?: {
    /** Applies the plain statements from the current one on, as long as `apply` takes them. */
    applyPlainStatements(apply: (call: PlainStatement) => boolean): number;
  };
}

export class ProgramWalker implements EvalHost, WalkerCore {
  readonly version: 2 | 3;
  readonly clbits = new ClbitState();
  readonly unknownIncludes: string[] = [];
  numQubits: number;
  readonly ev: Evaluator;
  readonly lowering: boolean;
  readonly gates = new Map<string, GateInfo>();
  private readonly global = new Scope('global', null);
  /** Bit variables keep their clbits across repeated executions of one declaration. */
  private readonly bitStorage = new Map<ClassicalDecl, BitStorage>();
  private stepCount = 0;
  /** Off: every loop iteration is walked (to check the shortcut against). */
  repeatLoops = true;
  private callDepth = 0;
  private fakeQubit = -1;
  /** Elements of the arrays declared so far (bounded like qubits and bits), and their declarations. */
  private arrayElements = 0;
  private readonly sizedArrays = new Set<ClassicalDecl>();
  private cur!: Ctx;
  private readonly sink: OpSink;
  /** What plain statements name, looked up once per run of them. */
  private readonly plainLookups = new PlainLookups(this.global, this.gates);
  private readonly gateCalls = new GateCalls(this, this.plainLookups);
  private readonly flow = new ControlFlow(this);

  /**
   * 'metrics' sends call-site operations to `metricsSink`; 'lower' collects
   * executable ops (see finish()).
   */
  constructor(
    version: 2 | 3,
    /** Physical qubits `$0..$n-1` come first; declared registers follow. */
    physicalQubits: number,
    mode: WalkMode,
    metricsSink: OpSink = NULL_SINK,
    private readonly onInexact: (reason: string) => void = () => {},
  ) {
    this.version = version;
    this.lowering = mode === 'lower';
    this.sink = this.lowering ? new LoweringSink(this.clbits) : metricsSink;
    this.ev = new Evaluator(this);
    this.numQubits = physicalQubits;
    for (const g of builtinGates(this.version)) this.gates.set(g.name, g);
  }

  /** Walks the program's statements to the end. */
  run(program: StatementSource): void {
    const ctx: Ctx = {
      scope: this.global,
      sink: this.sink,
      effects: 'normal',
      cond: null,
      dryRun: false,
      inLoop: false,
      inGate: false,
      frame: null,
    };
    try {
      const plain = this.lowering ? undefined : program.plainStatements;
      const apply = (call: PlainStatement): boolean =>
        call.kind === 'gate' ? this.gateCalls.plainCall(call, ctx) : call.kind === 'reset' ? this.plainReset(call, ctx) : this.plainMeasure(call, ctx);
      for (;;) {
        if (plain) {
          this.plainLookups.newRun();
          plain.applyPlainStatements(apply);
        }
        const s = program.nextStatement();
        if (s === undefined || this.exec(s, ctx) === 'end') break;
      }
    } catch (e) {
      if (!(e instanceof ExpansionLimitReached)) throw e;
      if (this.lowering) throw errorAt(e.at, `the program expands to more than ${EXPANSION_LIMIT} operations`);
      this.onInexact(`${where(e.at)}: the program expands to more than ${EXPANSION_LIMIT} operations; counting stopped there`);
    }
  }

  /** The executable circuit (lower mode, after run()). */
  finish(): Circuit {
    if (!(this.sink instanceof LoweringSink)) throw new Error('finish() needs a lowering walk');
    return this.sink.finish(this.numQubits);
  }

  // ------------------------------------------------------------ EvalHost

  readBits(refs: readonly BitRef[]): BitsValue {
    return this.clbits.read(refs);
  }

  typeWidth(type: ScalarType, scope: Scope): number | undefined {
    if (!type.size) return undefined;
    const n = this.ev.constInt(type.size, scope, 'a type width');
    if (n < 1) throw errorAt(type.size, 'a type width must be positive');
    withinWires(0, n, 'bits wide', type.size);
    return n;
  }

  measure(expr: Extract<Expr, { kind: 'measure' }>, scope: Scope): BitsValue {
    const qubits = resolveQubits(expr.operand, scope, this.ev);
    const locs = this.measurePairs(qubits, null, this.cur, expr);
    return locs ? bitsOf(locs.map(() => -1), locs) : bitsOf([-1]);
  }

  call(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): Value {
    const sym = scope.lookup(expr.callee)!;
    if (sym.kind === 'extern') {
      if (expr.args.length !== sym.decl.params.length) {
        throw errorAt(expr, `'${expr.callee}' takes ${plural(sym.decl.params.length, 'argument')}, got ${expr.args.length}`);
      }
      for (const a of expr.args) this.ev.evaluate(a, scope);
      return unknown(sym.decl.returnType ? typeLabel(sym.decl.returnType) : undefined);
    }
    if (sym.kind !== 'subroutine') throw errorAt(expr, `'${expr.callee}' is not a subroutine`);
    return this.callSubroutine(sym.def, expr.args, scope, expr);
  }

  // ----------------------------------------------------------- statements

  execBlock(stmts: readonly Stmt[], ctx: Ctx): Flow {
    for (const s of stmts) {
      const flow = this.exec(s, ctx);
      if (flow !== 'next') return flow;
    }
    return 'next';
  }

  exec(s: Stmt, ctx: Ctx): Flow {
    const saved = this.cur;
    this.cur = ctx;
    const flow = this.dispatch(s, ctx);
    this.cur = saved;
    return flow;
  }

  private dispatch(s: Stmt, ctx: Ctx): Flow {
    if (ctx.inGate && s.kind !== 'gateCall' && s.kind !== 'barrier') {
      throw errorAt(s, `'${statementName(s)}' is not allowed in a gate definition (only gate calls and barriers are)`);
    }
    switch (s.kind) {
      case 'gateCall':
        this.gateCalls.gateCall(s, ctx);
        return 'next';
      case 'measure':
        this.measureStatement(s, ctx);
        return 'next';
      case 'reset':
        this.reset(s.operand, ctx, s);
        return 'next';
      case 'barrier':
        this.barrier(s, ctx);
        return 'next';
      case 'assign':
        this.assign(s, ctx);
        return 'next';
      case 'include':
        this.include(s.path, ctx, s);
        return 'next';
      case 'qubitDecl':
        this.declareQubits(s, ctx);
        return 'next';
      case 'classicalDecl':
        this.declareClassical(s, ctx);
        return 'next';
      case 'alias':
        this.alias(s, ctx);
        return 'next';
      case 'gateDef':
        this.defineGate(s, ctx);
        return 'next';
      case 'def':
        this.defineSubroutine(s, ctx);
        return 'next';
      case 'extern':
        this.requireGlobal(s, ctx, 'an extern declaration');
        ctx.scope.declare(s.name, { kind: 'extern', decl: s, pos: s });
        return 'next';
      case 'delay':
        this.ev.evaluate(s.duration, ctx.scope);
        for (const o of s.operands) resolveQubits(o, ctx.scope, this.ev);
        return 'next';
      case 'if':
        return s.legacy ? this.flow.legacyIf(s, ctx) : this.flow.ifElse(s, ctx);
      case 'for':
        return this.flow.forLoop(s, ctx);
      case 'while':
        return this.flow.whileLoop(s, ctx);
      case 'switch':
        return this.flow.switchStatement(s, ctx);
      case 'box':
      case 'block':
        return this.execBlock(s.body, derive(ctx, { scope: ctx.scope.child('block') }));
      case 'break':
      case 'continue':
        if (!ctx.inLoop) throw errorAt(s, `'${s.kind}' outside a loop`);
        return s.kind;
      case 'end':
        return 'end';
      case 'return':
        if (!ctx.frame) throw errorAt(s, "'return' outside a subroutine");
        ctx.frame.ret = s.value ? this.ev.evaluate(s.value, ctx.scope) : undefined;
        return 'return';
      case 'expr':
        if (s.expr.kind === 'call' && this.gates.has(s.expr.callee) && !ctx.scope.lookup(s.expr.callee)) {
          throw errorAt(s, `gate '${s.expr.callee}' needs qubit operands`);
        }
        this.ev.evaluate(s.expr, ctx.scope);
        return 'next';
    }
  }

  private requireGlobal(s: SourcePos, ctx: Ctx, what: string): void {
    if (ctx.scope !== this.global) throw errorAt(s, `${what} is only allowed at the top level of the program`);
  }

  private include(path: string, ctx: Ctx, at: SourcePos): void {
    this.requireGlobal(at, ctx, "'include'");
    const gates = libraryGates(path);
    if (!gates) {
      if (!this.unknownIncludes.includes(path)) this.unknownIncludes.push(path);
      return;
    }
    // A gate the program defined itself keeps its definition.
    for (const g of gates) if (!this.gates.has(g.name)) this.gates.set(g.name, g);
  }

  // --------------------------------------------------------- declarations

  private declareQubits(s: QubitDecl, ctx: Ctx): void {
    this.requireGlobal(s, ctx, 'a qubit declaration');
    const size = s.size ? this.ev.constInt(s.size, ctx.scope, 'a register size') : 1;
    if (size < 1) throw errorAt(s.size ?? s, `register size must be positive, got ${size}`);
    withinWires(this.numQubits, size, 'qubits', s.size ?? s);
    const qubits: number[] = [];
    for (let i = 0; i < size; i++) qubits.push(this.numQubits + i);
    this.numQubits += size;
    ctx.scope.declare(s.name, { kind: 'qubits', qubits, single: !s.size, pos: s });
  }

  private declareClassical(s: ClassicalDecl, ctx: Ctx): void {
    const { scope } = ctx;
    if (s.modifier && s.modifier !== 'const') this.requireGlobal(s, ctx, `an '${s.modifier}' declaration`);
    if (s.type.kind === 'scalar' && s.type.name === 'bit') {
      this.declareBits(s, s.type, ctx);
      return;
    }
    let value: Value;
    if (s.type.kind === 'array') {
      value = s.init ? this.ev.evaluate(s.init, scope) : this.emptyArray(s.type.dims, scope, s);
    } else if (s.modifier === 'input') {
      if (s.init) throw errorAt(s.init, 'an input cannot have a value in the program');
      value = unknown(s.type.name);
    } else {
      const init = s.init ? this.ev.evaluate(s.init, scope) : unknown(s.type.name);
      value = castTo(s.type, this.typeWidth(s.type, scope), init, s.init ?? s);
    }
    if (s.modifier === 'const') this.requireConstant(s.init!, scope, s.name);
    if (s.modifier === 'const' && !isKnown(value)) throw errorAt(s.init ?? s, `constant '${s.name}' needs a value known at compile time`);
    scope.declare(s.name, { kind: 'var', type: s.type, value, isConst: s.modifier === 'const', pos: s });
  }

  private declareBits(s: ClassicalDecl, type: ScalarType, ctx: Ctx): void {
    const width = this.typeWidth(type, ctx.scope);
    const n = width ?? 1;
    withinWires(this.clbits.declaredCount, n, 'bits', s);
    let storage: BitStorage;
    if (ctx.dryRun) {
      storage = ClbitState.detachedStorage(s.name, n);
    } else {
      const existing = this.bitStorage.get(s);
      storage = existing && existing.home.length === n ? existing : this.clbits.newStorage(s.name, n);
      this.bitStorage.set(s, storage);
      this.clbits.declare(storage);
    }
    ctx.scope.declare(s.name, { kind: 'bits', refs: storage.refs, single: width === undefined, pos: s });
    if (s.init) this.assignBits(storage.refs, s.init, '=', ctx, s.init);
  }

  /** A constant's value may only use other constants. */
  private requireConstant(e: Expr, scope: Scope, name: string): void {
    const visit = (x: Expr): void => {
      switch (x.kind) {
        case 'ident': {
          const sym = scope.lookup(x.name);
          if (sym && !(sym.kind === 'var' && sym.isConst)) throw errorAt(x, `constant '${name}' cannot depend on '${x.name}', which is not a constant`);
          return;
        }
        case 'unary':
          return visit(x.operand);
        case 'binary':
          visit(x.left);
          return visit(x.right);
        case 'cast':
          return visit(x.arg);
        case 'call':
          // The size of a declared array is fixed even when its contents are not.
          if (x.callee === 'sizeof') return;
          return x.args.forEach(visit);
        case 'index':
          visit(x.target);
          return x.selectors.forEach(visit);
        case 'set':
          return x.items.forEach(visit);
        case 'range':
          [x.start, x.step, x.end].forEach((y) => y && visit(y));
          return;
        case 'measure':
          throw errorAt(x, `constant '${name}' cannot hold a measurement`);
        default:
          return;
      }
    };
    visit(e);
  }

  /**
   * An array of unknown values. Its size is checked before anything is
   * made: the elements of all the program's array declarations (each counted
   * once, however often a loop runs it) stay within MAX_WIRES.
   */
  private emptyArray(dims: readonly Expr[], scope: Scope, decl: ClassicalDecl): Value {
    const sizes: number[] = [];
    let total = 1;
    for (const d of dims) {
      const n = Math.max(0, this.ev.constInt(d, scope, 'an array dimension'));
      total *= n;
      withinWires(0, total, 'array elements', d);
      sizes.push(n);
    }
    if (!this.sizedArrays.has(decl)) {
      withinWires(this.arrayElements, total, 'array elements', decl);
      this.arrayElements += total;
      this.sizedArrays.add(decl);
    }
    return unknownArray(sizes);
  }

  private alias(s: Alias, ctx: Ctx): void {
    if (isQubitExpr(s.value, ctx.scope)) {
      const sel = resolveQubits(s.value, ctx.scope, this.ev);
      if (!sel.items) throw errorAt(s.value, "an alias needs indices known at compile time");
      ctx.scope.declare(s.name, { kind: 'qubits', qubits: sel.items, single: sel.single, pos: s });
      return;
    }
    const sel = resolveBits(s.value, ctx.scope, this.ev);
    if (!sel.items) throw errorAt(s.value, "an alias needs indices known at compile time");
    ctx.scope.declare(s.name, { kind: 'bits', refs: sel.items, single: sel.single, pos: s });
  }

  private defineGate(s: GateDef, ctx: Ctx): void {
    this.requireGlobal(s, ctx, 'a gate definition');
    const existing = this.gates.get(s.name);
    if (existing?.kind === 'builtin') throw errorAt(s, `'${s.name}' is a built-in gate and cannot be redefined`);
    if (existing?.def) throw errorAt(s, `gate '${s.name}' is already defined (at ${where(existing.def)})`);
    if (this.global.lookup(s.name)?.kind === 'subroutine') throw errorAt(s, `'${s.name}' is already a subroutine`);
    if (!s.opaque) {
      // Checked once here, with placeholder arguments, so that errors in a
      // definition surface even if it is never called.
      const scope = this.gateScope(s, s.params.map(() => unknown('angle')), s.qubits.map(() => this.fakeQubit--));
      this.execBlock(s.body, this.dryRunCtx(scope, true));
    }
    this.gates.set(s.name, { name: s.name, numParams: s.params.length, numQubits: s.qubits.length, kind: s.opaque ? 'opaque' : 'user', def: s });
  }

  gateScope(def: GateDef, params: Value[], qubits: number[]): Scope {
    const scope = this.global.child('gate');
    def.params.forEach((name, i) => scope.declare(name, { kind: 'var', type: { kind: 'scalar', name: 'angle' }, value: params[i]!, isConst: true, pos: def }));
    def.qubits.forEach((name, i) => scope.declare(name, { kind: 'qubits', qubits: [qubits[i]!], single: true, pos: def }));
    return scope;
  }

  private defineSubroutine(s: SubroutineDef, ctx: Ctx): void {
    this.requireGlobal(s, ctx, 'a subroutine definition');
    if (this.gates.get(s.name)?.def) throw errorAt(s, `'${s.name}' is already a gate`);
    ctx.scope.declare(s.name, { kind: 'subroutine', def: s, pos: s });
    const scope = this.global.child('def');
    for (const p of s.params) {
      if (p.type.kind === 'qubit') {
        const size = p.type.size ? this.ev.constInt(p.type.size, scope, 'a register size') : 1;
        withinWires(0, size, 'qubits', p);
        const qubits: number[] = [];
        for (let i = 0; i < size; i++) qubits.push(this.fakeQubit--);
        scope.declare(p.name, { kind: 'qubits', qubits, single: !p.type.size, pos: p });
      } else if (p.type.kind === 'scalar' && p.type.name === 'bit') {
        const width = this.typeWidth(p.type, scope);
        const storage = ClbitState.detachedStorage(p.name, width ?? 1);
        scope.declare(p.name, { kind: 'bits', refs: storage.refs, single: width === undefined, pos: p });
      } else {
        scope.declare(p.name, { kind: 'var', type: p.type, value: unknown(), isConst: false, pos: p });
      }
    }
    this.execBlock(s.body, derive(this.dryRunCtx(scope, false), { frame: {} }));
  }

  private dryRunCtx(scope: Scope, inGate: boolean): Ctx {
    return { scope, sink: NULL_SINK, effects: 'none', cond: null, dryRun: true, inLoop: false, inGate, frame: null };
  }

  // ------------------------------------------------------------- calls

  callSubroutine(def: SubroutineDef, args: readonly Expr[], caller: Scope, at: SourcePos): Value {
    const ctx = this.cur;
    if (args.length !== def.params.length) {
      throw errorAt(at, `'${def.name}' takes ${plural(def.params.length, 'argument')}, got ${args.length}`);
    }
    const scope = this.global.child('def');
    let runtimeArgument = false;
    def.params.forEach((p, i) => {
      const arg = args[i]!;
      if (p.type.kind === 'qubit') {
        const sel = resolveQubits(arg, caller, this.ev);
        const size = p.type.size ? this.ev.constInt(p.type.size, scope, 'a register size') : undefined;
        if (sel.items && sel.items.length !== (size ?? 1)) {
          throw errorAt(arg, `argument ${i + 1} of '${def.name}' must be ${size === undefined ? 'one qubit' : `qubit[${size}]`}, got ${plural(sel.items.length, 'qubit')}`);
        }
        if (!sel.items) runtimeArgument = true;
        scope.declare(p.name, { kind: 'qubits', qubits: sel.items ?? [], single: size === undefined, pos: p });
      } else if (p.type.kind === 'scalar' && p.type.name === 'bit') {
        // Bits are passed by value: the parameter reads where the argument lives.
        const width = this.typeWidth(p.type, scope) ?? 1;
        const v = castTo(BIT_TYPE, width, this.ev.evaluate(arg, caller), arg) as BitsValue;
        const storage = ClbitState.detachedStorage(p.name, width);
        storage.known = [...v.bits];
        storage.locs = [...v.locs];
        scope.declare(p.name, { kind: 'bits', refs: storage.refs, single: !p.type.size, pos: p });
      } else {
        const v = this.ev.evaluate(arg, caller);
        const value = p.type.kind === 'scalar' ? castTo(p.type, this.typeWidth(p.type, scope), v, arg) : v;
        scope.declare(p.name, { kind: 'var', type: p.type, value, isConst: false, pos: p });
      }
    });
    const unknownResult = unknown(def.returnType ? typeLabel(def.returnType) : undefined);
    if (ctx.dryRun) return unknownResult;
    if (runtimeArgument) {
      this.runtimeValue(at, ctx, 'a qubit argument index');
      return unknownResult;
    }
    if (++this.callDepth > MAX_CALL_DEPTH) throw errorAt(at, `subroutine calls nest more than ${MAX_CALL_DEPTH} deep`);
    const frame: Frame = {};
    this.execBlock(def.body, derive(ctx, { scope, frame, inLoop: false, inGate: false }));
    this.callDepth--;
    return frame.ret ?? unknownResult;
  }





  // ---------------------------------------------------- quantum statements

  private measureStatement(s: MeasureStmt, ctx: Ctx): void {
    const qubits = resolveQubits(s.operand, ctx.scope, this.ev);
    const target = s.target ? resolveBits(s.target, ctx.scope, this.ev) : null;
    this.measurePairs(qubits, target, ctx, s);
  }

  /** Measures each qubit into the matching bit; returns the clbits that hold the results. */
  private measurePairs(qubits: Selection<number>, target: Selection<BitRef> | null, ctx: Ctx, at: SourcePos): number[] | null {
    if (qubits.items === null || (target && target.items === null)) {
      this.runtimeValue(at, ctx, 'a measured qubit or bit index');
      return null;
    }
    const refs = target?.items ?? null;
    if (refs && refs.length !== qubits.items.length) {
      throw errorAt(at, `measure of ${plural(qubits.items.length, 'qubit')} into ${plural(refs.length, 'bit')}`);
    }
    return qubits.items.map((q, i) => {
      this.tick(at);
      const ref = refs ? refs[i]! : null;
      const home = ref ? ref.storage.home[ref.index]! : -1;
      const loc = ctx.sink.measure(q, home >= 0 ? home : null, ctx.cond);
      if (ref) this.clbits.measured(ref, ctx.effects);
      return loc;
    });
  }

  /**
   * A counting walk's shortcuts for plain `reset` and `measure ... -> ...`
   * (plain-statement.ts): apply the statement as the full path would and
   * return true, or return false, having done nothing, when the full path
   * must take it (and report any error).
   */
  private plainReset(c: PlainStatement, ctx: Ctx): boolean {
    const sym = this.plainLookups.symbol(c.registerIds[0]!, c.registers[0]!);
    const qubits = sym?.kind === 'qubits' ? plainOperand(sym.qubits, sym.single, c.indices[0]!) : undefined;
    if (!qubits) return false;
    const at = { line: c.line, col: c.col };
    for (const q of qubits) {
      this.tick(at);
      ctx.sink.reset(q, ctx.cond);
    }
    return true;
  }

  private plainMeasure(c: PlainStatement, ctx: Ctx): boolean {
    const q = this.plainLookups.symbol(c.registerIds[0]!, c.registers[0]!);
    const b = this.plainLookups.symbol(c.registerIds[1]!, c.registers[1]!);
    const qubits = q?.kind === 'qubits' ? plainOperand(q.qubits, q.single, c.indices[0]!) : undefined;
    const refs = b?.kind === 'bits' ? plainOperand(b.refs, b.single, c.indices[1]!) : undefined;
    if (!qubits || !refs || qubits.length !== refs.length) return false;
    const at = { line: c.line, col: c.col };
    this.measurePairs({ items: qubits, single: false, name: c.registers[0]! }, { items: refs, single: false, name: c.registers[1]! }, ctx, at);
    return true;
  }

  private reset(operand: Expr, ctx: Ctx, at: SourcePos): void {
    const sel = resolveQubits(operand, ctx.scope, this.ev);
    if (sel.items === null) {
      this.runtimeValue(at, ctx, 'a reset qubit index');
      return;
    }
    for (const q of sel.items) {
      this.tick(at);
      ctx.sink.reset(q, ctx.cond);
    }
  }

  private barrier(s: Barrier, ctx: Ctx): void {
    let qubits: number[];
    if (s.operands.length === 0) {
      qubits = [];
      for (let q = 0; q < this.numQubits; q++) qubits.push(q);
    } else {
      const seen = new Set<number>();
      for (const o of s.operands) {
        const sel = resolveQubits(o, ctx.scope, this.ev);
        if (sel.items === null) {
          this.runtimeValue(s, ctx, 'a barrier qubit index');
          continue;
        }
        for (const q of sel.items) seen.add(q);
      }
      qubits = [...seen];
    }
    ctx.sink.barrier(qubits);
  }

  // ---------------------------------------------------------- assignments

  private assign(s: Assign, ctx: Ctx): void {
    const { scope } = ctx;
    let root = s.target;
    while (root.kind === 'index') root = root.target;
    if (root.kind !== 'ident') throw errorAt(s.target, 'cannot assign to this expression');
    const sym = scope.lookup(root.name);
    if (!sym) throw errorAt(root, `undefined identifier '${root.name}'`);
    if (sym.kind === 'bits') {
      const sel = resolveBits(s.target, scope, this.ev);
      if (sel.items) {
        this.assignBits(sel.items, s.value, s.op, ctx, s);
      } else {
        this.ev.evaluate(s.value, scope);
        for (const r of sym.refs) this.clbits.assign(r, -1, -1, weaker(ctx.effects, 'uncertain'));
      }
      return;
    }
    if (sym.kind !== 'var') throw errorAt(root, `cannot assign to ${sym.kind} '${root.name}'`);
    if (sym.isConst) throw errorAt(root, `cannot assign to constant '${root.name}'`);
    if (s.value.kind === 'measure') throw errorAt(s.value, `a measurement result can only be stored in bits, not in '${root.name}'`);
    let v = this.ev.evaluate(s.value, scope);
    if (s.target.kind === 'index') {
      // Element writes: tracked for arrays with known indices, otherwise the value becomes unknown.
      const selectors: Expr[] = [];
      for (let t: Expr = s.target; t.kind === 'index'; t = t.target) selectors.unshift(...t.selectors);
      v = this.assignElement(sym.value, selectors, s.op, v, scope, s);
    } else {
      if (s.op !== '=') v = this.ev.applyBinary(s.op.slice(0, -1), sym.value, v, s);
      if (sym.type.kind === 'scalar') v = castTo(sym.type, this.typeWidth(sym.type, scope), v, s.value);
    }
    if (ctx.effects === 'normal') sym.value = v;
    else if (ctx.effects === 'uncertain') sym.value = unknown(typeLabel(sym.type));
  }

  private assignElement(array: Value, selectors: readonly Expr[], op: string, v: Value, scope: Scope, at: SourcePos): Value {
    if (array.t !== 'array' || selectors.length === 0) return unknown();
    const sel = selectors[0]!;
    const i = sel.kind === 'range' || sel.kind === 'set' ? undefined : this.ev.evalInt(sel, scope, 'an array index');
    if (i === undefined) return unknown();
    const p = i < 0 ? array.items.length + i : i;
    if (p < 0 || p >= array.items.length) throw errorAt(sel, `index ${i} out of range (size ${array.items.length})`);
    const items = [...array.items];
    if (selectors.length > 1) items[p] = this.assignElement(items[p]!, selectors.slice(1), op, v, scope, at);
    else items[p] = op === '=' ? v : this.ev.applyBinary(op.slice(0, -1), items[p]!, v, at);
    return { t: 'array', items };
  }

  private assignBits(refs: readonly BitRef[], value: Expr, op: string, ctx: Ctx, at: SourcePos): void {
    if (value.kind === 'measure' && op === '=') {
      const qubits = resolveQubits(value.operand, ctx.scope, this.ev);
      this.measurePairs(qubits, { items: [...refs], single: refs.length === 1, name: '' }, ctx, at);
      return;
    }
    let v = this.ev.evaluate(value, ctx.scope);
    if (op !== '=') {
      v = this.ev.applyBinary(op.slice(0, -1), this.readBits(refs), v, at);
    }
    if (v.t === 'bits' && v.bits.length !== refs.length) {
      throw errorAt(value, `cannot assign ${plural(v.bits.length, 'bit')} to ${plural(refs.length, 'bit')}`);
    }
    const bits = castTo(BIT_TYPE, refs.length, v, value) as BitsValue;
    refs.forEach((r, i) => this.clbits.assign(r, bits.bits[i]!, bits.locs[i]!, ctx.effects));
  }

  // --------------------------------------------------------- control flow









  // ------------------------------------------------------------- helpers

  tick(at: SourcePos): void {
    if (++this.stepCount > EXPANSION_LIMIT) throw new ExpansionLimitReached(at);
  }

  get steps(): number {
    return this.stepCount;
  }

  tryCountSteps(n: number): boolean {
    if (this.stepCount + n > EXPANSION_LIMIT) return false;
    this.stepCount += n;
    return true;
  }

  /** Something the walk cannot resolve statically. */
  notStatic(at: SourcePos, ctx: Ctx, what: string): void {
    if (ctx.dryRun) return;
    if (this.lowering) throw errorAt(at, `${what} cannot be lowered`);
    this.onInexact(`${where(at)}: ${what} is not statically countable; its operations are not counted`);
  }

  /** A qubit or bit chosen by a runtime value: counts stay, wires are unknown. */
  runtimeValue(at: SourcePos, ctx: Ctx, what: string): void {
    if (ctx.dryRun) return;
    if (this.lowering) throw errorAt(at, `${what} depends on a runtime value; the circuit cannot be lowered`);
    this.onInexact(`${where(at)}: ${what} depends on a runtime value; depth is not exact`);
  }
}




/** What a plain operand selects: the register, or one element; undefined where the full path would refuse it. */
function plainOperand<T>(items: T[], single: boolean, index: number): T[] | undefined {
  if (index < 0) return items;
  return single || index >= items.length ? undefined : [items[index]!];
}

function typeLabel(t: TypeSpec): string {
  if (t.kind === 'qubit') return 'qubit';
  if (t.kind === 'array') return 'array';
  return t.name;
}

function statementName(s: Stmt): string {
  switch (s.kind) {
    case 'classicalDecl':
    case 'qubitDecl':
      return 'declaration';
    case 'gateDef':
      return 'gate';
    case 'expr':
      return 'expression';
    case 'assign':
      return 'assignment';
    default:
      return s.kind;
  }
}
