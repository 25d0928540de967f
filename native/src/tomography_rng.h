/* The shot streams of Pauli tomography, bit for bit those of the TypeScript
 * side: xoshiro128** seeded through splitmix32 (createRng in
 * src/quantum/sim/rng.ts), one stream per last-level node of the setting tree
 * with the seed shotStreamSeed(base, node) (src/quantum/tomography/
 * shot-streams.ts). A stream per node makes the shots independent of how the
 * tree is cut into pieces and of how many threads walk it. */
#ifndef QFS_TOMOGRAPHY_RNG_H
#define QFS_TOMOGRAPHY_RNG_H

#include <stdint.h>

typedef struct {
  uint32_t a, b, c, d;
} qfs_xoshiro128;

#define QFS_GOLDEN_GAMMA 0x9e3779b9u

/* murmur3's finaliser: a bijection of 32-bit words (splitmix32's output step). */
static inline uint32_t qfs_fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  return h ^ (h >> 16);
}

/* Distinct nodes get distinct seeds: every step is a bijection of `node`. */
static inline uint32_t qfs_shot_stream_seed(uint32_t base, uint32_t node) {
  return qfs_fmix32(base ^ qfs_fmix32(node + QFS_GOLDEN_GAMMA));
}

static inline qfs_xoshiro128 qfs_xoshiro128_seeded(uint32_t seed) {
  qfs_xoshiro128 s;
  uint32_t x = seed;
  x += QFS_GOLDEN_GAMMA;
  s.a = qfs_fmix32(x);
  x += QFS_GOLDEN_GAMMA;
  s.b = qfs_fmix32(x);
  x += QFS_GOLDEN_GAMMA;
  s.c = qfs_fmix32(x);
  x += QFS_GOLDEN_GAMMA;
  s.d = qfs_fmix32(x);
  if ((s.a | s.b | s.c | s.d) == 0) s.a = 1;
  return s;
}

static inline uint32_t qfs_rotl32(uint32_t v, int k) {
  return (v << k) | (v >> (32 - k));
}

static inline uint32_t qfs_xoshiro128_next(qfs_xoshiro128 *s) {
  const uint32_t result = qfs_rotl32(s->b * 5u, 7) * 9u;
  const uint32_t t = s->b << 9;
  s->c ^= s->a;
  s->d ^= s->b;
  s->b ^= s->c;
  s->a ^= s->d;
  s->c ^= t;
  s->d = qfs_rotl32(s->d, 11);
  return result;
}

#endif
