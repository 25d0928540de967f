// JSON parsing that remembers where each value starts, so that an invalid
// program can be reported as "line:column: reason" like any other circuit
// format (JSON.parse only gives an offset for syntax errors, and nothing for
// well-formed JSON with wrong content).

import { CircuitParseError, type SourcePos } from '../qasm/circuit-parse-error.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

interface Positions {
  self: SourcePos;
  /** Start of each member's value (object keys, array indices). */
  members: Map<string | number, SourcePos>;
}

export class JsonDocument {
  constructor(
    readonly value: JsonValue,
    private readonly positions: WeakMap<object, Positions>,
  ) {}

  /** Where `container` (or its member `key`) starts in the text. */
  pos(container: object, key?: string | number): SourcePos {
    const p = this.positions.get(container);
    if (!p) return { line: 1, col: 1 };
    return (key === undefined ? undefined : p.members.get(key)) ?? p.self;
  }

  error(container: object, key: string | number | undefined, reason: string): CircuitParseError {
    const p = this.pos(container, key);
    return new CircuitParseError(p.line, p.col, reason);
  }
}

export function parseJson(text: string): JsonDocument {
  return new JsonReader(text).document();
}

class JsonReader {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly positions = new WeakMap<object, Positions>();

  constructor(private readonly src: string) {
    if (src.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  document(): JsonDocument {
    const value = this.value();
    this.skipSpace();
    if (this.pos < this.src.length) throw this.error('unexpected text after the JSON value');
    return new JsonDocument(value, this.positions);
  }

  private here(): SourcePos {
    return { line: this.line, col: this.pos - this.lineStart + 1 };
  }

  private error(reason: string, at: SourcePos = this.here()): CircuitParseError {
    return new CircuitParseError(at.line, at.col, reason);
  }

  private skipSpace(): void {
    const src = this.src;
    for (;;) {
      const c = src.charCodeAt(this.pos);
      if (c === 10) {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (c === 32 || c === 9 || c === 13) {
        this.pos++;
      } else {
        return;
      }
    }
  }

  private value(): JsonValue {
    this.skipSpace();
    const c = this.src[this.pos];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c !== undefined && /[-0-9]/.test(c)) return this.number();
        throw this.error(c === undefined ? 'unexpected end of JSON' : `unexpected character '${c}' in JSON`);
    }
  }

  private object(): JsonValue {
    const self = this.here();
    const members = new Map<string, SourcePos>();
    const out: { [key: string]: JsonValue } = {};
    this.pos++;
    this.skipSpace();
    if (this.src[this.pos] === '}') {
      this.pos++;
    } else {
      for (;;) {
        this.skipSpace();
        if (this.src[this.pos] !== '"') throw this.error('expected a property name in double quotes');
        const key = this.string();
        this.skipSpace();
        if (this.src[this.pos] !== ':') throw this.error("expected ':'");
        this.pos++;
        this.skipSpace();
        members.set(key, this.here());
        out[key] = this.value();
        this.skipSpace();
        const sep = this.src[this.pos];
        this.pos++;
        if (sep === '}') break;
        if (sep !== ',') throw this.error("expected ',' or '}'", { line: this.line, col: this.pos - this.lineStart });
      }
    }
    this.positions.set(out, { self, members });
    return out;
  }

  private array(): JsonValue {
    const self = this.here();
    const members = new Map<number, SourcePos>();
    const out: JsonValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.src[this.pos] === ']') {
      this.pos++;
    } else {
      for (;;) {
        this.skipSpace();
        members.set(out.length, this.here());
        out.push(this.value());
        this.skipSpace();
        const sep = this.src[this.pos];
        this.pos++;
        if (sep === ']') break;
        if (sep !== ',') throw this.error("expected ',' or ']'", { line: this.line, col: this.pos - this.lineStart });
      }
    }
    this.positions.set(out, { self, members });
    return out;
  }

  private string(): string {
    const start = this.here();
    const m = /"((?:[^"\\\n]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*)"/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.src);
    if (!found) throw this.error('malformed or unterminated string', start);
    this.pos = m.lastIndex;
    return JSON.parse(found[0]) as string;
  }

  private number(): number {
    const m = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.src);
    if (!found) throw this.error('malformed number');
    this.pos = m.lastIndex;
    return Number(found[0]);
  }

  private literal<T>(word: string, value: T): T {
    if (!this.src.startsWith(word, this.pos)) throw this.error(`unexpected text in JSON (expected '${word}')`);
    this.pos += word.length;
    return value;
  }
}
