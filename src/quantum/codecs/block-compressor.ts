/**
 * A general-purpose byte compressor, supplied by the caller so that the
 * filesystem can pass its native lz4 and tests a pure one.
 */
export interface BlockCompressor {
  compress(bytes: Uint8Array): Uint8Array;
  decompress(bytes: Uint8Array, rawLength: number): Uint8Array;
}

/** Stores bytes as they are. */
export const identityCompressor: BlockCompressor = {
  compress: (b) => Uint8Array.from(b),
  decompress: (b) => Uint8Array.from(b),
};
