/** Bad tomography input: malformed counts.json, too many qubits, inconsistent options. */
export class TomographyError extends Error {
  override readonly name = 'TomographyError';
}
