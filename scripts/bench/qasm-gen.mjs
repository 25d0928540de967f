// Random but valid OpenQASM 2 circuits for the circuit benchmarks: qelib1
// gates with their real arities and parameter counts, on a chosen number of
// qubits, until the text reaches a chosen size. Seeded, so every run
// generates the same files. A library for the other helpers, not a command.

/** A small seeded generator (mulberry32): deterministic, fast, good enough. */
export function seeded(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)); // lo..hi inclusive
  next.pick = (list) => list[Math.floor(next() * list.length)];
  return next;
}

// [name, parameters, qubits]; weights make 1- and 2-qubit gates dominate,
// as they do in transpiled circuits.
const ONE = [['h', 0], ['x', 0], ['y', 0], ['z', 0], ['s', 0], ['sdg', 0], ['t', 0], ['tdg', 0], ['sx', 0],
  ['rx', 1], ['ry', 1], ['rz', 1], ['u1', 1], ['u2', 2], ['u3', 3], ['p', 1]];
const TWO = [['cx', 0], ['cx', 0], ['cx', 0], ['cz', 0], ['swap', 0], ['cy', 0], ['ch', 0], ['crz', 1], ['cu1', 1],
  ['cp', 1], ['rzz', 1], ['rxx', 1]];
const THREE = [['ccx', 0], ['cswap', 0]];

/** The gate names a circuit may use (for search queries). */
export const GATE_NAMES = [...new Set([...ONE, ...TWO, ...THREE].map(([n]) => n))];

function angle(rand) {
  if (rand() < 0.3) return rand.pick(['pi', 'pi/2', 'pi/4', '-pi/4', 'pi/8', '3*pi/4', '-pi/2']);
  return ((rand() * 2 - 1) * Math.PI).toFixed(rand.int(6, 16));
}

function distinct(rand, n, k) {
  const out = [];
  while (out.length < k) {
    const q = rand.int(0, n - 1);
    if (!out.includes(q)) out.push(q);
  }
  return out;
}

/**
 * A circuit of `qubits` qubits whose text is about `bytes` long.
 * Options: `twoQubit` (share of two-qubit gates, default 0.35), `threeQubit`
 * (default 0.02; needs 3 qubits), `header` (a comment line put first, e.g. a
 * name that makes the content unique).
 */
export function circuit(rand, qubits, bytes, opts = {}) {
  const two = qubits >= 2 ? opts.twoQubit ?? 0.35 : 0;
  const three = qubits >= 3 ? opts.threeQubit ?? 0.02 : 0;
  const lines = [];
  if (opts.header) lines.push(`// ${opts.header}`);
  lines.push('OPENQASM 2.0;', 'include "qelib1.inc";', `qreg q[${qubits}];`, `creg c[${qubits}];`);
  const tail = `barrier q;\nmeasure q -> c;\n`;
  let size = lines.reduce((n, l) => n + l.length + 1, 0) + tail.length;
  while (size < bytes) {
    const r = rand();
    let line;
    if (r < three) {
      const [g] = rand.pick(THREE);
      line = `${g} ${distinct(rand, qubits, 3).map((q) => `q[${q}]`).join(',')};`;
    } else if (r < three + two) {
      const [g, np] = rand.pick(TWO);
      const ps = np ? `(${Array.from({ length: np }, () => angle(rand)).join(',')})` : '';
      line = `${g}${ps} ${distinct(rand, qubits, 2).map((q) => `q[${q}]`).join(',')};`;
    } else if (r < three + two + 0.005) {
      line = 'barrier q;';
    } else {
      const [g, np] = rand.pick(ONE);
      const ps = np ? `(${Array.from({ length: np }, () => angle(rand)).join(',')})` : '';
      line = `${g}${ps} q[${rand.int(0, qubits - 1)}];`;
    }
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n' + tail;
}
