// Syntax tree of an OpenQASM 2 or 3 program, as written (no name resolution,
// no evaluation). Every node carries the position of its first token so that
// semantic errors can point at the source.

import type { SourcePos } from './circuit-parse-error.js';

// ---------------------------------------------------------------- types

export type ScalarTypeName =
  | 'bit'
  | 'int'
  | 'uint'
  | 'float'
  | 'angle'
  | 'bool'
  | 'duration'
  | 'stretch'
  | 'complex';

export interface ScalarType {
  kind: 'scalar';
  name: ScalarTypeName;
  /** `bit[n]`, `int[32]`, `complex[float[64]]` (element width only). */
  size?: Expr;
}

export interface ArrayType {
  kind: 'array';
  element: ScalarType;
  /** Dimension sizes; for `#dim = n` parameters only `rank` is known. */
  dims: Expr[];
  rank?: Expr;
  access?: 'readonly' | 'mutable';
}

export interface QubitType {
  kind: 'qubit';
  size?: Expr;
}

export type TypeSpec = ScalarType | ArrayType | QubitType;

// ---------------------------------------------------------- expressions

export interface NumberLit extends SourcePos {
  kind: 'number';
  value: number;
  isInt: boolean;
  /** An integer literal too large to be represented exactly as a double. */
  inexact?: boolean;
  /** The literal as written (kept for inexact ones, for messages). */
  text?: string;
}

export interface ImagLit extends SourcePos {
  kind: 'imag';
  value: number;
}

export interface BoolLit extends SourcePos {
  kind: 'bool';
  value: boolean;
}

export interface StringLit extends SourcePos {
  kind: 'string';
  text: string;
}

export interface DurationLit extends SourcePos {
  kind: 'duration';
  value: number;
  unit: string;
}

export interface Ident extends SourcePos {
  kind: 'ident';
  name: string;
}

export interface PhysicalQubit extends SourcePos {
  kind: 'physical';
  index: number;
}

export interface Unary extends SourcePos {
  kind: 'unary';
  op: '-' | '+' | '!' | '~';
  operand: Expr;
}

export interface Binary extends SourcePos {
  kind: 'binary';
  op: string;
  left: Expr;
  right: Expr;
}

export interface Call extends SourcePos {
  kind: 'call';
  callee: string;
  args: Expr[];
}

export interface Cast extends SourcePos {
  kind: 'cast';
  type: TypeSpec;
  arg: Expr;
}

/** `a[i]`, `a[1:3]`, `a[{0, 2}]`, `a[i, j]` (one selector per dimension). */
export interface Index extends SourcePos {
  kind: 'index';
  target: Expr;
  selectors: Expr[];
}

export interface Range extends SourcePos {
  kind: 'range';
  start?: Expr;
  step?: Expr;
  end?: Expr;
}

/** `{a, b, c}`: an index set, a for-loop set or an array literal. */
export interface SetLit extends SourcePos {
  kind: 'set';
  items: Expr[];
}

export interface MeasureExpr extends SourcePos {
  kind: 'measure';
  operand: Expr;
}

export interface DurationOf extends SourcePos {
  kind: 'durationof';
  body: Stmt[];
}

export type Expr =
  | NumberLit
  | ImagLit
  | BoolLit
  | StringLit
  | DurationLit
  | Ident
  | PhysicalQubit
  | Unary
  | Binary
  | Call
  | Cast
  | Index
  | Range
  | SetLit
  | MeasureExpr
  | DurationOf;

// ----------------------------------------------------------- statements

export interface Include extends SourcePos {
  kind: 'include';
  path: string;
}

/** `qubit[n] q;`, `qubit q;`, `qreg q[n];` */
export interface QubitDecl extends SourcePos {
  kind: 'qubitDecl';
  name: string;
  size?: Expr;
}

/** Every classical declaration, `creg c[n];` and `bit[n] c;` included. */
export interface ClassicalDecl extends SourcePos {
  kind: 'classicalDecl';
  name: string;
  type: ScalarType | ArrayType;
  init?: Expr;
  modifier?: 'const' | 'input' | 'output';
}

export interface Alias extends SourcePos {
  kind: 'alias';
  name: string;
  value: Expr;
}

export interface GateDef extends SourcePos {
  kind: 'gateDef';
  name: string;
  params: string[];
  qubits: string[];
  body: Stmt[];
  opaque: boolean;
}

export interface DefParam extends SourcePos {
  name: string;
  type: TypeSpec;
}

export interface SubroutineDef extends SourcePos {
  kind: 'def';
  name: string;
  params: DefParam[];
  returnType?: TypeSpec;
  body: Stmt[];
}

export interface ExternDecl extends SourcePos {
  kind: 'extern';
  name: string;
  params: TypeSpec[];
  returnType?: TypeSpec;
}

export interface Modifier extends SourcePos {
  kind: 'ctrl' | 'negctrl' | 'inv' | 'pow';
  arg?: Expr;
}

export interface GateCall extends SourcePos {
  kind: 'gateCall';
  modifiers: Modifier[];
  name: string;
  params: Expr[];
  operands: Expr[];
}

/** `measure q -> c;` and the OpenQASM 3 bare `measure q;`. */
export interface MeasureStmt extends SourcePos {
  kind: 'measure';
  operand: Expr;
  target?: Expr;
}

export interface Assign extends SourcePos {
  kind: 'assign';
  target: Expr;
  /** '=' or a compound operator such as '+='. */
  op: string;
  value: Expr;
}

export interface Reset extends SourcePos {
  kind: 'reset';
  operand: Expr;
}

export interface Barrier extends SourcePos {
  kind: 'barrier';
  /** Empty: every qubit. */
  operands: Expr[];
}

export interface Delay extends SourcePos {
  kind: 'delay';
  duration: Expr;
  operands: Expr[];
}

export interface If extends SourcePos {
  kind: 'if';
  condition: Expr;
  then: Stmt[];
  else?: Stmt[];
  /** OpenQASM 2 `if(creg==n) op`: each op conditioned on its own. */
  legacy: boolean;
}

export interface For extends SourcePos {
  kind: 'for';
  variable: string;
  varType?: ScalarType;
  iterable: Expr;
  body: Stmt[];
}

export interface While extends SourcePos {
  kind: 'while';
  condition: Expr;
  body: Stmt[];
}

export interface SwitchCase extends SourcePos {
  values: Expr[];
  body: Stmt[];
}

export interface Switch extends SourcePos {
  kind: 'switch';
  subject: Expr;
  cases: SwitchCase[];
  default?: Stmt[];
}

export interface Box extends SourcePos {
  kind: 'box';
  body: Stmt[];
}

export interface Block extends SourcePos {
  kind: 'block';
  body: Stmt[];
}

export interface Jump extends SourcePos {
  kind: 'break' | 'continue' | 'end';
}

export interface Return extends SourcePos {
  kind: 'return';
  value?: Expr;
}

export interface ExprStmt extends SourcePos {
  kind: 'expr';
  expr: Expr;
}

export type Stmt =
  | Include
  | QubitDecl
  | ClassicalDecl
  | Alias
  | GateDef
  | SubroutineDef
  | ExternDecl
  | GateCall
  | MeasureStmt
  | Assign
  | Reset
  | Barrier
  | Delay
  | If
  | For
  | While
  | Switch
  | Box
  | Block
  | Jump
  | Return
  | ExprStmt;

export interface ProgramHeader {
  version: 2 | 3;
  /** As in the header ('2.0', '3.0', '3.1'), or the assumed default. */
  versionText: string;
  hasHeader: boolean;
}
