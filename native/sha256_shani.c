// SHA-256 compression on x86 SHA-NI, TCN_LANES independent blocks interleaved instruction by
// instruction (the round sequence follows Intel's published SHA-NI example). sha256rnds2 has a
// latency of several cycles but issues every cycle or two: a single chain stalls on it, several
// independent chains keep the unit busy. Compiled for SHA-NI by function attribute, so the rest
// of the addon builds and runs on any x86-64; sha_ni_available() gates its use at run time.
#include "sha256_lanes.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#include <immintrin.h>

int sha_ni_available(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
  if (__get_cpuid_max(0, 0) < 7) return 0;
  __cpuid_count(7, 0, a, b, c, d);
  return ssse3 && sse41 && ((b >> 29) & 1);
}

#define SHANI __attribute__((target("sha,sse4.1,ssse3")))
#define LANES_LOOP _Pragma("GCC unroll 8") for (int l = 0; l < TCN_LANES; l++)

static const uint32_t K[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
    0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
    0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
    0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
    0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
    0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

SHANI void sha256_lanes_shani(lane_state *states, const lane_block *blocks) {
  const __m128i MASK = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i s0[TCN_LANES], s1[TCN_LANES], save0[TCN_LANES], save1[TCN_LANES], m[TCN_LANES][4], msg[TCN_LANES];
  LANES_LOOP {
    __m128i t = _mm_loadu_si128((const __m128i *)&states[l][0]);
    __m128i u = _mm_loadu_si128((const __m128i *)&states[l][4]);
    t = _mm_shuffle_epi32(t, 0xB1);         /* CDAB */
    u = _mm_shuffle_epi32(u, 0x1B);         /* EFGH */
    s0[l] = _mm_alignr_epi8(t, u, 8);       /* ABEF */
    s1[l] = _mm_blend_epi16(u, t, 0xF0);    /* CDGH */
    save0[l] = s0[l];
    save1[l] = s1[l];
    for (int k = 0; k < 4; k++) m[l][k] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks[l] + 16 * k)), MASK);
  }
#pragma GCC unroll 16
  for (int g = 0; g < 16; g++) {
    const __m128i k = _mm_load_si128((const __m128i *)&K[4 * g]);
    LANES_LOOP {
      msg[l] = _mm_add_epi32(m[l][g & 3], k);
      s1[l] = _mm_sha256rnds2_epu32(s1[l], s0[l], msg[l]);
    }
    if (g >= 3 && g <= 14) {
      LANES_LOOP {
        __m128i t = _mm_alignr_epi8(m[l][g & 3], m[l][(g + 3) & 3], 4);
        m[l][(g + 1) & 3] = _mm_sha256msg2_epu32(_mm_add_epi32(m[l][(g + 1) & 3], t), m[l][g & 3]);
      }
    }
    LANES_LOOP {
      msg[l] = _mm_shuffle_epi32(msg[l], 0x0E);
      s0[l] = _mm_sha256rnds2_epu32(s0[l], s1[l], msg[l]);
    }
    if (g >= 1 && g <= 12) {
      LANES_LOOP m[l][(g + 3) & 3] = _mm_sha256msg1_epu32(m[l][(g + 3) & 3], m[l][g & 3]);
    }
  }
  LANES_LOOP {
    __m128i a = _mm_add_epi32(s0[l], save0[l]);
    __m128i c = _mm_add_epi32(s1[l], save1[l]);
    __m128i t = _mm_shuffle_epi32(a, 0x1B);  /* FEBA */
    c = _mm_shuffle_epi32(c, 0xB1);          /* DCHG */
    _mm_storeu_si128((__m128i *)&states[l][0], _mm_blend_epi16(t, c, 0xF0)); /* DCBA */
    _mm_storeu_si128((__m128i *)&states[l][4], _mm_alignr_epi8(c, t, 8));    /* HGFE */
  }
}

#else
int sha_ni_available(void) { return 0; }
void sha256_lanes_shani(lane_state *states, const lane_block *blocks) { sha256_lanes_portable(states, blocks); }
#endif
