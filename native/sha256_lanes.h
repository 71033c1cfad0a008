// SHA-256 compression of TCN_LANES independent (state, block) pairs at once: the lanes are
// interleaved so that one lane's rounds fill the latency of another's (a TCN chain is a strictly
// sequential hash chain, so one chain alone leaves the SHA unit idle most cycles).
#ifndef TCN_SHA256_LANES_H
#define TCN_SHA256_LANES_H
#include <stdint.h>

#define TCN_LANES 4

typedef uint32_t lane_state[8];
typedef uint8_t lane_block[64];

extern const uint32_t SHA256_IV[8];

void sha256_lanes_portable(lane_state *states, const lane_block *blocks);
/* Only when sha_ni_available(): the CPU's SHA extensions (x86 SHA-NI). */
void sha256_lanes_shani(lane_state *states, const lane_block *blocks);
int sha_ni_available(void);

#endif
