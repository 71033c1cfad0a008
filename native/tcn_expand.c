// tcn_expand: the matcher's batch path. Expands many reports (rvk, tck_{j1-1}, j1, j2) into their
// TCNs, TCN_LANES hash chains in lock step so the SHA unit never waits on one chain, and either
// writes every TCN out or probes each against the fleet's heard-TCN table and returns only hits.
//
// A report record is 72 bytes: rvk[32] tckBefore[32] j1 (u16 LE) j2 (u16 LE) 4 bytes unused.
// The heard table is open addressing over TCN prefixes: slot k = words 2k, 2k+1 (bytes 0..3 and
// 4..7 of the TCN, little endian), (0, 0) empty; host/match/heard-set.ts builds it with the same hash.
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdlib.h>
#include <string.h>
#include "sha256_lanes.h"
#include "ed25519_verify.h"

#define RECORD_BYTES 72
#define HIT_BYTES 24

typedef void (*lanes_fn)(lane_state *, const lane_block *);

typedef struct {
  const uint32_t *table;
  uint32_t mask, seed0, seed1;
  int zero_heard;
  uint8_t *hits;
  size_t hit_count, hit_capacity;
  int failed;
} probe_t;

static inline uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

static inline uint32_t slot_of(uint32_t w0, uint32_t w1, uint32_t s0, uint32_t s1) {
  uint32_t h = (w0 ^ s0) * 0x9E3779B1u;
  h ^= w1 ^ s1;
  h = (h ^ (h >> 16)) * 0x85EBCA6Bu;
  return h ^ (h >> 13);
}

/* A TCN waiting for its probe: the slot is prefetched one hash step ahead, so the table's cache
 * miss (a fleet's table is megabytes) overlaps the next compressions instead of stalling. */
typedef struct {
  int pending;
  uint32_t report, index, w0, w1, slot;
  uint8_t tcn[16];
} pending_t;

static void prepare(probe_t *p, pending_t *q, uint32_t report, uint32_t index, const uint8_t *tcn) {
  q->pending = 1;
  q->report = report;
  q->index = index;
  q->w0 = le32(tcn);
  q->w1 = le32(tcn + 4);
  q->slot = slot_of(q->w0, q->w1, p->seed0, p->seed1) & p->mask;
  memcpy(q->tcn, tcn, 16);
  __builtin_prefetch(&p->table[2 * q->slot]);
}

static void probe(probe_t *p, pending_t *q) {
  if (!q->pending) return;
  q->pending = 0;
  uint32_t w0 = q->w0, w1 = q->w1;
  int found = 0;
  if (w0 == 0 && w1 == 0) {
    found = p->zero_heard;
  } else {
    for (uint32_t k = q->slot;; k = (k + 1) & p->mask) {
      uint32_t a = p->table[2 * k], b = p->table[2 * k + 1];
      if (a == w0 && b == w1) { found = 1; break; }
      if (a == 0 && b == 0) break;
    }
  }
  if (!found) return;
  if (p->hit_count == p->hit_capacity) {
    size_t cap = p->hit_capacity ? p->hit_capacity * 2 : 256;
    uint8_t *grown = realloc(p->hits, cap * HIT_BYTES);
    if (!grown) { p->failed = 1; return; }
    p->hits = grown;
    p->hit_capacity = cap;
  }
  uint8_t *h = p->hits + p->hit_count++ * HIT_BYTES;
  memcpy(h, &q->report, 4);
  memcpy(h + 4, &q->index, 4);
  memcpy(h + 8, q->tcn, 16);
}

typedef struct {
  int active;
  uint32_t report, index, last;
  uint8_t *out;
} lane_t;

static void put_be(uint8_t *dst, const uint32_t *words, int n) {
  for (int i = 0; i < n; i++) {
    dst[4 * i] = words[i] >> 24; dst[4 * i + 1] = words[i] >> 16; dst[4 * i + 2] = words[i] >> 8; dst[4 * i + 3] = words[i];
  }
}

static const uint8_t H_TCK[5] = {'H', '_', 'T', 'C', 'K'}, H_TCN[5] = {'H', '_', 'T', 'C', 'N'};

