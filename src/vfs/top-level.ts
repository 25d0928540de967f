// The three top-level trees; the root itself cannot be changed.
export const TOP_LEVEL = ['circuits', 'states', 'qubits'] as const;
