/* Unit tests: SHA-256, native and libcrypto, one stream and two (common/sha256). */
#include <openssl/evp.h>
#include <string.h>

#include "common/sha256.h"

/* Returns the hex digest of data[0..len) by libcrypto alone, in one call. */
static char *
reference(const guint8 *data, gsize len, char hex[PP_SHA256_HEX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	g_assert_cmpint(EVP_Digest(data, len, md, &n, EVP_sha256(), NULL), ==, 1);
	for (unsigned int i = 0; i < n; i++)
		g_snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return hex;
}

/* Returns a fresh hasher of the kind asked for (native when the CPU has
 * the extensions; libcrypto otherwise). */
static PpSha256 *
hasher(gboolean native)
{
	pp_sha256_set_native(native);
	return pp_sha256_new();
}

/* FIPS 180-2's examples, both kinds, in one piece and byte by byte. */
static void
test_vectors(void)
{
	static const struct {
		const char *text;
		const char *hex;
	} cases[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};

	for (int native = 0; native < 2; native++)
		for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
			g_autoptr(PpSha256) whole = hasher(native), bytes = hasher(native);
			char hex[PP_SHA256_HEX];
			gsize n = strlen(cases[i].text);

			pp_sha256_update(whole, cases[i].text, n);
			g_assert_cmpstr(pp_sha256_hex(whole, hex), ==, cases[i].hex);
			for (gsize k = 0; k < n; k++)
				pp_sha256_update(bytes, cases[i].text + k, 1);
			g_assert_cmpstr(pp_sha256_hex(bytes, hex), ==, cases[i].hex);
		}
	{
		/* a million 'a', in pieces of 4096 */
		g_autofree guint8 *a = g_malloc(4096);
		g_autoptr(PpSha256) h = hasher(TRUE);
		char hex[PP_SHA256_HEX];

		memset(a, 'a', 4096);
		for (gsize k = 0; k < 1000000; k += 4096)
			pp_sha256_update(h, a, MIN(4096, 1000000 - k));
		g_assert_cmpstr(pp_sha256_hex(h, hex), ==,
		    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
	pp_sha256_set_native(TRUE);
}

/* Random bytes in random pieces, the digest taken midway too, against
 * libcrypto in one call: every length of last block, pieces that end
 * mid-block and cross blocks. */
static void
test_pieces(void)
{
	g_autoptr(GRand) rng = g_rand_new_with_seed(180);
	gsize size = 70000;
	g_autofree guint8 *data = g_malloc(size);

	for (gsize i = 0; i < size; i++)
		data[i] = (guint8)g_rand_int(rng);
	for (int native = 0; native < 2; native++)
		for (int round = 0; round < 300; round++) {
			g_autoptr(PpSha256) h = hasher(native);
			char got[PP_SHA256_HEX], want[PP_SHA256_HEX];
			gsize len = round < 200 ? (gsize)round : (gsize)g_rand_int_range(rng, 0, (gint32)size);
			gsize mid = len / 3;

			for (gsize at = 0; at < len;) {
				gsize piece = (gsize)g_rand_int_range(rng, 0, 300);

				piece = MIN(len - at, piece);
				pp_sha256_update(h, data + at, piece);
				at += piece;
				if (at - piece <= mid && at > mid)
					/* a digest midway leaves the hasher as it was */
					pp_sha256_hex(h, got);
			}
			g_assert_cmpstr(pp_sha256_hex(h, got), ==, reference(data, len, want));
		}
	pp_sha256_set_native(TRUE);
}

/* Two streams side by side: equal and unequal lengths, block-aligned or
 * not, one with a partial block pending; each digest as its own. */
static void
test_two_streams(void)
{
	g_autoptr(GRand) rng = g_rand_new_with_seed(7);
	gsize size = 1 << 19;	/* more than the longest case: 129 + 2 * 200001 bytes */
	g_autofree guint8 *a = g_malloc(size), *b = g_malloc(size);
	static const gsize lens[][2] = {
		{ 0, 0 }, { 64, 64 }, { 64, 0 }, { 0, 128 }, { 4096, 4096 }, { 4096, 4160 },
		{ 100, 4096 }, { 65536, 1000 }, { 131072, 131072 }, { 200001, 199999 },
	};

	for (gsize i = 0; i < size; i++) {
		a[i] = (guint8)g_rand_int(rng);
		b[i] = (guint8)g_rand_int(rng);
	}
	for (int native = 0; native < 2; native++)
		for (guint c = 0; c < G_N_ELEMENTS(lens); c++)
			for (gsize lead = 0; lead < 130; lead += 43) {
				/* `lead` bytes of a first, alone: a partial block pending
				 * unless it is a multiple of 64 */
				g_autoptr(PpSha256) ha = hasher(native), hb = hasher(native);
				char got[PP_SHA256_HEX], want[PP_SHA256_HEX];
				gsize la = lens[c][0], lb = lens[c][1];

				g_assert_cmpuint(lead + 2 * la, <=, size);
				g_assert_cmpuint(2 * lb, <=, size);

				pp_sha256_update(ha, a, lead);
				pp_sha256_update2(ha, a + lead, la, hb, b, lb);
				/* and again: the second pair follows on from the first */
				pp_sha256_update2(ha, a + lead + la, la, hb, b + lb, lb);
				g_assert_cmpstr(pp_sha256_hex(ha, got), ==, reference(a, lead + 2 * la, want));
				g_assert_cmpstr(pp_sha256_hex(hb, got), ==, reference(b, 2 * lb, want));
			}
	pp_sha256_set_native(TRUE);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_message("native SHA-256: %s", pp_sha256_set_native(TRUE) ? "yes" : "no (libcrypto twice)");
	g_test_add_func("/sha256/vectors", test_vectors);
	g_test_add_func("/sha256/pieces", test_pieces);
	g_test_add_func("/sha256/two-streams", test_two_streams);
	return g_test_run();
}
