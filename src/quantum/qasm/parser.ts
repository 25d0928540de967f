// Statement grammar of OpenQASM 2 and 3. One parser serves both: words that
// OpenQASM 3 reserves are only keywords when parsing version 3, and version 2
// keeps its narrower forms (register-only `if`, integer-only indices, no
// assignments). Name resolution and all semantic checks happen later.

import type { SourcePos } from './circuit-parse-error.js';
import type { Assign, Expr, For, GateCall, If, Modifier, ProgramHeader, Stmt, Switch, SwitchCase } from './ast.js';
import { DeclarationParser } from './declaration-parser.js';
import type { Token } from './lexer.js';
import { emptyPlainStatement, PlainScanner, type PlainStatement } from './plain-statement.js';

const ASSIGNMENT_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '**=', '&=', '|=', '^=', '<<=', '>>=', '~=']);
const MODIFIERS = new Set(['ctrl', 'negctrl', 'inv', 'pow']);
const VERSION3_DECLARATIONS = new Set(['qubit', 'bit', 'int', 'uint', 'float', 'angle', 'bool', 'duration', 'const', 'input', 'output', 'let', 'def']);

export class QasmParser extends DeclarationParser {
  private readonly plain: PlainStatement = emptyPlainStatement();
  private plainScanner: PlainScanner | undefined;

  /** Reads the optional `OPENQASM x.y;` line; call once, before statements(). */
  parseHeader(defaultVersionText: string): ProgramHeader {
    if (!this.isWord('OPENQASM')) {
      return { version: this.v3 ? 3 : 2, versionText: defaultVersionText, hasHeader: false };
    }
    this.advance();
    const v = this.tok;
    if (v.kind !== 'int' && v.kind !== 'float') throw this.unexpected('a version number');
    if (v.text.split('.')[0] !== (this.v3 ? '3' : '2')) throw this.errorAt(v, `unsupported OpenQASM version '${v.text}'`);
    this.advance();
    this.expectOp(';');
    return { version: this.v3 ? 3 : 2, versionText: v.text.includes('.') ? v.text : `${v.text}.0`, hasHeader: true };
  }

  /**
   * The next top-level statement, or undefined at the end: statements are
   * parsed as they are consumed, so a large program is never held whole.
   */
  nextStatement(): Stmt | undefined {
    while (this.tok.kind !== 'eof') {
      const stmt = this.parseStatement();
      if (stmt) return stmt;
    }
    return undefined;
  }

  /**
   * Applies plain statements (plain-statement.ts), starting with the current
   * one, for as long as `apply` takes them; they are read straight from the
   * characters, without tokens. Returns how many it applied; the current
   * token is then the statement that ended the run.
   */
  applyPlainStatements(apply: (call: PlainStatement) => boolean): number {
    const t = this.tok;
    const call = this.plain;
    const lexer = this.lexer;
    if (t.kind !== 'ident' || this.hasLookahead()) return 0;
    // The lexer stands just past the current token, a name: read it again from its start.
    let nameStart = lexer.position - t.text.length;
    if (!this.scanPlainAt(nameStart, call)) return 0;
    let line = 0;
    let endCol = 0;
    for (let applied = 0; ; applied++) {
      if (!apply(call)) {
        // The declined statement is read as tokens, from its name (where the lexer is).
        if (applied > 0) this.resumeAt(line, endCol);
        return applied;
      }
      // A plain statement lies on one line: its ';' is as many columns after the name as characters.
      line = call.line;
      endCol = call.col + (call.end - nameStart);
      lexer.resumeAt(call.end);
      nameStart = lexer.skipSpace();
      if (!this.scanPlainAt(nameStart, call)) {
        this.resumeAt(line, endCol);
        return applied + 1;
      }
    }
  }

  /** Scans a plain statement whose first word starts at `start`, on the lexer's line, into `call`. */
  private scanPlainAt(start: number, call: PlainStatement): boolean {
    const lexer = this.lexer;
    this.plainScanner ??= new PlainScanner(lexer.source, lexer.bytes, lexer.names);
    if (!this.plainScanner.scan(start, call)) return false;
    call.line = lexer.lineNumber;
    call.col = start - lexer.lineOffset + 1;
    return true;
  }

  protected parseBracedStatements(): Stmt[] {
    const open = this.expectOp('{');
    const body: Stmt[] = [];
    while (!this.isOp('}')) {
      if (this.tok.kind === 'eof') throw this.errorAt(open, "unterminated '{' (no matching '}')");
      const stmt = this.parseStatement();
      if (stmt) body.push(stmt);
    }
    this.advance();
    return body;
  }

