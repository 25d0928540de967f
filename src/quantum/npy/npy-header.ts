// The .npy header: a Python dict literal such as
//   {'descr': '<c16', 'fortran_order': False, 'shape': (4,), }
// parsed with a small tokenizer (never eval), and written exactly as numpy's
// _write_array_header does: sorted keys, repr values, 21 − len(repr(growth
// axis)) spare spaces, then spaces and '\n' up to a multiple of 64 bytes.

import { NpyError } from './npy-error.js';

export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

const GROWTH_AXIS_MAX_DIGITS = 21;

export function formatHeaderText(h: NpyHeader): string {
  const shape = h.shape.length === 1 ? `(${h.shape[0]},)` : `(${h.shape.join(', ')})`;
  let text = `{'descr': '${h.descr}', 'fortran_order': ${h.fortranOrder ? 'True' : 'False'}, 'shape': ${shape}, }`;
  if (h.shape.length > 0) {
    const growth = h.shape[h.fortranOrder ? h.shape.length - 1 : 0];
    text += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(growth).length));
  }
  return text;
}

type Token = { kind: 'punct'; value: string } | { kind: 'string'; value: string } | { kind: 'word'; value: string } | { kind: 'int'; value: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') { i++; continue; }
    if ('{}(),:'.includes(ch)) { tokens.push({ kind: 'punct', value: ch }); i++; continue; }
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) throw new NpyError('header-syntax', `unterminated string at offset ${i} of the header`);
      tokens.push({ kind: 'string', value: text.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const m = /^(\d+)L?|^([A-Za-z_]\w*)/.exec(text.slice(i));
    if (!m) throw new NpyError('header-syntax', `unexpected character '${ch}' at offset ${i} of the header`);
    if (m[1] !== undefined) tokens.push({ kind: 'int', value: Number(m[1]) });
    else tokens.push({ kind: 'word', value: m[2] });
    i += m[0].length;
  }
  return tokens;
}

export function parseHeaderText(text: string): NpyHeader {
  const tokens = tokenize(text);
  let p = 0;
  const expect = (value: string): void => {
    const t = tokens[p++];
    if (!t || t.kind !== 'punct' || t.value !== value) throw new NpyError('header-syntax', `expected '${value}' in the header`);
  };
  const peekPunct = (value: string): boolean => tokens[p]?.kind === 'punct' && (tokens[p] as { value: string }).value === value;
  const values = new Map<string, unknown>();
  expect('{');
  while (!peekPunct('}')) {
    const key = tokens[p++];
    if (!key || key.kind !== 'string') throw new NpyError('header-syntax', 'expected a quoted key in the header');
    expect(':');
    values.set(key.value, parseValue());
    if (!peekPunct('}')) expect(',');
  }
  expect('}');
  if (p !== tokens.length) throw new NpyError('header-syntax', 'text after the closing brace of the header');

  function parseValue(): unknown {
    const t = tokens[p++];
    if (!t) throw new NpyError('header-syntax', 'header ends inside a value');
    if (t.kind === 'string' || t.kind === 'int') return t.value;
    if (t.kind === 'word') {
      if (t.value === 'True') return true;
      if (t.value === 'False') return false;
      throw new NpyError('header-syntax', `unexpected word '${t.value}' in the header`);
    }
    if (t.value !== '(') throw new NpyError('header-syntax', `unexpected '${t.value}' in the header`);
    const items: unknown[] = [];
    while (!peekPunct(')')) {
      items.push(parseValue());
      if (!peekPunct(')')) expect(',');
    }
    expect(')');
    return items;
  }

  const keys = [...values.keys()].sort().join(',');
  if (keys !== 'descr,fortran_order,shape') {
    throw new NpyError('header-keys', `header keys must be descr, fortran_order and shape, got ${keys || 'none'}`);
  }
  const descr = values.get('descr');
  const fortran = values.get('fortran_order');
  const shape = values.get('shape');
  if (typeof descr !== 'string') throw new NpyError('dtype', 'descr must be a string (structured dtypes are not supported)');
  if (typeof fortran !== 'boolean') throw new NpyError('header-syntax', 'fortran_order must be True or False');
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d))) {
    throw new NpyError('shape', 'shape must be a tuple of non-negative integers');
  }
  return { descr, fortranOrder: fortran, shape: shape as number[] };
}
