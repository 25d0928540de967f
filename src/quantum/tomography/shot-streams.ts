// The random streams of simulated Pauli tomography: one per last-level node
// of the setting tree (the three settings that differ only in qubit n−1's
// basis), seeded from a 32-bit base and the node's index. Because no stream
// crosses nodes, the shots do not depend on the order in which nodes are
// visited, on how the tree is cut into pieces, or on how many threads walk it;
// the native kernel (native/src/tomography_rng.h) computes the same streams.

import { createRng, type Rng } from '../sim/rng.js';

const GOLDEN_GAMMA = 0x9e3779b9;

/** murmur3's 32-bit finaliser: a bijection, so distinct nodes get distinct seeds. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The seed of node `node`'s stream (node: the index of its X setting, < 3^{n−1}). */
export function shotStreamSeed(base: number, node: number): number {
  return fmix32((base ^ fmix32((node + GOLDEN_GAMMA) >>> 0)) >>> 0);
}

export function shotStream(base: number, node: number): Rng {
  return createRng(shotStreamSeed(base, node));
}
