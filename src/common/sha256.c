#include "sha256.h"

#include <openssl/evp.h>

struct _PpSha256 {
	EVP_MD_CTX *ctx;
};

PpSha256 *
pp_sha256_new(void)
{
	PpSha256 *h = g_new0(PpSha256, 1);
	h->ctx = EVP_MD_CTX_new();
	if (h->ctx == NULL)
		g_error("out of memory");
	pp_sha256_reset(h);
	return h;
}

void
pp_sha256_free(PpSha256 *h)
{
	if (h == NULL)
		return;
	EVP_MD_CTX_free(h->ctx);
	g_free(h);
}

void
pp_sha256_reset(PpSha256 *h)
{
	if (EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1)
		g_error("SHA-256 is not available");
}

void
pp_sha256_update(PpSha256 *h, const void *data, gsize len)
{
	EVP_DigestUpdate(h->ctx, data, len);
}

char *
pp_sha256_hex(PpSha256 *h, char hex[PP_SHA256_HEX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *copy = EVP_MD_CTX_new();

	/* Digest a copy so h can go on being fed. */
	EVP_MD_CTX_copy_ex(copy, h->ctx);
	EVP_DigestFinal_ex(copy, md, &n);
	EVP_MD_CTX_free(copy);
	for (unsigned int i = 0; i < n && i < 32; i++)
		g_snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[64] = '\0';
	return hex;
}
