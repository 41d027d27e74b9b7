#include "sha256.h"

#include <openssl/evp.h>
#include <stdint.h>
#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define PP_SHA_NATIVE 1
#include <cpuid.h>
#include <immintrin.h>
#else
#define PP_SHA_NATIVE 0
#endif

struct _PpSha256 {
	EVP_MD_CTX *ctx;	/* libcrypto's, or NULL: the native code below */
	guint32 state[8];
	guint8 block[64];	/* bytes fed but not compressed yet: fill of them */
	gsize fill;
	guint64 total;		/* bytes fed */
};

static const guint32 initial[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

#if PP_SHA_NATIVE
static const guint32 round_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/*
 * Compresses nblocks blocks of 64 bytes from each of `lanes` (1 or 2)
 * streams: data[l] into state[l], with the x86 SHA extensions (the scheme
 * of Intel's public-domain sample code: the state as ABEF and CDGH, four
 * message words a step).  A stream's rounds are a chain, each waiting for
 * the one before (1.8 GB/s here, as libcrypto); two streams' chains
 * interleave (3.2 GB/s for both).  Returns nothing; the caller has
 * checked the CPU has the extensions (cpu_has_sha).
 */
SHA_TARGET static inline __attribute__((always_inline)) void
compress_lanes(int lanes, guint32 *state[2], const guint8 *data[2], gsize nblocks)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i s0[2], s1[2];
	const guint8 *d[2] = { data[0], data[1] };

	for (int l = 0; l < lanes; l++) {
		__m128i t = _mm_loadu_si128((const __m128i *)(const void *)&state[l][0]);
		s1[l] = _mm_loadu_si128((const __m128i *)(const void *)&state[l][4]);
		t = _mm_shuffle_epi32(t, 0xB1);			/* CDAB */
		s1[l] = _mm_shuffle_epi32(s1[l], 0x1B);		/* EFGH */
		s0[l] = _mm_alignr_epi8(t, s1[l], 8);		/* ABEF */
		s1[l] = _mm_blend_epi16(s1[l], t, 0xF0);	/* CDGH */
	}
	while (nblocks-- > 0) {
		__m128i abef[2], cdgh[2], w[2][4], k[2];

		for (int l = 0; l < lanes; l++) {
			abef[l] = s0[l];
			cdgh[l] = s1[l];
			for (int i = 0; i < 4; i++)
				w[l][i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(d[l] + 16 * i)), bswap);
		}
		/* unrolled, so that w[][] lives in registers */
#pragma GCC unroll 16
		for (int r = 0; r < 16; r++) {
			__m128i rk = _mm_loadu_si128((const __m128i *)(const void *)&round_k[4 * r]);

			for (int l = 0; l < lanes; l++) {
				__m128i *m = &w[l][r & 3];
				if (r >= 4) {
					/* words 4r..4r+3 from the sixteen before */
					__m128i w7 = _mm_alignr_epi8(w[l][(r - 1) & 3], w[l][(r - 2) & 3], 4);
					*m = _mm_sha256msg1_epu32(*m, w[l][(r - 3) & 3]);
					*m = _mm_add_epi32(*m, w7);
					*m = _mm_sha256msg2_epu32(*m, w[l][(r - 1) & 3]);
				}
				k[l] = _mm_add_epi32(*m, rk);
			}
			for (int l = 0; l < lanes; l++)
				s1[l] = _mm_sha256rnds2_epu32(s1[l], s0[l], k[l]);
			for (int l = 0; l < lanes; l++)
				s0[l] = _mm_sha256rnds2_epu32(s0[l], s1[l], _mm_shuffle_epi32(k[l], 0x0E));
		}
		for (int l = 0; l < lanes; l++) {
			s0[l] = _mm_add_epi32(s0[l], abef[l]);
			s1[l] = _mm_add_epi32(s1[l], cdgh[l]);
			d[l] += 64;
		}
	}
	for (int l = 0; l < lanes; l++) {
		__m128i t = _mm_shuffle_epi32(s0[l], 0x1B);	/* FEBA */
		s1[l] = _mm_shuffle_epi32(s1[l], 0xB1);		/* DCHG */
		s0[l] = _mm_blend_epi16(t, s1[l], 0xF0);	/* DCBA */
		s1[l] = _mm_alignr_epi8(s1[l], t, 8);		/* HGFE */
		_mm_storeu_si128((__m128i *)(void *)&state[l][0], s0[l]);
		_mm_storeu_si128((__m128i *)(void *)&state[l][4], s1[l]);
	}
}

/* Returns whether this CPU has the SHA extensions and the SSE levels
 * compress_lanes uses. */
static gboolean
cpu_has_sha(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1))
		return FALSE;
	if (__get_cpuid_max(0, NULL) < 7)
		return FALSE;
	__cpuid_count(7, 0, a, b, c, d);
	return (b & bit_SHA) != 0;
}
#else
#define SHA_TARGET

