#include "strsort.h"

#include <string.h>

typedef struct {
	guint64 key;
	guint32 idx;
	guint32 len;	/* the string's length (capped at G_MAXUINT32) */
} Item;

/* Returns the 8 bytes of s[depth..len) (0 past the end), big-endian. */
static inline guint64
chunk(const char *s, guint32 len, gsize depth)
{
	guint64 k = 0;

	for (gsize i = 0; i < 8; i++)
		k = (k << 8) | (depth + i < len ? (unsigned char)s[depth + i] : 0);
	return k;
}

/* LSD radix sort of items by key, skipping bytes all keys share. */
static void
radix_items(Item *a, Item *tmp, guint32 n)
{
	guint64 and_ = ~(guint64)0, or_ = 0;
	Item *src = a, *dst = tmp;

	for (guint32 i = 0; i < n; i++) {
		and_ &= a[i].key;
		or_ |= a[i].key;
	}
	for (guint shift = 0; shift < 64; shift += 8) {
		guint32 count[257];
		if (((and_ ^ or_) >> shift & 0xff) == 0)
			continue; /* every key has the same byte here */
		memset(count, 0, sizeof count);
		for (guint32 i = 0; i < n; i++)
			count[((src[i].key >> shift) & 0xff) + 1]++;
		for (guint b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (guint32 i = 0; i < n; i++)
			dst[count[(src[i].key >> shift) & 0xff]++] = src[i];
		{
			Item *t = src;
			src = dst;
			dst = t;
		}
	}
	if (src != a)
		memcpy(a, src, sizeof(Item) * n);
}

typedef struct {
	guint32 start, n;
	gsize depth;
} Run;

/* Sorts items[0..n) (stable) by their strings: each run of equal chunks
 * whose strings go on is sorted again by the next chunk (a work list, not
 * recursion, so that long shared prefixes cannot exhaust the stack). */
static void
sort_items(const char *const *strs, Item *items, Item *tmp, guint32 n, gboolean *same)
{
	GArray *work = g_array_new(FALSE, FALSE, sizeof(Run));
	Run first = { 0, n, 0 };

	g_array_append_val(work, first);
	while (work->len > 0) {
		Run r = g_array_index(work, Run, work->len - 1);
		Item *it = items + r.start;
		guint32 start = 0;

		g_array_set_size(work, work->len - 1);
		if (r.n < 2)
			continue;
		for (guint32 i = 0; i < r.n; i++)
			it[i].key = chunk(strs[it[i].idx], it[i].len, r.depth);
		radix_items(it, tmp, r.n);
		while (start < r.n) {
			guint32 end = start + 1, longest = it[start].len;
			for (; end < r.n && it[end].key == it[start].key; end++)
				longest = MAX(longest, it[end].len);
			/* equal so far and one goes on past depth + 8: look further */
			if (end - start > 1 && longest > r.depth + 8) {
				Run next = { r.start + start, end - start, r.depth + 8 };
				g_array_append_val(work, next);
			} else if (same != NULL) {
				/* all end within this chunk, with equal bytes: equal */
				for (guint32 k = start + 1; k < end; k++)
					same[r.start + k] = TRUE;
			}
			start = end;
		}
	}
	g_array_unref(work);
}

void
pp_sort_strings(const char *const *strs, guint32 n, guint32 *order, gboolean *same)
{
	Item *items = g_new(Item, n + 1);
	Item *tmp = g_new(Item, n + 1);

	for (guint32 i = 0; i < n; i++) {
		gsize len = strlen(strs[i]);
		items[i].idx = i;
		items[i].len = (guint32)MIN(len, G_MAXUINT32);
	}
	if (same != NULL)
		memset(same, 0, sizeof(gboolean) * n);
	sort_items(strs, items, tmp, n, same);
	for (guint32 i = 0; i < n; i++)
		order[i] = items[i].idx;
	g_free(items);
	g_free(tmp);
}

void
pp_counting_sort(const guint32 *in, guint32 *out, guint32 n, const guint32 *keys,
    gboolean keys_by_item, guint32 nkeys)
{
	guint32 *count = g_new0(guint32, (gsize)nkeys + 1);

	for (guint32 i = 0; i < n; i++)
		count[(keys_by_item ? keys[i] : keys[in[i]]) + 1]++;
	for (guint32 k = 0; k < nkeys; k++)
		count[k + 1] += count[k];
	for (guint32 i = 0; i < n; i++)
		out[count[keys_by_item ? keys[i] : keys[in[i]]]++] = in[i];
	g_free(count);
}