/* Loads the next report with at least one TCN into the lane; 0 when the batch is used up. */
static int start_lane(lane_t *lane, lane_block b1, lane_block b2, lane_block bt, const uint8_t *records, size_t count, size_t *next, uint8_t **out) {
  while (*next < count) {
    const uint8_t *r = records + *next * RECORD_BYTES;
    uint32_t j1 = r[64] | r[65] << 8, j2 = r[66] | r[67] << 8;
    uint32_t report = (uint32_t)(*next)++;
    if (j2 < j1) continue;
    // Ratchet input "H_TCK" || rvk || tck (69 bytes, two blocks); TCN input "H_TCN" || le16 i || tck (39 bytes, one block).
    memset(b1, 0, 64); memset(b2, 0, 64); memset(bt, 0, 64);
    memcpy(b1, H_TCK, 5); memcpy(b1 + 5, r, 32); memcpy(b1 + 37, r + 32, 27); memcpy(b2, r + 59, 5);
    b2[5] = 0x80; b2[62] = (69 * 8) >> 8; b2[63] = (69 * 8) & 0xff;
    memcpy(bt, H_TCN, 5); bt[39] = 0x80; bt[62] = (39 * 8) >> 8; bt[63] = (39 * 8) & 0xff;
    lane->active = 1; lane->report = report; lane->index = j1; lane->last = j2;
    lane->out = NULL;
    if (out) { lane->out = *out; *out += (size_t)(j2 - j1 + 1) * 16; }
    return 1;
  }
  lane->active = 0;
  return 0;
}

/* The expansion loop shared by expand (out != NULL) and probe (p != NULL). */
static void expand_batch(lanes_fn compress, const uint8_t *records, size_t count, uint8_t *out, probe_t *p) {
  lane_t lanes[TCN_LANES];
  lane_block b1[TCN_LANES], b2[TCN_LANES], bt[TCN_LANES];
  lane_state st[TCN_LANES];
  uint8_t tck[32], digest[32];
  pending_t pending[TCN_LANES] = {0};
  size_t next = 0;
  int active = 0;
  for (int l = 0; l < TCN_LANES; l++) active += start_lane(&lanes[l], b1[l], b2[l], bt[l], records, count, &next, out ? &out : NULL);
  while (active > 0) {
    for (int l = 0; l < TCN_LANES; l++) memcpy(st[l], SHA256_IV, 32);
    compress(st, (const lane_block *)b1);
    if (p) for (int l = 0; l < TCN_LANES; l++) probe(p, &pending[l]);
    compress(st, (const lane_block *)b2);
    for (int l = 0; l < TCN_LANES; l++) {
      put_be(tck, st[l], 8);
      memcpy(b1[l] + 37, tck, 27); memcpy(b2[l], tck + 27, 5);
      memcpy(bt[l] + 7, tck, 32); bt[l][5] = lanes[l].index & 0xff; bt[l][6] = lanes[l].index >> 8;
      memcpy(st[l], SHA256_IV, 32);
    }
    compress(st, (const lane_block *)bt);
    for (int l = 0; l < TCN_LANES; l++) {
      lane_t *lane = &lanes[l];
      if (!lane->active) continue;  // an idle lane hashes stale input; its result is dropped
      put_be(digest, st[l], 4);
      if (lane->out) { memcpy(lane->out, digest, 16); lane->out += 16; }
      if (p) prepare(p, &pending[l], lane->report, lane->index, digest);
      if (lane->index++ == lane->last) active -= 1 - start_lane(lane, b1[l], b2[l], bt[l], records, count, &next, out ? &out : NULL);
    }
  }
  if (p) for (int l = 0; l < TCN_LANES; l++) probe(p, &pending[l]);
}

/* ---- N-API glue ---- */

#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, "tcn_expand: " #call " failed"); return NULL; } } while (0)

static lanes_fn pick(napi_env env, napi_value flag) {
  bool use = false;
  napi_get_value_bool(env, flag, &use);
  return use && sha_ni_available() ? sha256_lanes_shani : sha256_lanes_portable;
}

static int typed_bytes(napi_env env, napi_value v, void **data, size_t *bytes) {
  napi_typedarray_type type;
  size_t length, offset;
  napi_value buffer;
  if (napi_get_typedarray_info(env, v, &type, &length, data, &buffer, &offset) != napi_ok) return 0;
  *bytes = type == napi_uint32_array ? length * 4 : length;
  return 1;
}

static size_t tcn_total(const uint8_t *records, size_t count) {
  size_t total = 0;
  for (size_t i = 0; i < count; i++) {
    const uint8_t *r = records + i * RECORD_BYTES;
    uint32_t j1 = r[64] | r[65] << 8, j2 = r[66] | r[67] << 8;
    if (j2 >= j1) total += j2 - j1 + 1;
  }
  return total;
}

