// The system OpenSSL libcrypto (apt libssl-dev), for SHA-256 and MD5.
//
// The index hashes tens of millions of terms per scan with HMAC-SHA256. HMAC's inner and
// outer states after the key block are plain structs here (SHA256_CTX), so a hasher keys
// them once and copies them per term: two compressions and no allocation per term, with
// OpenSSL's SHA-NI/AVX2 code. These low-level calls are deprecated in OpenSSL 3 in favour
// of EVP, whose contexts are heap objects; they remain exported and supported.
#ifndef FOOTPRINT_CLIBCRYPTO_SHIM_H
#define FOOTPRINT_CLIBCRYPTO_SHIM_H
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <string.h>

// HMAC-SHA256 of `length` bytes at `message`, given the states after absorbing
// key^ipad (`inner`) and key^opad (`outer`); writes the 32-byte code to `code`.
static inline void footprint_hmac_sha256(const SHA256_CTX *inner, const SHA256_CTX *outer,
                                         const void *message, size_t length, unsigned char code[32]) {
    SHA256_CTX context = *inner;
    SHA256_Update(&context, message, length);
    SHA256_Final(code, &context);
    context = *outer;
    SHA256_Update(&context, code, 32);
    SHA256_Final(code, &context);
}

#endif
