/* Pauli expansions of n-qubit operators (src/quantum/tomography/pauli-basis.ts
 * in C, bit for bit): ⟨P⟩ = Tr(P ρ) for all 4^n Pauli strings, and back.
 * Matrices are interleaved (re, im) row-major 2^n×2^n; Pauli string p has
 * base-4 digit k (I, X, Y, Z) for qubit k. Plain C, no N-API. */
#ifndef QFS_TOMOGRAPHY_PAULI_H
#define QFS_TOMOGRAPHY_PAULI_H

/* The largest n: a 2^12×2^12 matrix is 256 MiB already. */
#define QFS_PAULI_MAX_QUBITS 12

/* Each runs on `threads` threads (the caller's included) and returns NULL,
 * or what failed (out of memory). */

/* ρ in `work` (overwritten) → out (4^n doubles). */
const char *qfs_pauli_from_density(double *work, int n, double *out, int threads);

/* |ψ⟩⟨ψ| of psi (2·2^n doubles) → out (4^n); work: 2·4^n doubles of scratch. */
const char *qfs_pauli_from_state(const double *psi, int n, double *work, double *out, int threads);

/* ρ = 2^{−n} Σ_P ⟨P⟩ P from the 4^n expectations into rho (2·4^n doubles). */
const char *qfs_density_from_pauli(const double *expectations, int n, double *rho, int threads);

#endif
