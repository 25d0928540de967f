// On-disk layout of a chunk record inside a segment file. Each record is
// self-describing, so segments can be scanned (fsck, rebuild) without the
// metadata database:
//   0  'QFSC'            magic
//   4  u8  version (1)
//   5  u8  codec         0 = raw, 1 = lz4 block
//   6  u16 reserved
//   8  u32 rawLen        bytes after decoding
//   12 u32 storedLen     bytes of payload that follow the header
//   16 [32] sha256       of the raw bytes
//   48 payload
export const RECORD_MAGIC = 0x43534651; // 'QFSC' little-endian
export const RECORD_HEADER = 48;
export const CODEC_RAW = 0;
export const CODEC_LZ4 = 1;
/** Not a record on disk: bytes of a quantum-codec blob's expansion (see chunks.base). */
export const CODEC_SLICE = 2;

export interface RecordHeader {
  codec: number;
  rawLen: number;
  storedLen: number;
  hash: Buffer;
}

export function encodeHeader(h: RecordHeader): Buffer {
  const b = Buffer.alloc(RECORD_HEADER);
  b.writeUInt32LE(RECORD_MAGIC, 0);
  b.writeUInt8(1, 4);
  b.writeUInt8(h.codec, 5);
  b.writeUInt32LE(h.rawLen, 8);
  b.writeUInt32LE(h.storedLen, 12);
  h.hash.copy(b, 16);
  return b;
}

/** Parses a record header; undefined where the bytes are not one. */
export function decodeHeader(b: Buffer): RecordHeader | undefined {
  if (b.length < RECORD_HEADER || b.readUInt32LE(0) !== RECORD_MAGIC || b.readUInt8(4) !== 1) return undefined;
  return {
    codec: b.readUInt8(5),
    rawLen: b.readUInt32LE(8),
    storedLen: b.readUInt32LE(12),
    hash: Buffer.from(b.subarray(16, 48)),
  };
}

export const segmentName = (id: number): string => `${id.toString(16).padStart(8, '0')}.seg`;

export function parseSegmentName(name: string): number | undefined {
  const m = /^([0-9a-f]{8})\.seg$/.exec(name);
  return m ? parseInt(m[1]!, 16) : undefined;
}
