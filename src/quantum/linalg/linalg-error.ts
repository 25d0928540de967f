/** A numerical routine met input it cannot handle (bad shape, no convergence). */
export class LinalgError extends Error {
  override readonly name = 'LinalgError';
}
