// A mixed state of n qubits: ρ[r][c] stored interleaved at index r·2^n + c.
// Read as a vector of 2n qubits, row qubit q is bit q+n and column qubit q is
// bit q, so U ρ U† is U on the row bits and Ū on the column bits, and a
// one-qubit channel is a 4×4 superoperator on bits (q, q+n): the state-vector
// kernels do all the work.

import { conjugate, type ComplexMatrix } from '../linalg/complex-matrix.js';
import { apply2, applyDiagonal, applyK } from '../sim/amplitude-kernels.js';
import type { UnitaryInstruction } from '../sim/compiled-circuit.js';
import { SimulatorError } from '../sim/simulator-error.js';
import type { StateVector } from '../sim/state-vector.js';
import { unitarySuperoperator } from './quantum-channels.js';

/** 4^12 complex entries are 256 MiB; beyond that use state vectors. */
export const MAX_DENSITY_QUBITS = 12;

export class DensityMatrix {
  readonly dim: number;

  constructor(readonly numQubits: number, readonly data: Float64Array) {
    if (numQubits > MAX_DENSITY_QUBITS) throw new SimulatorError(`density matrices are limited to ${MAX_DENSITY_QUBITS} qubits, got ${numQubits}`);
    this.dim = 2 ** numQubits;
    if (data.length !== 2 * this.dim * this.dim) throw new SimulatorError(`a ${numQubits}-qubit density matrix needs ${this.dim}² entries`);
  }

  static zero(n: number): DensityMatrix {
    const d = 2 ** n;
    if (n > MAX_DENSITY_QUBITS) throw new SimulatorError(`density matrices are limited to ${MAX_DENSITY_QUBITS} qubits, got ${n}`);
    const data = new Float64Array(2 * d * d);
    data[0] = 1;
    return new DensityMatrix(n, data);
  }

  static fromStateVector(psi: StateVector): DensityMatrix {
    const d = 2 ** psi.numQubits;
    const a = psi.amplitudes;
    const data = new Float64Array(2 * d * d);
    for (let r = 0; r < d; r++) {
      const xr = a[2 * r], xi = a[2 * r + 1];
      for (let c = 0; c < d; c++) {
        const yr = a[2 * c], yi = -a[2 * c + 1];
        data[2 * (r * d + c)] = xr * yr - xi * yi;
        data[2 * (r * d + c) + 1] = xr * yi + xi * yr;
      }
    }
    return new DensityMatrix(psi.numQubits, data);
  }

  clone(): DensityMatrix {
    return new DensityMatrix(this.numQubits, Float64Array.from(this.data));
  }

  trace(): number {
    let t = 0;
    for (let i = 0; i < this.dim; i++) t += this.data[2 * (i * this.dim + i)];
    return t;
  }

  /** Real diagonal: the basis-state probabilities (times the trace). */
  diagonal(): Float64Array {
    const p = new Float64Array(this.dim);
    for (let i = 0; i < this.dim; i++) p[i] = this.data[2 * (i * this.dim + i)];
    return p;
  }

  applyUnitary(g: UnitaryInstruction): void {
    const n = this.numQubits, N = 2 * n;
    const rows = g.targets.map((t) => t + n);
    const rowControl = { mask: g.control.mask * 2 ** n, value: g.control.value * 2 ** n };
    if (g.diagonal) {
      applyDiagonal(this.data, N, rows, g.diagonal, rowControl);
      applyDiagonal(this.data, N, g.targets, conjugate(g.diagonal), g.control);
    } else if (g.targets.length === 1 && g.control.mask === 0) {
      // One pass with U ⊗ Ū on (column, row) bits.
      this.applySuperoperator(g.targets[0], unitarySuperoperator(g.matrix));
    } else {
      applyK(this.data, N, rows, g.matrix, rowControl);
      applyK(this.data, N, g.targets, conjugate(g.matrix), g.control);
    }
  }

  /** A one-qubit channel given as its 4×4 superoperator. */
  applySuperoperator(q: number, s: ComplexMatrix): void {
    apply2(this.data, 2 * this.numQubits, q, q + this.numQubits, s);
  }

  /** ρ → (1−p)ρ + p · Tr_Q(ρ) ⊗ I/2^|Q| on the qubits Q. */
  depolarize(qubits: readonly number[], p: number): void {
    if (p === 0) return;
    const d = this.dim, k = qubits.length, dq = 2 ** k;
    let qmask = 0;
    for (const q of qubits) qmask |= 1 << q;
    const offs = new Int32Array(dq);
    for (let l = 0; l < dq; l++) {
      let o = 0;
      for (let b = 0; b < k; b++) if ((l >>> b) & 1) o |= 1 << qubits[b];
      offs[l] = o;
    }
    const keep = 1 - p, add = p / dq;
    const data = this.data;
    for (let r = 0; r < d; r++) {
      if (r & qmask) continue;
      for (let c = 0; c < d; c++) {
        if (c & qmask) continue;
        let tr = 0, ti = 0;
        for (let l = 0; l < dq; l++) {
          const o = 2 * ((r | offs[l]) * d + (c | offs[l]));
          tr += data[o];
          ti += data[o + 1];
        }
        for (let a = 0; a < dq; a++) for (let b = 0; b < dq; b++) {
          const o = 2 * ((r | offs[a]) * d + (c | offs[b]));
          data[o] = keep * data[o] + (a === b ? add * tr : 0);
          data[o + 1] = keep * data[o + 1] + (a === b ? add * ti : 0);
        }
      }
    }
  }

  /** Unnormalised P_outcome ρ P_outcome for qubit q. */
  project(q: number, outcome: 0 | 1): DensityMatrix {
    const d = this.dim, bit = 1 << q, want = outcome ? bit : 0;
    const out = new Float64Array(this.data.length);
    for (let r = 0; r < d; r++) {
      if ((r & bit) !== want) continue;
      for (let c = 0; c < d; c++) {
        if ((c & bit) !== want) continue;
        out[2 * (r * d + c)] = this.data[2 * (r * d + c)];
        out[2 * (r * d + c) + 1] = this.data[2 * (r * d + c) + 1];
      }
    }
    return new DensityMatrix(this.numQubits, out);
  }

  /** this ← a·this + b·other. */
  combine(a: number, other: DensityMatrix, b: number): void {
    for (let i = 0; i < this.data.length; i++) this.data[i] = a * this.data[i] + b * other.data[i];
  }

  scale(a: number): void {
    for (let i = 0; i < this.data.length; i++) this.data[i] *= a;
  }
}
