// The search language: terms are ANDed, and every term that cannot mean
// anything is EINVAL with the reason, not a query that silently matches nothing.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/trees/circuits/search-query.js';

const reason = (text: string): string => {
  try {
    parseQuery(text);
  } catch (e) {
    return `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
  return 'accepted';
};

describe('parseQuery', () => {
  it('reads every key, ranges in all forms', () => {
    expect(parseQuery('qubits=4..12, depth=..100, cx=3.., gates=7, gate=cx, gate=ccx, tag=vqe, author=ada, text=grover, format=QASM3, valid=1, since=1700000000'))
      .toEqual({
        qubits: { min: 4, max: 12 }, depth: { max: 100 }, twoQubit: { min: 3 }, gates: { min: 7, max: 7 }, gate: ['cx', 'ccx'], tag: ['vqe'],
        author: 'ada', text: 'grover', format: 'qasm3', valid: true, since: 1700000000,
      });
  });

  it('narrows a range given twice to both', () => {
    expect(parseQuery('qubits=2..,qubits=..8').qubits).toEqual({ min: 2, max: 8 });
    expect(parseQuery('qubits=3,qubits=2..5').qubits).toEqual({ min: 3, max: 3 });
    // Disjoint: a query that matches nothing, as an AND of the two would.
    expect(parseQuery('qubits=3,qubits=4').qubits).toEqual({ min: 4, max: 3 });
  });

  it('refuses what cannot mean anything, naming the term', () => {
    expect(reason('gate=')).toBe('EINVAL: gate: needs a value, as in gate=cx');
    expect(reason('tag=,qubits=2')).toBe('EINVAL: tag: needs a value, as in tag=vqe');
    expect(reason('format=quil')).toBe("EINVAL: format: 'quil' is not one of qasm2, qasm3, braket");
    expect(reason('author=ada,author=bob')).toBe("EINVAL: 'author' is given twice; a circuit has one");
    expect(reason('valid=1,valid=0')).toBe("EINVAL: 'valid' is given twice; a circuit has one");
    expect(reason('qubits=1..2..3')).toBe("EINVAL: qubits: '1..2..3' is not a number or range like 4..12");
    expect(reason('qubits=5..3')).toBe('EINVAL: qubits: empty range 5..3');
    expect(reason('valid=')).toBe("EINVAL: valid must be 0 or 1, got ''");
    expect(reason('since=yesterday')).toBe("EINVAL: since: 'yesterday' is not a date");
    expect(reason('nokey')).toBe("EINVAL: search term 'nokey' is not key=value");
    expect(reason('colour=red')).toMatch(/^EINVAL: unknown search key 'colour'/);
  });
});
