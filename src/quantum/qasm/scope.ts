// Names and what they stand for. Gates live in their own table (they are
// only ever named in call position); everything else lives in nested scopes.
// Gate and subroutine bodies see their own arguments plus the global
// constants, subroutines and externs, never global registers or variables.

import { errorAt, type SourcePos } from './circuit-parse-error.js';
import type { ArrayType, ExternDecl, ScalarType, SubroutineDef } from './ast.js';
import type { Value } from './values.js';

/**
 * The storage of one declared bit variable: its own clbits (`home`), and per
 * bit the compile-time value, the clbit holding it at run time and that
 * clbit's write count when it was bound (see clbit-state.ts).
 */
export interface BitStorage {
  name: string;
  /** References to each bit, made once. */
  refs: BitRef[];
  home: number[];
  known: number[];
  locs: number[];
  versions: number[];
}

export interface BitRef {
  storage: BitStorage;
  index: number;
}

export interface QubitsSymbol {
  kind: 'qubits';
  /** Global qubit indices. */
  qubits: number[];
  /** A single qubit (`qubit q;`, a gate argument): not indexable. */
  single: boolean;
  pos: SourcePos;
}

export interface BitsSymbol {
  kind: 'bits';
  refs: BitRef[];
  single: boolean;
  pos: SourcePos;
}

export interface VarSymbol {
  kind: 'var';
  type: ScalarType | ArrayType;
  value: Value;
  isConst: boolean;
  pos: SourcePos;
}

export interface SubroutineSymbol {
  kind: 'subroutine';
  def: SubroutineDef;
  pos: SourcePos;
}

export interface ExternSymbol {
  kind: 'extern';
  decl: ExternDecl;
  pos: SourcePos;
}

export type Sym = QubitsSymbol | BitsSymbol | VarSymbol | SubroutineSymbol | ExternSymbol;

export type ScopeKind = 'global' | 'block' | 'gate' | 'def';

export class Scope {
  private readonly symbols = new Map<string, Sym>();
  readonly global: Scope;

  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | null,
  ) {
    this.global = parent ? parent.global : this;
  }

  child(kind: ScopeKind): Scope {
    return new Scope(kind, kind === 'block' ? this : this.global);
  }

  /** The innermost gate or subroutine body this scope belongs to, if any. */
  get body(): 'gate' | 'def' | null {
    for (let s: Scope | null = this; s; s = s.parent) {
      if (s.kind === 'gate' || s.kind === 'def') return s.kind;
    }
    return null;
  }

  lookup(name: string): Sym | undefined {
    let s: Scope | null = this;
    while (s) {
      const sym = s.symbols.get(name);
      if (sym) return sym;
      if (s.kind === 'gate' || s.kind === 'def') {
        const g = this.global.symbols.get(name);
        return g && visibleInsideBodies(g) ? g : undefined;
      }
      s = s.parent;
    }
    return undefined;
  }

  declare(name: string, sym: Sym): void {
    const existing = this.symbols.get(name);
    if (existing) {
      throw errorAt(sym.pos, `'${name}' is already declared (at ${existing.pos.line}:${existing.pos.col})`);
    }
    this.symbols.set(name, sym);
  }

  /** Replaces a declaration in this scope (used to rebind loop variables). */
  set(name: string, sym: Sym): void {
    this.symbols.set(name, sym);
  }
}

function visibleInsideBodies(sym: Sym): boolean {
  return sym.kind === 'subroutine' || sym.kind === 'extern' || (sym.kind === 'var' && sym.isConst);
}
