// The circuit search language, shared by `qfs search` and the
// /circuits/.search/<query>/ directory: comma-separated key=value terms,
// e.g. "qubits=4..12,tag=vqe,gate=cx". Ranges are a..b, a.., ..b or n.
import { fsError } from '../../vfs/errors.js';

export interface Range { min?: number; max?: number }

export interface SearchQuery {
  qubits?: Range;
  depth?: Range;
  twoQubit?: Range;
  gates?: Range;
  gate?: string[];
  tag?: string[];
  author?: string;
  text?: string;
  format?: string;
  valid?: boolean;
  /** Unix seconds: indexed (committed) at or after. */
  since?: number;
  /** Only these inodes. Not part of the text language: .search uses it to re-check one entry. */
  inos?: number[];
}

const RANGE_KEYS = { qubits: 'qubits', depth: 'depth', cx: 'twoQubit', twoqubit: 'twoQubit', gates: 'gates' } as const;

export function parseRange(key: string, v: string): Range {
  const m = /^(\d+)?(\.\.)?(\d+)?$/.exec(v.trim());
  if (!m || (!m[1] && !m[3])) throw fsError('EINVAL', `${key}: '${v}' is not a number or range like 4..12`);
  if (!m[2]) return { min: Number(m[1]), max: Number(m[1]) };
  const r: Range = {};
  if (m[1]) r.min = Number(m[1]);
  if (m[3]) r.max = Number(m[3]);
  if (r.min !== undefined && r.max !== undefined && r.min > r.max) throw fsError('EINVAL', `${key}: empty range ${v}`);
  return r;
}

export function parseQuery(text: string): SearchQuery {
  const q: SearchQuery = {};
  for (const term of text.split(',').map((t) => t.trim()).filter(Boolean)) {
    const eq = term.indexOf('=');
    if (eq <= 0) throw fsError('EINVAL', `search term '${term}' is not key=value`);
    applyTerm(q, term.slice(0, eq).trim().toLowerCase(), term.slice(eq + 1).trim());
  }
  return q;
}

/** The formats circuits are indexed as. */
const FORMATS = ['qasm2', 'qasm3', 'braket'];

/**
 * Adds one term. Terms are ANDed: a range given twice is narrowed to both,
 * gate and tag accumulate, and a key a circuit has one value of (author,
 * text, format, valid, since) may be given once.
 */
export function applyTerm(q: SearchQuery, key: string, v: string): void {
  if (key in RANGE_KEYS) {
    const field = RANGE_KEYS[key as keyof typeof RANGE_KEYS];
    q[field] = both(q[field], parseRange(key, v));
    return;
  }
  if (v === '' && key !== 'valid' && key !== 'since') throw fsError('EINVAL', `${key}: needs a value, as in ${key}=${EXAMPLES[key] ?? '…'}`);
  const once = <K extends keyof SearchQuery>(k: K, value: SearchQuery[K]): void => {
    if (q[k] !== undefined) throw fsError('EINVAL', `'${key}' is given twice; a circuit has one`);
    q[k] = value;
  };
  switch (key) {
    case 'gate': (q.gate ??= []).push(v); break;
    case 'tag': (q.tag ??= []).push(v); break;
    case 'author': once('author', v); break;
    case 'text': once('text', v); break;
    case 'format':
      if (!FORMATS.includes(v.toLowerCase())) throw fsError('EINVAL', `format: '${v}' is not one of ${FORMATS.join(', ')}`);
      once('format', v.toLowerCase());
      break;
    case 'valid':
      if (v !== '0' && v !== '1') throw fsError('EINVAL', `valid must be 0 or 1, got '${v}'`);
      once('valid', v === '1');
      break;
    case 'since': {
      const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v) / 1000;
      if (!Number.isFinite(t)) throw fsError('EINVAL', `since: '${v}' is not a date`);
      once('since', Math.floor(t));
      break;
    }
    default:
      throw fsError('EINVAL', `unknown search key '${key}' (qubits, depth, cx, gates, gate, tag, author, text, format, valid, since)`);
  }
}

const EXAMPLES: Record<string, string> = { gate: 'cx', tag: 'vqe', author: 'ada', text: 'grover', format: 'qasm3' };

/** Both ranges at once (an empty result is a query that matches nothing, not an error). */
function both(a: Range | undefined, b: Range): Range {
  if (!a) return b;
  const r: Range = {};
  const min = Math.max(a.min ?? -Infinity, b.min ?? -Infinity);
  const max = Math.min(a.max ?? Infinity, b.max ?? Infinity);
  if (Number.isFinite(min)) r.min = min;
  if (Number.isFinite(max)) r.max = max;
  return r;
}
