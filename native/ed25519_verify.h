#ifndef TCN_ED25519_VERIFY_H
#define TCN_ED25519_VERIFY_H
#include <node_api.h>
/* Adds verify() to the addon's exports where OpenSSL's headers were found; 0 when N-API failed. */
int register_verify(napi_env env, napi_value exports);
#endif
