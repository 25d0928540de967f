import { describe, expect, it } from 'vitest';
import { STANDARD_GATES } from '../../../../src/quantum/circuit.js';
import { adjoint, matmul, identityMatrix } from '../../../../src/quantum/linalg/complex-matrix.js';
import { measureGateThroughput } from '../../../../src/quantum/sim/gate-throughput.js';
import { ghzCircuit, qftCircuit, randomCircuit, wStateCircuit } from '../../../../src/quantum/sim/library-circuits.js';
import { runCircuit } from '../../../../src/quantum/sim/run-circuit.js';
import { sample } from '../../../../src/quantum/sim/sample-counts.js';
import { SimulatorError } from '../../../../src/quantum/sim/simulator-error.js';
import { fullGateMatrix } from '../../../../src/quantum/sim/standard-gates.js';
import { StateVector } from '../../../../src/quantum/sim/state-vector.js';
import { circuit, cmat, gate, maxDiff } from './helpers.js';

const S = Math.SQRT1_2;

/** Unitary of a circuit on k qubits, column c = the circuit applied to |c>. */
function unitaryOf(k: number, ops: Parameters<typeof circuit>[1]): Float64Array {
  const d = 2 ** k;
  const u = new Float64Array(2 * d * d);
  for (let c = 0; c < d; c++) {
    const init = StateVector.zero(k);
    init.amplitudes[0] = 0;
    init.amplitudes[2 * c] = 1;
    const out = runCircuit(circuit(k, ops), { initial: init }).state.amplitudes;
    for (let r = 0; r < d; r++) {
      u[2 * (r * d + c)] = out[2 * r];
      u[2 * (r * d + c) + 1] = out[2 * r + 1];
    }
  }
  return u;
}

describe('state-vector simulator: analytic states', () => {
  it('prepares a Bell state', () => {
    const s = runCircuit(circuit(2, [gate('h', [0]), gate('cx', [0, 1])])).state.amplitudes;
    expect(maxDiff(s, [S, 0, 0, 0, 0, 0, S, 0])).toBeLessThan(1e-15);
  });

  it('prepares GHZ states', () => {
    for (const n of [3, 8, 16]) {
      const s = runCircuit(ghzCircuit(n)).state.amplitudes;
      const want = new Float64Array(s.length);
      want[0] = S;
      want[2 * (2 ** n - 1)] = S;
      expect(maxDiff(s, want)).toBeLessThan(1e-14);
    }
  });

  it('prepares W states', () => {
    for (const n of [3, 5, 9]) {
      const s = runCircuit(wStateCircuit(n)).state.amplitudes;
      const want = new Float64Array(s.length);
      for (let k = 0; k < n; k++) want[2 * (1 << k)] = 1 / Math.sqrt(n);
      expect(maxDiff(s, want)).toBeLessThan(1e-12);
    }
  });

  it('QFT maps |x> to the Fourier basis state', () => {
    const n = 6, N = 2 ** n;
    for (const x of [0, 1, 5, 42, 63]) {
      const ops = [];
      for (let k = 0; k < n; k++) if ((x >> k) & 1) ops.push(gate('x', [k]));
      const s = runCircuit(circuit(n, [...ops, ...qftCircuit(n).ops])).state.amplitudes;
      const want = new Float64Array(2 * N);
      for (let y = 0; y < N; y++) {
        want[2 * y] = Math.cos((2 * Math.PI * x * y) / N) / Math.sqrt(N);
        want[2 * y + 1] = Math.sin((2 * Math.PI * x * y) / N) / Math.sqrt(N);
      }
      expect(maxDiff(s, want)).toBeLessThan(1e-12);
    }
  });

  it('random circuits are unitary (columns orthonormal)', () => {
    const k = 4, d = 16;
    const u = unitaryOf(k, randomCircuit(k, 5, 11).ops);
    expect(maxDiff(matmul(adjoint(u), u), identityMatrix(d))).toBeLessThan(1e-12);
  });
});

