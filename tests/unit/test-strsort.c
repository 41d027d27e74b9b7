/* Unit tests: the radix string sort (common/strsort). */
#include <string.h>

#include "common/strsort.h"

static int
cmp_str(gconstpointer a, gconstpointer b, gpointer user)
{
	const char *const *s = user;
	guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
	int c = strcmp(s[x], s[y]);
	return c != 0 ? c : (x < y ? -1 : x > y);
}

/* The same strings as offsets into one store, each in a struct with an
 * unrelated field (the form of PpRecord.id). */
typedef struct {
	guint32 other;
	guint32 off;
} Ref;

/* Checks pp_sort_strings against a comparison sort on the same strings,
 * given as pointers (by_offset FALSE) or as offsets into a store. */
static void
check_as(const char *const *s, guint32 n, gboolean by_offset, guint threads)
{
	g_autofree guint32 *got = NULL;
	g_autofree guint32 *want = g_new(guint32, n + 1);
	g_autofree guint8 *same = g_new(guint8, n + 1);
	g_autoptr(GByteArray) store = g_byte_array_new();
	g_autofree Ref *refs = g_new0(Ref, n + 1);

	for (guint32 i = 0; i < n; i++) {
		want[i] = i;
		refs[i].other = G_MAXUINT32;
		refs[i].off = store->len;
		g_byte_array_append(store, (const guint8 *)s[i], (guint)strlen(s[i]) + 1);
	}
	g_qsort_with_data(want, (gint)n, sizeof(guint32), cmp_str, (gpointer)s);
	got = by_offset ?
	    pp_sort_strings(&refs[0].off, sizeof(Ref), (const char *)store->data, n, threads, same) :
	    pp_sort_strings(s, sizeof(char *), NULL, n, threads, same);
	for (guint32 i = 0; i < n; i++) {
		if (got[i] != want[i])
			g_error("position %u: got '%s' (%u), want '%s' (%u)", i, s[got[i]], got[i],
			    s[want[i]], want[i]);
		if (same[i] != (i > 0 && strcmp(s[got[i]], s[got[i - 1]]) == 0 ? 1 : 0))
			g_error("position %u: same is %d for '%s'", i, same[i], s[got[i]]);
	}
}

static void
check(const char *const *s, guint32 n)
{
	check_as(s, n, FALSE, 1);
	check_as(s, n, TRUE, 1);
}

static void
test_small(void)
{
	const char *s[] = { "b", "a", "", "ab", "abcdefgh", "abcdefgh1", "abcdefg", "abcdefgh",
		"V202610-00000002", "V202610-00000001", "V202610-0000001", "\xE5\xBC\xA0", "Z",
		"abcdefghabcdefgh", "abcdefghabcdefg", "abcdefghabcdefgh" };
	check(s, G_N_ELEMENTS(s));
	check(s, 0);
	check(s, 1);
}

static void
test_random(void)
{
	GRand *r = g_rand_new_with_seed(42);
	guint32 n = 20000;
	char **s = g_new(char *, n);

	for (guint32 i = 0; i < n; i++) {
		/* shared prefixes of varied length, a small alphabet: many ties */
		guint len = (guint)g_rand_int_range(r, 0, 40);
		s[i] = g_malloc(len + 1);
		for (guint k = 0; k < len; k++)
			s[i][k] = k < 10 ? 'P' : (char)('a' + g_rand_int_range(r, 0, 3));
		s[i][len] = '\0';
	}
	check((const char *const *)s, n);
	for (guint32 i = 0; i < n; i++)
		g_free(s[i]);
	g_free(s);
	g_rand_free(r);
}

static void
test_long_prefix(void)
{
	/* long equal prefixes: no recursion deep enough to matter */
	guint32 n = 4;
	char *s[4];
	for (guint32 i = 0; i < n; i++) {
		s[i] = g_malloc(200002);
		memset(s[i], 'x', 200000);
		s[i][200000] = (char)('d' - i);
		s[i][200001] = '\0';
	}
	check((const char *const *)s, n);
	for (guint32 i = 0; i < n; i++)
		g_free(s[i]);
}

/* More than a million strings: the radix passes run on several threads,
 * each taking a part of the items; the order must be the same. */
static void
test_threads(void)
{
	GRand *r = g_rand_new_with_seed(7);
	guint32 n = (1u << 20) + 4321;
	char **s = g_new(char *, n);

	for (guint32 i = 0; i < n; i++)
		s[i] = g_strdup_printf("V2026-%07u", (guint)g_rand_int_range(r, 0, 900000));
	check_as((const char *const *)s, n, TRUE, 3);
	check_as((const char *const *)s, n, FALSE, 2);
	for (guint32 i = 0; i < n; i++)
		g_free(s[i]);
	g_free(s);
	g_rand_free(r);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/strsort/small", test_small);
	g_test_add_func("/strsort/random", test_random);
	g_test_add_func("/strsort/long-prefix", test_long_prefix);
	g_test_add_func("/strsort/threads", test_threads);
	return g_test_run();
}