/* Never called: without the extensions every hasher is libcrypto's. */
static void
compress_lanes(int lanes, guint32 *state[2], const guint8 *data[2], gsize nblocks)
{
	g_assert_not_reached();
}

static gboolean
cpu_has_sha(void)
{
	return FALSE;
}
#endif

/* Compresses nblocks blocks of data into state. */
SHA_TARGET static void
compress1(guint32 state[8], const guint8 *data, gsize nblocks)
{
	guint32 *st[2] = { state, NULL };
	const guint8 *d[2] = { data, NULL };

	compress_lanes(1, st, d, nblocks);
}

/* Compresses nblocks blocks of a into sa and as many of b into sb. */
SHA_TARGET static void
compress2(guint32 sa[8], const guint8 *a, guint32 sb[8], const guint8 *b, gsize nblocks)
{
	guint32 *st[2] = { sa, sb };
	const guint8 *d[2] = { a, b };

	compress_lanes(2, st, d, nblocks);
}


/* How new hashers hash: 1 native, 2 libcrypto, 0 not decided yet. */
static gint choice;

/* Returns whether new hashers use the native code. */
static gboolean
use_native(void)
{
	gint c = g_atomic_int_get(&choice);

	if (c == 0) {
		c = cpu_has_sha() ? 1 : 2;
		g_atomic_int_set(&choice, c);
	}
	return c == 1;
}

gboolean
pp_sha256_set_native(gboolean on)
{
	gboolean has = cpu_has_sha();

	g_atomic_int_set(&choice, on && has ? 1 : 2);
	return has;
}

PpSha256 *
pp_sha256_new(void)
{
	PpSha256 *h = g_new0(PpSha256, 1);

	if (!use_native()) {
		h->ctx = EVP_MD_CTX_new();
		if (h->ctx == NULL)
			g_error("out of memory");
	}
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
	if (h->ctx != NULL) {
		if (EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1)
			g_error("SHA-256 is not available");
		return;
	}
	memcpy(h->state, initial, sizeof(initial));
	h->fill = 0;
	h->total = 0;
}

void
pp_sha256_update(PpSha256 *h, const void *data, gsize len)
{
	const guint8 *p = data;

	if (h->ctx != NULL) {
		EVP_DigestUpdate(h->ctx, data, len);
		return;
	}
	h->total += len;
	if (h->fill > 0) {
		gsize take = MIN(len, sizeof(h->block) - h->fill);

		memcpy(h->block + h->fill, p, take);
		h->fill += take;
		p += take;
		len -= take;
		if (h->fill < sizeof(h->block))
			return;
		compress1(h->state, h->block, 1);
		h->fill = 0;
	}
	compress1(h->state, p, len / 64);
	p += len / 64 * 64;
	len %= 64;
	memcpy(h->block, p, len);
	h->fill = len;
}

void
pp_sha256_update2(PpSha256 *a, const void *da, gsize la, PpSha256 *b, const void *db, gsize lb)
{
	gsize both = MIN(la, lb) / 64 * 64;

	if (a->ctx == NULL && b->ctx == NULL && a->fill == 0 && b->fill == 0 && both > 0) {
		compress2(a->state, da, b->state, db, both / 64);
		a->total += both;
		b->total += both;
		da = (const guint8 *)da + both;
		db = (const guint8 *)db + both;
		la -= both;
		lb -= both;
	}
	pp_sha256_update(a, da, la);
	pp_sha256_update(b, db, lb);
}

/* Writes the digest of everything h (native) was fed into md; h is left
 * as it was. */
static void
native_digest(const PpSha256 *h, guint8 md[32])
{
	guint32 state[8];
	guint8 last[128] = { 0 };
	gsize n = h->fill + 9 <= 64 ? 64 : 128;
	guint64 bits = h->total * 8;

	memcpy(state, h->state, sizeof(state));
	memcpy(last, h->block, h->fill);
	last[h->fill] = 0x80;
	for (int i = 0; i < 8; i++)
		last[n - 1 - i] = (guint8)(bits >> (8 * i));
	compress1(state, last, n / 64);
	for (int i = 0; i < 8; i++) {
		md[4 * i] = (guint8)(state[i] >> 24);
		md[4 * i + 1] = (guint8)(state[i] >> 16);
		md[4 * i + 2] = (guint8)(state[i] >> 8);
		md[4 * i + 3] = (guint8)state[i];
	}
}

char *
pp_sha256_hex(PpSha256 *h, char hex[PP_SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];

	if (h->ctx != NULL) {
		unsigned int n = 0;
		EVP_MD_CTX *copy = EVP_MD_CTX_new();

		/* Digest a copy so h can go on being fed. */
		EVP_MD_CTX_copy_ex(copy, h->ctx);
		EVP_DigestFinal_ex(copy, md, &n);
		EVP_MD_CTX_free(copy);
		g_assert(n == 32);
	} else
		native_digest(h, md);
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
	return hex;
}
