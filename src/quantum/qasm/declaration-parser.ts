// Declarations and definitions: registers and variables, aliases, gates,
// subroutines and externs. A layer of the statement parser (parser.ts).

import type { SourcePos } from './circuit-parse-error.js';
import type { Alias, ClassicalDecl, DefParam, Expr, ExternDecl, GateDef, QubitDecl, Stmt, SubroutineDef, TypeSpec } from './ast.js';
import { ExpressionParser } from './expression-parser.js';

export abstract class DeclarationParser extends ExpressionParser {
  /** `qreg q[n];` / `creg c[n];` (both versions). */
  protected parseRegisterDecl(): QubitDecl | ClassicalDecl {
    const kw = this.advance();
    const at: SourcePos = { line: kw.line, col: kw.col };
    const name = this.expectIdent('a register name').text;
    this.expectOp('[');
    const size = this.v3 ? this.parseExpr() : this.parseIntegerLiteral();
    this.expectOp(']');
    this.expectOp(';');
    if (kw.text === 'qreg') return { kind: 'qubitDecl', name, size, line: at.line, col: at.col };
    return { kind: 'classicalDecl', name, type: { kind: 'scalar', name: 'bit', size }, line: at.line, col: at.col };
  }

  protected parseIntegerLiteral(): Expr {
    const t = this.tok;
    if (t.kind !== 'int') throw this.unexpected('an integer');
    this.advance();
    return { kind: 'number', value: Number(t.text), isInt: true, line: t.line, col: t.col };
  }

  /** `qubit[n] q;`, `bit[2] c = measure q;`, `const int[32] n = 3;`, ... */
  protected parseDeclaration(modifier: 'const' | 'input' | 'output' | undefined): QubitDecl | ClassicalDecl {
    const at = this.pos();
    const type = this.parseType();
    const name = this.expectIdent('a name').text;
    if (type.kind === 'qubit') {
      if (modifier) throw this.errorAt(at, `qubits cannot be declared '${modifier}'`);
      this.expectOp(';');
      return { kind: 'qubitDecl', name, size: type.size, line: at.line, col: at.col };
    }
    let init: Expr | undefined;
    if (this.acceptOp('=')) init = this.parseExpr();
    else if (modifier === 'const') throw this.unexpected("'=' (a constant needs a value)");
    this.expectOp(';');
    return { kind: 'classicalDecl', name, type, init, modifier, line: at.line, col: at.col };
  }

  protected parseAlias(): Alias {
    const at = this.pos();
    this.advance();
    const name = this.expectIdent('an alias name').text;
    this.expectOp('=');
    const value = this.parseExpr();
    this.expectOp(';');
    return { kind: 'alias', name, value, line: at.line, col: at.col };
  }

  /** `gate name(params) qubits { body }` and `opaque name(params) qubits;` */
  protected parseGateDef(opaque: boolean): GateDef {
    const at = this.pos();
    this.advance();
    const nameTok = this.expectIdent('a gate name');
    const params: string[] = [];
    if (this.acceptOp('(')) {
      if (!this.acceptOp(')')) {
        for (;;) {
          params.push(this.expectIdent('a parameter name').text);
          if (this.acceptOp(')')) break;
          this.expectOp(',');
        }
      }
    }
    const qubits: string[] = [];
    for (;;) {
      qubits.push(this.expectIdent('a qubit argument name').text);
      if (!this.acceptOp(',')) break;
    }
    let body: Stmt[] = [];
    if (opaque) this.expectOp(';');
    else body = this.parseBracedStatements();
    return { kind: 'gateDef', name: nameTok.text, params, qubits, body, opaque, line: at.line, col: at.col };
  }

  protected parseSubroutine(): SubroutineDef {
    const at = this.pos();
    this.advance();
    const name = this.expectIdent('a subroutine name').text;
    this.expectOp('(');
    const params: DefParam[] = [];
    if (!this.acceptOp(')')) {
      for (;;) {
        const p = this.pos();
        const old = this.isWord('qreg') || this.isWord('creg');
        let type: TypeSpec;
        let pname: string;
        if (old) {
          // `qreg q[n]` / `creg c[n]`: the size follows the name.
          const kw = this.advance().text;
          pname = this.expectIdent('a parameter name').text;
          let size: Expr | undefined;
          if (this.acceptOp('[')) {
            size = this.parseExpr();
            this.expectOp(']');
          }
          type = kw === 'qreg' ? { kind: 'qubit', size } : { kind: 'scalar', name: 'bit', size };
        } else {
          type = this.parseType();
          pname = this.expectIdent('a parameter name').text;
        }
        params.push({ name: pname, type, line: p.line, col: p.col });
        if (this.acceptOp(')')) break;
        this.expectOp(',');
      }
    }
    const returnType = this.acceptOp('->') ? this.parseType() : undefined;
    const body = this.parseBracedStatements();
    return { kind: 'def', name, params, returnType, body, line: at.line, col: at.col };
  }

  protected parseExtern(): ExternDecl {
    const at = this.pos();
    this.advance();
    const name = this.expectIdent('an extern name').text;
    this.expectOp('(');
    const params: TypeSpec[] = [];
    if (!this.acceptOp(')')) {
      for (;;) {
        params.push(this.parseType());
        if (this.tok.kind === 'ident') this.advance(); // optional parameter name
        if (this.acceptOp(')')) break;
        this.expectOp(',');
      }
    }
    const returnType = this.acceptOp('->') ? this.parseType() : undefined;
    this.expectOp(';');
    return { kind: 'extern', name, params, returnType, line: at.line, col: at.col };
  }
}
