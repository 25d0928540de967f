/** A state blob that cannot be decoded, or a request a codec cannot honour. */
export class CodecError extends Error {
  override readonly name = 'CodecError';
}