  /** A block or a single statement (the bodies of if/for/while). */
  private parseBody(): Stmt[] {
    if (this.isOp('{')) return this.parseBracedStatements();
    const stmt = this.parseStatement();
    return stmt ? [stmt] : [];
  }

  /** One statement, or null for what carries no meaning here (pragmas, calibration). */
  private parseStatement(): Stmt | null {
    const t = this.tok;
    const at: SourcePos = { line: t.line, col: t.col };
    if (t.kind === 'op') return this.parsePunctuationStatement(t, at);
    if (t.kind !== 'ident') throw this.unexpected('a statement');

    switch (t.text) {
      case 'OPENQASM':
        throw this.errorAt(at, "the 'OPENQASM' version line must be the first statement");
      case 'include': {
        this.advance();
        if (this.tok.kind !== 'string') throw this.unexpected('a file name in quotes');
        const path = this.advance().text;
        this.expectOp(';');
        return { kind: 'include', path, line: at.line, col: at.col };
      }
      case 'qreg':
      case 'creg':
        return this.parseRegisterDecl();
      case 'gate':
        return this.parseGateDef(false);
      case 'opaque':
        return this.parseGateDef(true);
      case 'measure':
        return this.parseMeasure();
      case 'reset': {
        this.advance();
        const operand = this.parseOperand();
        this.expectOp(';');
        return { kind: 'reset', operand, line: at.line, col: at.col };
      }
      case 'barrier':
        return this.parseBarrier();
      case 'if':
        return this.parseIf();
    }
    if (this.v3) {
      const stmt = this.parseVersion3Statement(t, at);
      if (stmt !== undefined) return stmt;
    } else if (VERSION3_DECLARATIONS.has(t.text) && (this.peek().kind === 'ident' || (this.peek().kind === 'op' && this.peek().text === '['))) {
      throw this.errorAt(at, `'${t.text}' declarations are OpenQASM 3; this program is OpenQASM 2`);
    }
    return this.parseCallOrAssignment();
  }

  private parsePunctuationStatement(t: Token, at: SourcePos): Stmt | null {
    if (t.text === ';') {
      this.advance();
      return null;
    }
    if (this.v3 && t.text === '@') {
      // An annotation applies to the next statement and has no meaning here.
      this.skipRestOfLine();
      return null;
    }
    if (this.v3 && t.text === '#' && this.peek().kind === 'ident' && this.peek().text === 'pragma') {
      this.advance();
      this.skipRestOfLine();
      return null;
    }
    if (this.v3 && t.text === '{') return { kind: 'block', body: this.parseBracedStatements(), line: at.line, col: at.col };
    throw this.unexpected('a statement');
  }

  /** Statements only OpenQASM 3 has; undefined when `t` starts none of them. */
  private parseVersion3Statement(t: Token, at: SourcePos): Stmt | null | undefined {
    switch (t.text) {
      case 'qubit':
      case 'array':
        return this.parseDeclaration(undefined);
      case 'const':
      case 'input':
      case 'output':
        this.advance();
        return this.parseDeclaration(t.text);
      case 'let':
        return this.parseAlias();
      case 'def':
        return this.parseSubroutine();
      case 'extern':
        return this.parseExtern();
      case 'defcal':
        // Pulse-level calibration: its grammar is not OpenQASM's; skip the body.
        while (!this.isOp('{')) {
          if (this.tok.kind === 'eof' || this.isOp(';')) throw this.unexpected("'{'");
          this.advance();
        }
        this.skipBracedBody();
        return null;
      case 'cal':
        this.advance();
        if (!this.isOp('{')) throw this.unexpected("'{'");
        this.skipBracedBody();
        return null;
      case 'defcalgrammar':
        this.advance();
        if (this.tok.kind !== 'string') throw this.unexpected('a grammar name in quotes');
        this.advance();
        this.expectOp(';');
        return null;
      case 'pragma':
        this.skipRestOfLine();
        return null;
      case 'for':
        return this.parseFor();
      case 'while': {
        this.advance();
        this.expectOp('(');
        const condition = this.parseExpr();
        this.expectOp(')');
        return { kind: 'while', condition, body: this.parseBody(), line: at.line, col: at.col };
      }
      case 'switch':
        return this.parseSwitch();
      case 'break':
      case 'continue':
      case 'end':
        this.advance();
        this.expectOp(';');
        return { kind: t.text, line: at.line, col: at.col };
      case 'return': {
        this.advance();
        const value = this.isOp(';') ? undefined : this.parseExpr();
        this.expectOp(';');
        return { kind: 'return', value, line: at.line, col: at.col };
      }
      case 'box': {
        this.advance();
        if (this.isOp('[')) this.parseSelectors();
        return { kind: 'box', body: this.parseBracedStatements(), line: at.line, col: at.col };
      }
      case 'delay': {
        this.advance();
        this.expectOp('[');
        const duration = this.parseExpr();
        this.expectOp(']');
        const operands = this.isOp(';') ? [] : this.parseOperandList();
        this.expectOp(';');
        return { kind: 'delay', duration, operands, line: at.line, col: at.col };
      }
      case 'else':
        throw this.errorAt(at, "'else' without a matching 'if'");
    }
    if (MODIFIERS.has(t.text)) {
      const next = this.peek();
      if (next.kind === 'op' && (next.text === '@' || next.text === '(')) return this.parseGateCall();
    }
    if (this.isScalarTypeWord(t)) {
      const next = this.peek();
      if (!(next.kind === 'op' && next.text === '(')) return this.parseDeclaration(undefined);
    }
    return undefined;
  }

