/** What is wrong with a .npy byte stream. */
export type NpyErrorReason =
  | 'magic'
  | 'version'
  | 'header-length'
  | 'header-syntax'
  | 'header-keys'
  | 'dtype'
  | 'shape'
  | 'truncated'
  | 'trailing-bytes'
  | 'array';

/** A .npy stream that cannot be read or an array that cannot be written. */
export class NpyError extends Error {
  override readonly name = 'NpyError';
  constructor(readonly reason: NpyErrorReason, message: string) {
    super(`npy: ${message}`);
  }
}
