// Ed25519 verification of many signed reports in one call, on the OpenSSL that node itself carries
// (node exports its symbols to addons). Per report this is what node:crypto.verify does with a raw
// key (EVP_PKEY_new_raw_public_key, then EVP_DigestVerify) without the JS layer around each call:
// the key object, the JWK and its base64, argument checks, the garbage. Built only where OpenSSL's
// headers are beside node's; otherwise the addon has no `verify` and the matcher verifies in JS.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* RTLD_DEFAULT, in glibc's dlfcn.h */
#endif
#define NAPI_VERSION 8
#include <node_api.h>
#include "ed25519_verify.h"

#if defined(__has_include)
#if __has_include(<openssl/evp.h>)
#define TCN_HAVE_OPENSSL 1
#endif
#endif

#ifdef TCN_HAVE_OPENSSL
#include <openssl/err.h>
#include <openssl/evp.h>
#ifndef _WIN32
#include <dlfcn.h>
#endif

#define SIGNATURE_BYTES 64
#define KEY_BYTES 32

static int typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *length) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  return napi_get_typedarray_info(env, v, &type, length, data, &buffer, &offset) == napi_ok && type == want;
}

static int verify_one(EVP_MD_CTX *ctx, const uint8_t *report, size_t length) {
  EVP_PKEY *key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, report, KEY_BYTES);
  if (key == NULL) return 0;
  size_t body = length - SIGNATURE_BYTES;
  int ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) == 1 && EVP_DigestVerify(ctx, report + body, SIGNATURE_BYTES, report, body) == 1;
  EVP_PKEY_free(key);
  EVP_MD_CTX_reset(ctx);
  return ok;
}

/* verify(bytes: Uint8Array, spans: Uint32Array, valid: Uint8Array): span k is [spans[2k], spans[2k+1])
 * of bytes, a signed report (body opening with its rvk, then the signature); valid[k] = 1 when it holds. */
static napi_value verify(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  void *bytes, *spans, *valid;
  size_t n_bytes, n_spans, n_valid;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3 || !typed(env, argv[0], napi_uint8_array, &bytes, &n_bytes) ||
      !typed(env, argv[1], napi_uint32_array, &spans, &n_spans) || !typed(env, argv[2], napi_uint8_array, &valid, &n_valid) || n_spans != 2 * n_valid) {
    napi_throw_type_error(env, NULL, "verify(bytes, spans, valid): a Uint8Array, a Uint32Array of [start, end) pairs, a Uint8Array of one flag per pair");
    return NULL;
  }
  const uint32_t *span = spans;
  for (size_t k = 0; k < n_valid; k++) {
    if (span[2 * k] > span[2 * k + 1] || span[2 * k + 1] > n_bytes || span[2 * k + 1] - span[2 * k] < KEY_BYTES + SIGNATURE_BYTES) {
      napi_throw_range_error(env, NULL, "verify: a span lies outside the bytes or is shorter than an rvk and a signature");
      return NULL;
    }
  }
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (ctx == NULL) {
    napi_throw_error(env, NULL, "verify: out of memory for a digest context");
    return NULL;
  }
  uint8_t *out = valid;
  for (size_t k = 0; k < n_valid; k++) out[k] = (uint8_t)verify_one(ctx, (const uint8_t *)bytes + span[2 * k], span[2 * k + 1] - span[2 * k]);
  EVP_MD_CTX_free(ctx);
  // A refused key or signature leaves its reason in this thread's error queue: nothing reads it.
  ERR_clear_error();
  return NULL;
}

/* Whether the node running us exports the OpenSSL functions verify() calls. A node linked
 * otherwise would load this addon (functions bind lazily) and then die at the first call; so
 * verify() is only offered where they resolve, and the matcher falls back to node:crypto. */
static int openssl_exported(void) {
#ifdef _WIN32
  return 1; /* linked against node.lib at build: a missing export fails the build, not a call */
#else
  static const char *names[] = {"EVP_PKEY_new_raw_public_key", "EVP_PKEY_free", "EVP_MD_CTX_new", "EVP_MD_CTX_free", "EVP_MD_CTX_reset",
                                "EVP_DigestVerifyInit", "EVP_DigestVerify", "ERR_clear_error"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (dlsym(RTLD_DEFAULT, names[i]) == NULL) return 0;
  return 1;
#endif
}

int register_verify(napi_env env, napi_value exports) {
  napi_value fn;
  if (!openssl_exported()) return 1;
  return napi_create_function(env, "verify", NAPI_AUTO_LENGTH, verify, NULL, &fn) == napi_ok && napi_set_named_property(env, exports, "verify", fn) == napi_ok;
}
#else
int register_verify(napi_env env, napi_value exports) {
  (void)env;
  (void)exports;
  return 1;
}
#endif
