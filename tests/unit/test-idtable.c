/* Unit tests: the ID index (common/idtable): short keys inline, long keys
 * through the strings array, keys around the slot's 12 bytes and keys
 * sharing them, growth, and absent keys. */
#include <string.h>

#include "common/idtable.h"

static void
test_ids(void)
{
	GPtrArray *strings = g_ptr_array_new_with_free_func(g_free);
	PpIdTable t;
	char buf[64];

	pp_idtable_init(&t, strings);
	for (guint i = 0; i < 5000; i++) {
		/* every tenth key is longer than a slot holds */
		if (i % 10 == 0)
			g_snprintf(buf, sizeof buf, "a-long-employee-identifier-%08u", i);
		else
			g_snprintf(buf, sizeof buf, "E%07u", i);
		g_ptr_array_add(strings, g_strdup(buf));
		pp_idtable_add(&t, g_ptr_array_index(strings, i), strlen(buf), i);
	}
	for (guint i = 0; i < 5000; i++) {
		const char *k = g_ptr_array_index(strings, i);
		g_assert_cmpuint(pp_idtable_find(&t, k, strlen(k)), ==, i);
		/* a key given by length, not by its NUL */
		g_assert_cmpuint(pp_idtable_find(&t, k, strlen(k) - 1), !=, i);
	}
	g_assert_cmpuint(pp_idtable_find(&t, "E9999999", 8), ==, G_MAXUINT32);
	g_assert_cmpuint(pp_idtable_find(&t, "", 0), ==, G_MAXUINT32);
	pp_idtable_clear(&t);
	g_ptr_array_unref(strings);
}

/* Keys of 11, 12 and 13 bytes, prefixes of one another, and long keys
 * with the same first 12 bytes: each found as itself only. */
static void
test_prefixes(void)
{
	static const char *const keys[] = {
		"ABCDEFGHIJK", "ABCDEFGHIJKL", "ABCDEFGHIJKLM", "ABCDEFGHIJKLMN",
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0124",
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ012", "A", "AB", "", "ABCDEFGHIJKLX",
	};
	GPtrArray *strings = g_ptr_array_new();
	PpIdTable t;

	pp_idtable_init(&t, strings);
	/* all but the last, which must then be absent */
	for (guint i = 0; i + 1 < G_N_ELEMENTS(keys); i++) {
		g_ptr_array_add(strings, (gpointer)keys[i]);
		pp_idtable_add(&t, keys[i], strlen(keys[i]), i);
	}
	for (guint i = 0; i + 1 < G_N_ELEMENTS(keys); i++)
		g_assert_cmpuint(pp_idtable_find(&t, keys[i], strlen(keys[i])), ==, i);
	g_assert_cmpuint(pp_idtable_find(&t, keys[G_N_ELEMENTS(keys) - 1],
	    strlen(keys[G_N_ELEMENTS(keys) - 1])), ==, G_MAXUINT32);
	g_assert_cmpuint(pp_idtable_find(&t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ01", 28), ==, G_MAXUINT32);
	g_assert_cmpuint(pp_idtable_find(&t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234", 31), ==, G_MAXUINT32);
	pp_idtable_clear(&t);
	g_ptr_array_unref(strings);
}

/* A key of 12 bytes and a longer key beginning with them, in the same
 * slot (a suffix searched for until their hashes meet there): neither is
 * taken for the other. */
static void
test_same_slot(void)
{
	const char *p = "ABCDEFGHIJKL";
	g_autofree char *k = NULL;
	GPtrArray *strings = g_ptr_array_new_with_free_func(g_free);
	PpIdTable t;

	pp_idtable_init(&t, strings);
	for (guint s = 0;; s++) {
		g_free(k);
		k = g_strdup_printf("%s-%u", p, s);
		if ((pp_idtable_hash(k, strlen(k)) & t.mask) == (pp_idtable_hash(p, 12) & t.mask))
			break;
	}
	g_ptr_array_add(strings, g_strdup(k));
	pp_idtable_add(&t, k, strlen(k), 0);
	g_assert_cmpuint(pp_idtable_find(&t, k, strlen(k)), ==, 0);
	g_assert_cmpuint(pp_idtable_find(&t, p, 12), ==, G_MAXUINT32);
	/* and the other way round */
	g_ptr_array_add(strings, g_strdup(p));
	pp_idtable_add(&t, p, 12, 1);
	g_assert_cmpuint(pp_idtable_find(&t, p, 12), ==, 1);
	g_assert_cmpuint(pp_idtable_find(&t, k, strlen(k)), ==, 0);
	pp_idtable_clear(&t);
	g_ptr_array_unref(strings);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/idtable/ids", test_ids);
	g_test_add_func("/idtable/prefixes", test_prefixes);
	g_test_add_func("/idtable/same-slot", test_same_slot);
	return g_test_run();
}
