// The one error type every circuit parser throws (OpenQASM 2/3, Braket).
// Positions are 1-based; the message reads "line:column: reason" so that it
// can go straight into an xattr such as user.qfs.error.

export class CircuitParseError extends Error {
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(line: number, column: number, reason: string) {
    super(`${line}:${column}: ${reason}`);
    this.name = 'CircuitParseError';
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** A source position, 1-based. */
export interface SourcePos {
  line: number;
  col: number;
}

export function errorAt(pos: SourcePos, reason: string): CircuitParseError {
  return new CircuitParseError(pos.line, pos.col, reason);
}
