// A token cursor with lookahead and the error helpers every parsing layer
// shares.

import { CircuitParseError, type SourcePos } from './circuit-parse-error.js';
import { Lexer, type Token } from './lexer.js';

export class TokenStream {
  protected readonly lexer: Lexer;
  /** The current token. */
  protected tok: Token;
  private readonly ahead: Token[] = [];
  /** End of the previously consumed token, for "expected ';'" errors. */
  private prevLine = 1;
  private prevEndCol = 1;

  constructor(src: string) {
    this.lexer = new Lexer(src);
    this.tok = this.lexer.next();
  }

  protected advance(): Token {
    const t = this.tok;
    this.prevLine = t.line;
    this.prevEndCol = t.endCol;
    this.tok = this.ahead.length > 0 ? this.ahead.shift()! : this.lexer.next();
    return t;
  }

  /** The token `n` places after the current one (n >= 1). */
  protected peek(n = 1): Token {
    while (this.ahead.length < n) this.ahead.push(this.lexer.next());
    return this.ahead[n - 1]!;
  }

  /** Whether tokens after the current one have been read ahead. */
  protected hasLookahead(): boolean {
    return this.ahead.length > 0;
  }

  /**
   * Makes the token at the lexer's position the current one, as if what
   * came before had been consumed up to a token that ended on `line` at
   * column `endCol` (text read without tokens, see applyPlainStatements).
   */
  protected resumeAt(line: number, endCol: number): void {
    if (this.ahead.length > 0) throw this.errorAt(this.tok, 'internal: lookahead across text read without tokens');
    this.prevLine = line;
    this.prevEndCol = endCol;
    this.tok = this.lexer.next();
  }

  /** Whether the current token starts a later line than the previous one ended on. */
  protected onNewLine(): boolean {
    return this.tok.line > this.prevLine;
  }

  protected isOp(text: string): boolean {
    return this.tok.kind === 'op' && this.tok.text === text;
  }

  protected isWord(text: string): boolean {
    return this.tok.kind === 'ident' && this.tok.text === text;
  }

  protected acceptOp(text: string): boolean {
    if (!this.isOp(text)) return false;
    this.advance();
    return true;
  }

  protected expectOp(text: string): Token {
    if (this.isOp(text)) return this.advance();
    // A missing terminator belongs right after what came before it.
    if (text === ';') throw new CircuitParseError(this.prevLine, this.prevEndCol, "expected ';'");
    throw this.unexpected(`'${text}'`);
  }

  protected expectWord(text: string): Token {
    if (this.isWord(text)) return this.advance();
    throw this.unexpected(`'${text}'`);
  }

  protected expectIdent(what = 'an identifier'): Token {
    if (this.tok.kind === 'ident') return this.advance();
    throw this.unexpected(what);
  }

  protected unexpected(expected: string): CircuitParseError {
    return this.errorAt(this.tok, `expected ${expected}, found ${describe(this.tok)}`);
  }

  protected errorAt(pos: SourcePos, reason: string): CircuitParseError {
    return new CircuitParseError(pos.line, pos.col, reason);
  }

  protected pos(): SourcePos {
    return { line: this.tok.line, col: this.tok.col };
  }

  /** Skips a `{ ... }` body without tokenizing it; the current token is '{'. */
  protected skipBracedBody(): void {
    const open = this.tok;
    if (this.ahead.length > 0) throw this.errorAt(open, 'internal: lookahead across a skipped body');
    this.lexer.skipBracedBody(open.line, open.col);
    this.tok = this.lexer.next();
  }

  /** Skips the rest of the line the current token is on. */
  protected skipRestOfLine(): void {
    if (this.ahead.length > 0) throw this.errorAt(this.tok, 'internal: lookahead across a skipped line');
    this.lexer.skipLine();
    this.tok = this.lexer.next();
  }
}

export function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of file';
    case 'string':
      return `"${t.text}"`;
    case 'physical':
      return `'$${t.text}'`;
    default:
      return `'${t.text}'`;
  }
}
