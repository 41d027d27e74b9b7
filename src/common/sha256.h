/*
 * SHA-256 over bytes as they stream past (OpenSSL libcrypto's EVP, which
 * uses the CPU's SHA instructions: about 3.5x GLib's GChecksum here), so
 * that inputs are hashed in the pass that reads them and outputs in the
 * pass that writes them.  A PpSha256 is owned by its user; free it with
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
/* Writes the lowercase hex digest of everything fed into hex; returns hex. */
char *pp_sha256_hex(PpSha256 *h, char hex[PP_SHA256_HEX]);
