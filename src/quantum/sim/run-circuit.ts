// Executes a circuit on a state vector: gates, mid-circuit measurement with
// collapse, reset, classical conditions and global phase.

import type { Circuit } from '../circuit.js';
import { applyGlobalPhase, collapse, flipQubit, probabilityOfOne } from './amplitude-kernels.js';
import { compileCircuit, conditionHolds, type CompiledCircuit, type Instruction } from './compiled-circuit.js';
import { createRng, type Rng, type Seed } from './rng.js';
import { applyUnitary, StateVector } from './state-vector.js';

export interface RunOptions {
  seed?: Seed;
  rng?: Rng;
  /** Start from this state instead of |0…0> (it is not modified). */
  initial?: StateVector;
}

export interface RunResult {
  state: StateVector;
  /** Classical register after the run, clbit i at index i. */
  clbits: Uint8Array;
}

export function runCircuit(circuit: Circuit | CompiledCircuit, options: RunOptions = {}): RunResult {
  const compiled = 'instructions' in circuit ? circuit : compileCircuit(circuit);
  const state = options.initial ? options.initial.clone() : StateVector.zero(compiled.numQubits);
  const clbits = new Uint8Array(compiled.numClbits);
  const rng = options.rng ?? createRng(options.seed ?? 0);
  runInstructions(state, clbits, compiled.instructions, 0, compiled.instructions.length, rng);
  return { state, clbits };
}

/** The final state of a circuit with its measurements dropped (the state a tomography would see if they were terminal). */
export function finalStateVector(circuit: Circuit): StateVector {
  const stripped: Circuit = { ...circuit, ops: circuit.ops.filter((op) => op.kind !== 'measure') };
  return runCircuit(stripped).state;
}

/** Runs instructions [from, to) in place; returns nothing, mutates state and clbits. */
export function runInstructions(
  state: StateVector, clbits: Uint8Array, instructions: Instruction[], from: number, to: number, rng: Rng,
): void {
  const n = state.numQubits;
  const amps = state.amplitudes;
  for (let i = from; i < to; i++) {
    const ins = instructions[i];
    if (!conditionHolds(ins.condition, clbits)) continue;
    switch (ins.kind) {
      case 'unitary':
        applyUnitary(amps, n, ins);
        break;
      case 'gphase':
        applyGlobalPhase(amps, ins.theta);
        break;
      case 'measure':
        clbits[ins.clbit] = measureQubit(amps, ins.qubit, rng);
        break;
      case 'reset':
        if (measureQubit(amps, ins.qubit, rng) === 1) flipQubit(amps, ins.qubit);
        break;
    }
  }
}

/** Born-rule outcome of qubit q, collapsing the state; draws a random number only when the outcome is uncertain. */
export function measureQubit(amps: Float64Array, q: number, rng: Rng): 0 | 1 {
  const p1 = probabilityOfOne(amps, q);
  const outcome: 0 | 1 = p1 <= 0 ? 0 : p1 >= 1 ? 1 : rng.next() < p1 ? 1 : 0;
  collapse(amps, q, outcome, outcome === 1 ? p1 : 1 - p1);
  return outcome;
}
