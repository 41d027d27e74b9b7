/*
 * SHA-256 over bytes as they stream past, so that inputs are hashed in
 * the pass that reads them and outputs in the pass that writes them.  On
 * an x86 CPU with the SHA extensions, our own code on them, which can
 * hash two streams at once (pp_sha256_update2: 3.2 GB/s for the pair
 * here, where one stream goes at 1.8, libcrypto's speed too); elsewhere
 * OpenSSL libcrypto's EVP.  A PpSha256 is owned by its user; free it with
 * pp_sha256_free().
 */
#pragma once

#include <glib.h>

typedef struct _PpSha256 PpSha256;

#define PP_SHA256_HEX 65 /* 64 hex digits and NUL */

PpSha256 *pp_sha256_new(void);
void pp_sha256_free(PpSha256 *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PpSha256, pp_sha256_free)

/* Starts over, forgetting everything fed so far. */
void pp_sha256_reset(PpSha256 *h);
void pp_sha256_update(PpSha256 *h, const void *data, gsize len);
/* Feeds da[0..la) to a and db[0..lb) to b, the two side by side where
 * both are native and have no partial block pending (so buffers of a
 * multiple of 64 bytes pair from end to end).  a and b differ. */
void pp_sha256_update2(PpSha256 *a, const void *da, gsize la, PpSha256 *b, const void *db,
    gsize lb);

/* For tests: with on FALSE, hashers created from now on use libcrypto
 * even where the CPU has the SHA extensions; with TRUE, the native code
 * where it has them.  Returns whether it has them. */
gboolean pp_sha256_set_native(gboolean on);

/* Writes the lowercase hex digest of everything fed into hex; returns hex. */
char *pp_sha256_hex(PpSha256 *h, char hex[PP_SHA256_HEX]);
