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

export function applyTerm(q: SearchQuery, key: string, v: string): void {
  if (key in RANGE_KEYS) {
    q[RANGE_KEYS[key as keyof typeof RANGE_KEYS]] = parseRange(key, v);
    return;
  }
  switch (key) {
    case 'gate': (q.gate ??= []).push(v); break;
    case 'tag': (q.tag ??= []).push(v); break;
    case 'author': q.author = v; break;
    case 'text': q.text = v; break;
    case 'format': q.format = v; break;
    case 'valid':
      if (v !== '0' && v !== '1') throw fsError('EINVAL', `valid must be 0 or 1, got '${v}'`);
      q.valid = v === '1';
      break;
    case 'since': {
      const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v) / 1000;
      if (!Number.isFinite(t)) throw fsError('EINVAL', `since: '${v}' is not a date`);
      q.since = Math.floor(t);
      break;
    }
    default:
      throw fsError('EINVAL', `unknown search key '${key}' (qubits, depth, cx, gates, gate, tag, author, text, format, valid, since)`);
  }
}
