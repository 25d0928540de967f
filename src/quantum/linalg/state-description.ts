// Validation and description of a state array, for the user.qfs.* metadata:
// a vector of length 2^n is a state vector, a 2^n×2^n matrix a density
// matrix. Checks use one absolute tolerance, STATE_TOLERANCE = 1e-6:
//   state vector: |‖ψ‖² − 1| ≤ tol
//   density matrix: |Tr ρ − 1| ≤ tol, max |ρ_ij − conj(ρ_ji)| ≤ tol,
//     smallest eigenvalue ≥ −tol (checked up to MAX_PSD_CHECK_QUBITS)
// Purity is Tr ρ² (1 for a normalised vector). The entanglement entropy of a
// pure state is the von Neumann entropy, in bits, of the reduced state of
// qubits 0..⌊n/2⌋−1, from the Schmidt coefficients (eigenvalues of the Gram
// matrix of ψ reshaped at that cut), up to MAX_ENTROPY_QUBITS.
//
// The two eigenproblems are pluggable (StateDescriptionOptions): the
// TypeScript routines are the default and the reference, native ones may
// stand in (src/native-linalg.ts).

import { gramSpectrum as typescriptGramSpectrum, type GramSpectrum } from './gram-spectrum.js';
import { hermitianEigen, type HermitianEigensolver } from './hermitian-eigen.js';

export const STATE_TOLERANCE = 1e-6;
export const MAX_ENTROPY_QUBITS = 20;
export const MAX_PSD_CHECK_QUBITS = 10;

export interface StateDescription {
  kind: 'state-vector' | 'density-matrix' | 'not-a-state';
  valid: boolean;
  /** Why the array is not a valid state (empty when valid). */
  problems: string[];
  numQubits?: number;
  /** ‖ψ‖² for vectors. */
  norm?: number;
  /** Tr ρ for density matrices (real part). */
  trace?: number;
  /** Largest |ρ_ij − conj(ρ_ji)|. */
  hermiticityError?: number;
  minEigenvalue?: number;
  purity?: number;
  /** Half-cut entanglement entropy in bits (pure states only). */
  entanglementEntropy?: number;
}

export interface StateDescriptionOptions {
  /** Spectrum of ψ's Gram matrix at the half cut (entanglement entropy of vectors). */
  gramSpectrum?: GramSpectrum;
  /** Eigenvalues of density matrices (the positivity check). */
  eigensolver?: HermitianEigensolver;
}

/** `values`: complex128 interleaved in C order (see toComplexC), with the array's shape. */
export function describeState(values: Float64Array, shape: readonly number[], options: StateDescriptionOptions = {}): StateDescription {
  const pow2 = (x: number): boolean => x >= 1 && Number.isInteger(Math.log2(x));
  if (shape.length === 1 && pow2(shape[0])) return describeVector(values, Math.log2(shape[0]), options.gramSpectrum);
  if (shape.length === 2 && shape[0] === shape[1] && pow2(shape[0])) return describeMatrix(values, Math.log2(shape[0]), options.eigensolver);
  return { kind: 'not-a-state', valid: false, problems: [`shape (${shape.join(', ')}) is neither 2^n nor 2^n×2^n`] };
}

function describeVector(psi: Float64Array, n: number, spectrum?: GramSpectrum): StateDescription {
  let norm = 0;
  let finite = true;
  for (let i = 0; i < psi.length; i++) {
    if (!Number.isFinite(psi[i])) finite = false;
    norm += psi[i] * psi[i];
  }
  const problems: string[] = [];
  if (!finite) problems.push('contains NaN or infinity');
  else if (Math.abs(norm - 1) > STATE_TOLERANCE) problems.push(`norm² is ${norm}, not 1`);
  const d: StateDescription = { kind: 'state-vector', valid: problems.length === 0, problems, numQubits: n, norm, purity: finite ? norm * norm : undefined };
  if (finite && n >= 1 && n <= MAX_ENTROPY_QUBITS) d.entanglementEntropy = halfCutEntropy(psi, n, norm, spectrum);
  return d;
}

function describeMatrix(rho: Float64Array, n: number, eigensolver: HermitianEigensolver = hermitianEigen): StateDescription {
  const dim = 2 ** n;
  const problems: string[] = [];
  let trace = 0, traceIm = 0, herm = 0, purity = 0, finite = true;
  for (let i = 0; i < dim; i++) {
    trace += rho[2 * (i * dim + i)];
    traceIm += rho[2 * (i * dim + i) + 1];
    for (let j = 0; j < dim; j++) {
      const a = 2 * (i * dim + j), b = 2 * (j * dim + i);
      if (!Number.isFinite(rho[a]) || !Number.isFinite(rho[a + 1])) finite = false;
      herm = Math.max(herm, Math.hypot(rho[a] - rho[b], rho[a + 1] + rho[b + 1]));
      purity += rho[a] * rho[a] + rho[a + 1] * rho[a + 1];
    }
  }
  if (!finite) {
    return { kind: 'density-matrix', valid: false, problems: ['contains NaN or infinity'], numQubits: n };
  }
  if (Math.abs(trace - 1) > STATE_TOLERANCE || Math.abs(traceIm) > STATE_TOLERANCE) problems.push(`trace is ${trace}${traceIm ? ` + ${traceIm}i` : ''}, not 1`);
  if (herm > STATE_TOLERANCE) problems.push(`not Hermitian (max |ρ_ij − conj(ρ_ji)| = ${herm})`);
  const d: StateDescription = { kind: 'density-matrix', valid: false, problems, numQubits: n, trace, hermiticityError: herm, purity };
  if (herm <= STATE_TOLERANCE && n <= MAX_PSD_CHECK_QUBITS) {
    d.minEigenvalue = eigensolver(rho, dim).values[0];
    if (d.minEigenvalue < -STATE_TOLERANCE) problems.push(`not positive semidefinite (smallest eigenvalue ${d.minEigenvalue})`);
  }
  d.valid = problems.length === 0;
  return d;
}

/** Von Neumann entropy (bits) of qubits 0..⌊n/2⌋−1 of a pure state. */
export function halfCutEntropy(psi: Float64Array, n: number, norm = 1, spectrum: GramSpectrum = typescriptGramSpectrum): number {
  const rows = 2 ** Math.floor(n / 2), cols = 2 ** (n - Math.floor(n / 2));
  if (n < 2) return 0;
  const eig = spectrum(psi, rows, cols);
  let s = 0;
  for (const v of eig) {
    const p = v / norm;
    if (p > 1e-15) s -= p * Math.log2(p);
  }
  return s;
}
