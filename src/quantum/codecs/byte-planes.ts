// Byte-plane shuffle: byte j of every element goes to plane j. Floating-point
// data then has its slowly varying sign/exponent bytes side by side, which a
// byte-oriented compressor like LZ4 can exploit (the blosc "shuffle" filter).

export function shuffleBytes(src: Uint8Array, width: number): Uint8Array {
  const count = Math.floor(src.length / width);
  const out = new Uint8Array(src.length);
  for (let j = 0; j < width; j++) {
    const plane = j * count;
    for (let i = 0; i < count; i++) out[plane + i] = src[i * width + j];
  }
  out.set(src.subarray(count * width), count * width);
  return out;
}

export function unshuffleBytes(src: Uint8Array, width: number): Uint8Array {
  const count = Math.floor(src.length / width);
  const out = new Uint8Array(src.length);
  for (let j = 0; j < width; j++) {
    const plane = j * count;
    for (let i = 0; i < count; i++) out[i * width + j] = src[plane + i];
  }
  out.set(src.subarray(count * width), count * width);
  return out;
}
