// A pure state of n qubits as one interleaved (re, im) Float64Array, and the
// unitary step shared by every executor.

import { apply1, apply2, applyDiagonal, applyK } from './amplitude-kernels.js';
import { MAX_SIMULATED_QUBITS, type UnitaryInstruction } from './compiled-circuit.js';
import { SimulatorError } from './simulator-error.js';

export class StateVector {
  constructor(readonly numQubits: number, readonly amplitudes: Float64Array) {
    if (amplitudes.length !== 2 * 2 ** numQubits) {
      throw new SimulatorError(`a ${numQubits}-qubit state needs ${2 ** numQubits} amplitudes, got ${amplitudes.length / 2}`);
    }
  }

  /** |0…0>. */
  static zero(numQubits: number): StateVector {
    if (numQubits > MAX_SIMULATED_QUBITS) throw new SimulatorError(`cannot hold ${numQubits} qubits`);
    const a = new Float64Array(2 * 2 ** numQubits);
    a[0] = 1;
    return new StateVector(numQubits, a);
  }

  clone(): StateVector {
    return new StateVector(this.numQubits, Float64Array.from(this.amplitudes));
  }

  /** |amplitude|² of every basis state. */
  probabilities(): Float64Array {
    const a = this.amplitudes;
    const p = new Float64Array(a.length / 2);
    for (let i = 0; i < p.length; i++) p[i] = a[2 * i] * a[2 * i] + a[2 * i + 1] * a[2 * i + 1];
    return p;
  }
}

/** Apply a compiled gate to an amplitude array of n qubits. */
export function applyUnitary(amps: Float64Array, n: number, g: UnitaryInstruction): void {
  if (g.diagonal) applyDiagonal(amps, n, g.targets, g.diagonal, g.control);
  else if (g.targets.length === 1) apply1(amps, n, g.targets[0], g.matrix, g.control);
  else if (g.targets.length === 2) apply2(amps, n, g.targets[0], g.targets[1], g.matrix, g.control);
  else applyK(amps, n, g.targets, g.matrix, g.control);
}

