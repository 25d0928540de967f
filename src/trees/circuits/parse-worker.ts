// The circuit parser's thread: circuits committed below /circuits are parsed
// and measured here, so the FUSE loop goes on serving (the next file of a
// `cp -r`) while a large circuit parses on the other core.
import { describeCircuit } from './circuit-index.js';
import { warmUpParser } from './parser-warm-up.js';
import { serveRequests, type Numbered } from '../worker-protocol.js';

export type ParseRequest = { op: 'describe'; ino: number; name: Uint8Array; content: Uint8Array; time: number };

// Requests arriving meanwhile wait in the port's queue.
warmUpParser();

serveRequests((req: Numbered<ParseRequest>) => {
  const bytes = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  return { result: describeCircuit(req.ino, bytes(req.name), bytes(req.content), req.time), transfer: [] };
});
