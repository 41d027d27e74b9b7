/* Unit tests: the ID index (common/idtable): short keys inline, long keys
 * through the strings array, growth, and absent keys. */
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

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/idtable/ids", test_ids);
	return g_test_run();
}