  // -------------------------------------------------- quantum statements

  private parseMeasure(): Stmt {
    const at = this.pos();
    this.advance();
    const operand = this.parseOperand();
    let target: Expr | undefined;
    if (this.acceptOp('->')) target = this.parseOperand();
    else if (!this.v3) throw this.unexpected("'->'");
    this.expectOp(';');
    return { kind: 'measure', operand, target, line: at.line, col: at.col };
  }

  private parseBarrier(): Stmt {
    const at = this.pos();
    this.advance();
    const operands = this.isOp(';') && this.v3 ? [] : this.parseOperandList();
    this.expectOp(';');
    return { kind: 'barrier', operands, line: at.line, col: at.col };
  }

  private parseOperandList(): Expr[] {
    const operands = [this.parseOperand()];
    while (this.acceptOp(',')) operands.push(this.parseOperand());
    return operands;
  }

  /** `q`, `q[1]`; in OpenQASM 3 also `$0`, `q[1:3]`, `q[{0, 2}]`. */
  private parseOperand(): Expr {
    const t = this.tok;
    if (this.v3 && t.kind === 'physical') {
      this.advance();
      return { kind: 'physical', index: Number(t.text), line: t.line, col: t.col };
    }
    if (t.kind !== 'ident') throw this.unexpected('a qubit or register');
    this.advance();
    let e: Expr = { kind: 'ident', name: t.text, line: t.line, col: t.col };
    if (this.v3) {
      while (this.isOp('[')) e = { kind: 'index', target: e, selectors: this.parseSelectors(), line: t.line, col: t.col };
    } else if (this.acceptOp('[')) {
      e = { kind: 'index', target: e, selectors: [this.parseIntegerLiteral()], line: t.line, col: t.col };
      this.expectOp(']');
    }
    return e;
  }

  /** A gate call that starts with modifiers (`ctrl @ x a, b;`) or a plain name. */
  private parseGateCall(): GateCall {
    const at = this.pos();
    const modifiers: Modifier[] = [];
    while (this.v3 && this.tok.kind === 'ident' && MODIFIERS.has(this.tok.text)) {
      const m = this.advance();
      let arg: Expr | undefined;
      if (this.acceptOp('(')) {
        arg = this.parseExpr();
        this.expectOp(')');
      }
      this.expectOp('@');
      modifiers.push({ kind: m.text as Modifier['kind'], arg, line: m.line, col: m.col });
    }
    const name = this.expectIdent('a gate name');
    let params: Expr[] = [];
    if (this.acceptOp('(')) params = this.parseExprList(')');
    return this.parseGateCallRest(at, modifiers, name.text, params);
  }

  private parseGateCallRest(at: SourcePos, modifiers: Modifier[], name: string, params: Expr[]): GateCall {
    if (this.v3 && this.isOp('[')) this.parseSelectors(); // a duration designator: timing only
    const operands = this.isOp(';') && (this.v3 || name === 'gphase') ? [] : this.parseOperandList();
    // Another operand on the same line lacks a comma; on the next line, the ';' is missing.
    if ((this.tok.kind === 'ident' || this.tok.kind === 'physical') && !this.onNewLine()) throw this.unexpected("',' or ';'");
    this.expectOp(';');
    return { kind: 'gateCall', modifiers, name, params, operands, line: at.line, col: at.col };
  }

