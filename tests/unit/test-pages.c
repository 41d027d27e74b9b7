/* Unit tests: giving pages back while a block is held (common/pages). */
#include <string.h>
#include <unistd.h>

#include "common/pages.h"

/* Pages given back piece by piece: whole pages only, none lost between
 * two pieces, the bytes outside them kept. */
static void
test_release(void)
{
	gsize page = (gsize)sysconf(_SC_PAGESIZE), size = 64 * page;
	guint8 *block = g_malloc(size);
	const guint8 *from = block + 100, *mark = from, *stop = block + size - 100;

	memset(block, 0xab, size);
	/* pieces of 1.5 pages: each call gives back up to its last whole page */
	for (const guint8 *to = from + page + page / 2; to < stop; to += page + page / 2) {
		const guint8 *next = pp_release_pages(mark, to);
		g_assert_true(next <= to);
		if (next != mark) {
			/* what it gave back ends on a page, within the piece */
			g_assert_cmpuint((guintptr)next % page, ==, 0);
			g_assert_true(next > to - page);
		}
		mark = next;
	}
#ifdef __linux__
	/* given back: reads as zeros (the caller promised not to read, the
	 * test looks); the first partial page and the bytes past mark kept */
	{
		const guint8 *first = (const guint8 *)(((guintptr)from + page - 1) & ~(guintptr)(page - 1));
		g_assert_cmpuint(first[0], ==, 0);
		g_assert_cmpuint(mark[-1], ==, 0);
		g_assert_cmpuint(from[0], ==, 0xab);
		g_assert_cmpuint(first[-1], ==, 0xab);
		g_assert_cmpuint(mark[0], ==, 0xab);
		g_assert_cmpuint(stop[0], ==, 0xab);
	}
#endif
	/* an empty or sub-page range gives nothing back */
	g_assert_true(pp_release_pages(stop, stop) == stop);
	g_assert_true(pp_release_pages(stop, stop + 10) == stop);
	g_free(block);
}

/* The huge-page hint keeps every byte, on blocks that do and do not
 * begin or end on a page, and of more than one huge page. */
static void
test_huge(void)
{
	gsize sizes[] = { 1, 4095, 4096, 5000, (gsize)5 << 20 };

	for (guint k = 0; k < G_N_ELEMENTS(sizes); k++) {
		gsize n = sizes[k] + 3;
		guint8 *block = g_malloc(n);
		for (gsize i = 0; i < n; i++)
			block[i] = (guint8)(i * 7 + 1);
		pp_advise_huge(block + 3, sizes[k]);
		for (gsize i = 0; i < n; i++)
			if (block[i] != (guint8)(i * 7 + 1))
				g_error("byte %zu of a block of %zu changed", i, n);
		g_free(block);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/pages/release", test_release);
	g_test_add_func("/pages/huge", test_huge);
	return g_test_run();
}