describe('gate library', () => {
  it('every standard gate is unitary with the declared arity', () => {
    for (const [name, spec] of Object.entries(STANDARD_GATES)) {
      const params = Array.from({ length: spec.params }, (_, i) => 0.3 + 0.7 * i);
      const m = fullGateMatrix(name, params);
      const d = 2 ** spec.qubits;
      expect(m.length, name).toBe(2 * d * d);
      expect(maxDiff(matmul(adjoint(m), m), identityMatrix(d)), name).toBeLessThan(1e-12);
    }
  });

  it('matches explicit Qiskit matrices (little-endian, operand 0 = low bit)', () => {
    const i = (re: number, im = 0): [number, number] => [re, im];
    // CX(control 0, target 1)
    expect(maxDiff(fullGateMatrix('cx', []), cmat([[i(1), i(0), i(0), i(0)], [i(0), i(0), i(0), i(1)], [i(0), i(0), i(1), i(0)], [i(0), i(1), i(0), i(0)]]))).toBe(0);
    // ECR = (IX − XY)/√2
    const e = cmat([[i(0), i(1), i(0), i(0, 1)], [i(1), i(0), i(0, -1), i(0)], [i(0), i(0, 1), i(0), i(1)], [i(0, -1), i(0), i(1), i(0)]]).map((v) => v * S);
    expect(maxDiff(fullGateMatrix('ecr', []), e)).toBeLessThan(1e-15);
    // RZX(θ): Z on operand 0, X on operand 1
    const t = 0.9, c = Math.cos(t / 2), s = Math.sin(t / 2);
    expect(maxDiff(fullGateMatrix('rzx', [t]), cmat([[i(c), i(0), i(0, -s), i(0)], [i(0), i(c), i(0), i(0, s)], [i(0, -s), i(0), i(c), i(0)], [i(0), i(0, s), i(0), i(c)]]))).toBeLessThan(1e-15);
    // RCCX (Margolus) from qelib1.inc
    const r = new Array(8).fill(0).map(() => new Array(8).fill(0).map(() => i(0)));
    r[0][0] = r[1][1] = r[2][2] = r[4][4] = r[6][6] = i(1);
    r[3][7] = i(0, -1); r[5][5] = i(-1); r[7][3] = i(0, 1);
    expect(maxDiff(fullGateMatrix('rccx', []), cmat(r))).toBeLessThan(1e-12);
    // U(θ, φ, λ)
    const [th, ph, la] = [0.4, 1.1, -0.7];
    const u = fullGateMatrix('u', [th, ph, la]);
    const want = cmat([
      [i(Math.cos(th / 2)), i(-Math.cos(la) * Math.sin(th / 2), -Math.sin(la) * Math.sin(th / 2))],
      [i(Math.cos(ph) * Math.sin(th / 2), Math.sin(ph) * Math.sin(th / 2)), i(Math.cos(ph + la) * Math.cos(th / 2), Math.sin(ph + la) * Math.cos(th / 2))],
    ]);
    expect(maxDiff(u, want)).toBeLessThan(1e-15);
    // cu carries the γ phase on the controlled block only
    const cu = fullGateMatrix('cu', [0, 0, 0, 0.5]);
    expect(maxDiff(cu, cmat([[i(1), i(0), i(0), i(0)], [i(0), i(Math.cos(0.5), Math.sin(0.5)), i(0), i(0)], [i(0), i(0), i(1), i(0)], [i(0), i(0), i(0), i(Math.cos(0.5), Math.sin(0.5))]]))).toBeLessThan(1e-15);
  });

  it('c3sqrtx and c4x act only when every control is set', () => {
    const u = fullGateMatrix('c4x', []);
    const d = 32;
    // |11111> ↔ |01111>: index 31 ↔ 15 (target is operand 4, bit 4)
    expect(u[2 * (15 * d + 31)]).toBe(1);
    expect(u[2 * (31 * d + 15)]).toBe(1);
    expect(u[2 * (14 * d + 14)]).toBe(1);
  });
});

describe('gate modifiers', () => {
  it('ctrl @ and negctrl @ add controls that fire on |1> and |0>', () => {
    const pos = unitaryOf(2, [gate('x', [1], [], { controls: [0] })]);
    expect(maxDiff(pos, fullGateMatrix('cx', []))).toBe(0);
    const neg = runCircuit(circuit(2, [gate('x', [1], [], { negControls: [0] })])).state.amplitudes;
    expect(neg[2 * 2]).toBe(1); // |q1=1, q0=0>
  });

  it('inv @ gives the adjoint and pow @ fractional powers on the principal branch', () => {
    const sdg = unitaryOf(1, [gate('s', [0], [], { inverse: true })]);
    expect(maxDiff(sdg, fullGateMatrix('sdg', []))).toBeLessThan(1e-15);
    const sqrtX = unitaryOf(1, [gate('x', [0], [], { power: 0.5 })]);
    expect(maxDiff(sqrtX, fullGateMatrix('sx', []))).toBeLessThan(1e-12);
    const s = unitaryOf(1, [gate('z', [0], [], { power: 0.5 })]);
    expect(maxDiff(s, fullGateMatrix('s', []))).toBeLessThan(1e-12);
    const t3 = unitaryOf(1, [gate('t', [0], [], { power: 3 })]);
    expect(maxDiff(t3, matmul(fullGateMatrix('s', []), fullGateMatrix('t', [])))).toBeLessThan(1e-15);
    // inverse before power: (S†)^2 = Z
    const z = unitaryOf(1, [gate('s', [0], [], { inverse: true, power: 2 })]);
    expect(maxDiff(z, fullGateMatrix('z', []))).toBeLessThan(1e-15);
  });

  it('controlled fractional power of a two-qubit gate', () => {
    // ctrl @ pow(0.5) @ swap applied twice equals cswap
    const g = gate('swap', [1, 2], [], { controls: [0], power: 0.5 });
    expect(maxDiff(unitaryOf(3, [g, g]), fullGateMatrix('cswap', []))).toBeLessThan(1e-12);
  });

  it('gphase multiplies every amplitude', () => {
    const s = runCircuit(circuit(1, [gate('h', [0]), { kind: 'gphase', theta: Math.PI / 2 }])).state.amplitudes;
    expect(maxDiff(s, [0, S, 0, S])).toBeLessThan(1e-15);
  });
});

