// OpenSSL's libcrypto, for SHA-256 (migration checksums, file digests).
#ifndef GSAN_CCRYPTO_SHIM_H
#define GSAN_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#endif