  /** A statement that starts with a name: gate call, assignment or call. */
  private parseCallOrAssignment(): Stmt {
    const t = this.tok;
    const at: SourcePos = { line: t.line, col: t.col };
    if (!this.v3) return this.parseGateCall();
    this.advance();
    if (this.isOp('(')) {
      this.advance();
      const args = this.parseExprList(')');
      if (this.isOp(';') && t.text !== 'gphase') {
        this.advance();
        return { kind: 'expr', expr: { kind: 'call', callee: t.text, args, line: at.line, col: at.col }, line: at.line, col: at.col };
      }
      return this.parseGateCallRest(at, [], t.text, args);
    }
    let target: Expr = { kind: 'ident', name: t.text, line: at.line, col: at.col };
    while (this.isOp('[')) target = { kind: 'index', target, selectors: this.parseSelectors(), line: at.line, col: at.col };
    if (this.tok.kind === 'op' && ASSIGNMENT_OPS.has(this.tok.text)) {
      const op = this.advance().text;
      const value = this.parseExpr();
      this.expectOp(';');
      return { kind: 'assign', target, op, value, line: at.line, col: at.col } satisfies Assign;
    }
    // `name[duration] operands;` is a gate call with a timing designator.
    return this.parseGateCallRest(at, [], t.text, []);
  }

  // ------------------------------------------------------- control flow

  private parseIf(): If {
    const at = this.pos();
    this.advance();
    this.expectOp('(');
    const condition = this.parseExpr();
    this.expectOp(')');
    if (!this.v3) {
      // OpenQASM 2: `if(creg==int) qop;` with exactly one quantum operation.
      const ok =
        condition.kind === 'binary' &&
        condition.op === '==' &&
        condition.left.kind === 'ident' &&
        condition.right.kind === 'number' &&
        condition.right.isInt;
      if (!ok) throw this.errorAt(condition, 'an OpenQASM 2 condition has the form (creg == integer)');
      const then = this.parseStatement();
      if (!then || (then.kind !== 'gateCall' && then.kind !== 'measure' && then.kind !== 'reset')) {
        throw this.errorAt(then ?? at, 'only a gate call, measure or reset may follow if(...)');
      }
      return { kind: 'if', condition, then: [then], legacy: true, line: at.line, col: at.col };
    }
    const then = this.parseBody();
    let otherwise: Stmt[] | undefined;
    if (this.isWord('else')) {
      this.advance();
      otherwise = this.parseBody();
    }
    return { kind: 'if', condition, then, else: otherwise, legacy: false, line: at.line, col: at.col };
  }

  private parseFor(): For {
    const at = this.pos();
    this.advance();
    let varType: For['varType'];
    if (!(this.tok.kind === 'ident' && this.peek().kind === 'ident' && this.peek().text === 'in')) {
      const type = this.parseType();
      if (type.kind !== 'scalar') throw this.errorAt(at, 'a loop variable has a scalar type');
      varType = type;
    }
    const variable = this.expectIdent('a loop variable').text;
    this.expectWord('in');
    let iterable: Expr;
    if (this.isOp('[')) {
      this.advance();
      iterable = this.parseRangeOrExpr();
      this.expectOp(']');
    } else if (this.isOp('{')) {
      iterable = this.parseSet();
    } else {
      iterable = this.parseExpr();
    }
    return { kind: 'for', variable, varType, iterable, body: this.parseBody(), line: at.line, col: at.col };
  }

  private parseSwitch(): Switch {
    const at = this.pos();
    this.advance();
    this.expectOp('(');
    const subject = this.parseExpr();
    this.expectOp(')');
    this.expectOp('{');
    const cases: SwitchCase[] = [];
    let otherwise: Stmt[] | undefined;
    while (!this.acceptOp('}')) {
      const c = this.pos();
      if (this.isWord('case')) {
        this.advance();
        const values = [this.parseExpr()];
        while (this.acceptOp(',')) values.push(this.parseExpr());
        cases.push({ values, body: this.parseBracedStatements(), line: c.line, col: c.col });
      } else if (this.isWord('default')) {
        this.advance();
        otherwise = this.parseBracedStatements();
      } else {
        throw this.unexpected("'case', 'default' or '}'");
      }
    }
    return { kind: 'switch', subject, cases, default: otherwise, line: at.line, col: at.col };
  }
}
