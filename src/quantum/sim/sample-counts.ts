// Shot sampling. Counts are keyed by the classical register as a bitstring
// with clbit 0 as the rightmost character (Qiskit's convention). A circuit
// without measurements is read out as if every qubit were measured into the
// clbit of the same number.

import type { Circuit, Op } from '../circuit.js';
import { compileCircuit, type CompiledCircuit } from './compiled-circuit.js';
import { createRng, type Rng, type Seed } from './rng.js';
import { runInstructions } from './run-circuit.js';
import { SimulatorError } from './simulator-error.js';
import { StateVector } from './state-vector.js';

export type Counts = Record<string, number>;

export function sample(circuit: Circuit, shots: number, seed: Seed = 0): Counts {
  if (!Number.isInteger(shots) || shots < 0) throw new SimulatorError(`shots must be a non-negative integer, got ${shots}`);
  const compiled = compileCircuit(withImplicitMeasurements(circuit));
  const rng = createRng(seed);
  return compiled.samplable ? sampleOnce(compiled, shots, rng) : samplePerShot(compiled, shots, rng);
}

/** The circuit itself if it measures anything, else with every qubit measured into the clbit of the same number. */
export function withImplicitMeasurements(c: Circuit): Circuit {
  if (c.ops.some((op) => op.kind === 'measure')) return c;
  const measures: Op[] = [];
  for (let q = 0; q < c.numQubits; q++) measures.push({ kind: 'measure', qubit: q, clbit: q });
  return { ...c, numClbits: Math.max(c.numClbits, c.numQubits), ops: [...c.ops, ...measures] };
}

/** Terminal measurements only: simulate the unitary part once, then draw basis states. */
function sampleOnce(c: CompiledCircuit, shots: number, rng: Rng): Counts {
  const firstMeasure = c.instructions.findIndex((i) => i.kind === 'measure');
  const state = StateVector.zero(c.numQubits);
  const scratch = new Uint8Array(c.numClbits);
  runInstructions(state, scratch, c.instructions, 0, firstMeasure, rng);
  const byIndex = drawBasisStates(state.probabilities(), shots, rng);
  const measures = c.instructions.slice(firstMeasure).filter((i) => i.kind === 'measure');
  const counts: Counts = {};
  for (const [index, count] of byIndex) {
    const bits = new Uint8Array(c.numClbits);
    for (const m of measures) if (m.kind === 'measure') bits[m.clbit] = (index >>> m.qubit) & 1;
    const key = bitstring(bits);
    counts[key] = (counts[key] ?? 0) + count;
  }
  return counts;
}

/** Mid-circuit measurement or classical control: every shot is its own trajectory. */
function samplePerShot(c: CompiledCircuit, shots: number, rng: Rng): Counts {
  // The part before the first non-unitary step is the same for every shot.
  let prefix = c.instructions.findIndex((i) => i.kind === 'measure' || i.kind === 'reset' || i.condition !== undefined);
  if (prefix < 0) prefix = c.instructions.length;
  const start = StateVector.zero(c.numQubits);
  runInstructions(start, new Uint8Array(c.numClbits), c.instructions, 0, prefix, rng);
  const counts: Counts = {};
  const state = start.clone();
  for (let s = 0; s < shots; s++) {
    state.amplitudes.set(start.amplitudes);
    const clbits = new Uint8Array(c.numClbits);
    runInstructions(state, clbits, c.instructions, prefix, c.instructions.length, rng);
    const key = bitstring(clbits);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Multinomial draw of `shots` basis indices by inverse-CDF search. */
export function drawBasisStates(probabilities: Float64Array, shots: number, rng: Rng): Map<number, number> {
  const cdf = new Float64Array(probabilities.length);
  let acc = 0;
  for (let i = 0; i < probabilities.length; i++) {
    acc += probabilities[i];
    cdf[i] = acc;
  }
  const out = new Map<number, number>();
  for (let s = 0; s < shots; s++) {
    const r = rng.next() * acc;
    let lo = 0, hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    out.set(lo, (out.get(lo) ?? 0) + 1);
  }
  return out;
}

export function bitstring(bits: Uint8Array): string {
  let s = '';
  for (let i = bits.length - 1; i >= 0; i--) s += bits[i] ? '1' : '0';
  return s;
}