/* expand(records: Uint8Array, out: Uint8Array, shaNi: boolean): TCNs of every record, packed. */
static napi_value expand(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  void *rec, *out;
  size_t rec_bytes, out_bytes;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 3 || !typed_bytes(env, argv[0], &rec, &rec_bytes) || !typed_bytes(env, argv[1], &out, &out_bytes) || rec_bytes % RECORD_BYTES) {
    napi_throw_type_error(env, NULL, "expand(records, out, shaNi): records must be a Uint8Array of 72-byte records, out a Uint8Array");
    return NULL;
  }
  size_t count = rec_bytes / RECORD_BYTES;
  if (out_bytes != tcn_total(rec, count) * 16) {
    napi_throw_range_error(env, NULL, "expand: out must hold exactly 16 bytes per TCN of the batch");
    return NULL;
  }
  expand_batch(pick(env, argv[2]), rec, count, out, NULL);
  return NULL;
}

/* probe(records, table: Uint32Array, seed0, seed1, zeroHeard, shaNi): ArrayBuffer of 24-byte hits. */
static napi_value probe_batch(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  void *rec, *table;
  size_t rec_bytes, table_bytes;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 6 || !typed_bytes(env, argv[0], &rec, &rec_bytes) || !typed_bytes(env, argv[1], &table, &table_bytes) || rec_bytes % RECORD_BYTES) {
    napi_throw_type_error(env, NULL, "probe(records, table, seed0, seed1, zeroHeard, shaNi): bad arguments");
    return NULL;
  }
  size_t slots = table_bytes / 8;
  if (slots == 0 || (slots & (slots - 1))) {
    napi_throw_range_error(env, NULL, "probe: the table must have a power-of-two number of 8-byte slots");
    return NULL;
  }
  probe_t p = {0};
  p.table = table;
  p.mask = (uint32_t)(slots - 1);
  bool zero = false;
  CHECK(napi_get_value_uint32(env, argv[2], &p.seed0));
  CHECK(napi_get_value_uint32(env, argv[3], &p.seed1));
  CHECK(napi_get_value_bool(env, argv[4], &zero));
  p.zero_heard = zero;
  expand_batch(pick(env, argv[5]), rec, rec_bytes / RECORD_BYTES, NULL, &p);
  if (p.failed) {
    free(p.hits);
    napi_throw_error(env, NULL, "probe: out of memory for hits");
    return NULL;
  }
  void *data;
  napi_value result;
  CHECK(napi_create_arraybuffer(env, p.hit_count * HIT_BYTES, &data, &result));
  if (p.hit_count) memcpy(data, p.hits, p.hit_count * HIT_BYTES);
  free(p.hits);
  return result;
}

/* compressions(n, shaNi): n rounds of TCN_LANES independent compressions; the SHA-256 limit. */
static napi_value compressions(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  uint32_t n = 0;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_get_value_uint32(env, argv[0], &n));
  lanes_fn compress = pick(env, argv[1]);
  lane_state st[TCN_LANES];
  lane_block b[TCN_LANES];
  memset(b, 0x5a, sizeof b);
  for (int l = 0; l < TCN_LANES; l++) memcpy(st[l], SHA256_IV, 32);
  for (uint32_t i = 0; i < n; i++) {
    compress(st, (const lane_block *)b);
    // the states chain from one compression to the next: nothing folds away
  }
  napi_value result;
  CHECK(napi_create_uint32(env, st[0][0], &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn, value;
  CHECK(napi_create_function(env, "expand", NAPI_AUTO_LENGTH, expand, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "expand", fn));
  CHECK(napi_create_function(env, "probe", NAPI_AUTO_LENGTH, probe_batch, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "probe", fn));
  CHECK(napi_create_function(env, "compressions", NAPI_AUTO_LENGTH, compressions, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "compressions", fn));
  CHECK(napi_get_boolean(env, sha_ni_available(), &value));
  CHECK(napi_set_named_property(env, exports, "shaNi", value));
  CHECK(napi_create_uint32(env, TCN_LANES, &value));
  CHECK(napi_set_named_property(env, exports, "lanes", value));
  if (!register_verify(env, exports)) {
    napi_throw_error(env, NULL, "tcn_expand: could not add verify()");
    return NULL;
  }
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