describe('measurement, reset and classical control', () => {
  it('mid-circuit measurement collapses and conditions read the clbit', () => {
    // Measure |+>, then flip q1 iff the outcome was 1: q1 always equals the outcome.
    const c = circuit(2, [
      gate('h', [0]),
      { kind: 'measure', qubit: 0, clbit: 0 },
      gate('x', [1], [], { condition: { clbits: [0], op: '==', value: 1 } }),
      { kind: 'measure', qubit: 1, clbit: 1 },
    ], 2);
    const counts = sample(c, 2000, 7);
    expect(Object.keys(counts).sort()).toEqual(['00', '11']);
    expect(Math.abs(counts['11'] - 1000)).toBeLessThan(120);
  });

  it('teleports a state with feed-forward corrections', () => {
    const theta = 1.234;
    const c = circuit(3, [
      gate('ry', [0], [theta]),
      gate('h', [1]), gate('cx', [1, 2]),
      gate('cx', [0, 1]), gate('h', [0]),
      { kind: 'measure', qubit: 0, clbit: 0 }, { kind: 'measure', qubit: 1, clbit: 1 },
      gate('x', [2], [], { condition: { clbits: [1], op: '==', value: 1 } }),
      gate('z', [2], [], { condition: { clbits: [0], op: '==', value: 1 } }),
      { kind: 'measure', qubit: 2, clbit: 2 },
    ], 3);
    const counts = sample(c, 4000, 3);
    let ones = 0;
    for (const [k, v] of Object.entries(counts)) if (k[0] === '1') ones += v;
    expect(Math.abs(ones / 4000 - Math.sin(theta / 2) ** 2)).toBeLessThan(0.03);
  });

  it('reset returns a qubit to |0>', () => {
    const c = circuit(1, [gate('h', [0]), { kind: 'reset', qubit: 0 }, { kind: 'measure', qubit: 0, clbit: 0 }], 1);
    expect(sample(c, 200, 1)).toEqual({ '0': 200 });
  });

  it('shots are reproducible for a seed and differ across seeds', () => {
    const c = ghzCircuit(5);
    const a = sample(c, 1000, 42), b = sample(c, 1000, 42), d = sample(c, 1000, 43);
    expect(a).toEqual(b);
    expect(a).not.toEqual(d);
    expect(Object.keys(a).sort()).toEqual(['00000', '11111']);
  });

  it('rejects bad circuits with a SimulatorError', () => {
    expect(() => runCircuit(circuit(2, [gate('nope', [0])]))).toThrow(SimulatorError);
    expect(() => runCircuit(circuit(2, [gate('cx', [0, 0])]))).toThrow(SimulatorError);
    expect(() => runCircuit(circuit(2, [gate('h', [5])]))).toThrow(SimulatorError);
    expect(() => runCircuit(circuit(1, [gate('rx', [0], [])]))).toThrow(SimulatorError);
    expect(() => runCircuit(circuit(1, [{ kind: 'measure', qubit: 0, clbit: 3 }], 1))).toThrow(SimulatorError);
  });
});

describe('performance', () => {
  it('runs a 20-qubit QFT and reports gates/s', () => {
    const t = measureGateThroughput(qftCircuit(20));
    console.log(`QFT-20: ${t.gates} gates in ${(t.seconds * 1000).toFixed(0)} ms = ${t.gatesPerSecond.toFixed(0)} gates/s (2^20 amplitudes)`);
    expect(t.seconds).toBeLessThan(5);
  });

  it('holds 24 qubits', () => {
    const t = measureGateThroughput(ghzCircuit(24));
    console.log(`GHZ-24: ${t.gates} gates in ${(t.seconds * 1000).toFixed(0)} ms`);
    expect(t.qubits).toBe(24);
  });
});
