#include "strsort.h"

#include <string.h>

#include "parallel.h"

/* 12 bytes: a big sort holds two arrays of them (the items and the radix
 * passes' copy). */
typedef struct __attribute__((packed)) {
	guint64 key;	/* 8 bytes of the string at the current depth, big-endian */
	guint32 idx;
} Item;

/* Where the strings are: see pp_sort_strings(). */
typedef struct {
	const char *base;
	gsize stride;
	const char *store;
} Strings;

/* The string of index i. */
static inline const char *
str_at(const Strings *s, guint32 i)
{
	const char *field = s->base + (gsize)i * s->stride;
	guint32 off;

	if (s->store == NULL)
		return *(const char *const *)(const void *)field;
	memcpy(&off, field, sizeof off);
	return s->store + off;
}

/*
 * Returns the 8 bytes of s from depth, big-endian, 0 past its end.  Only
 * called when s goes on past depth (its previous chunk ended in a byte).
 */
static inline guint64
chunk(const char *s, gsize depth)
{
	guint64 k = 0;
	gsize i = 0;

	for (; i < 8 && s[depth + i] != '\0'; i++)
		k = (k << 8) | (guchar)s[depth + i];
	if (i == 0)
		return 0;	/* (a shift by 64 would be undefined) */
	return i == 8 ? k : k << (8 * (8 - i));
}

/* One LSD pass over items split into parts (threads): each part counts
 * its items' bytes, then moves them (stable: parts in order). */
typedef struct {
	const Item *src;
	Item *dst;
	guint32 n;
	guint shift;
	guint32 (*count)[256];	/* per part: items of each byte, then where the next goes */
} Pass;

static void
pass_count(guint part, guint parts, gpointer data)
{
	Pass *p = data;
	guint64 from, to;

	pp_part_range(p->n, part, parts, &from, &to);
	memset(p->count[part], 0, sizeof p->count[part]);
	for (guint64 i = from; i < to; i++)
		p->count[part][(p->src[i].key >> p->shift) & 0xff]++;
}

static void
pass_move(guint part, guint parts, gpointer data)
{
	Pass *p = data;
	guint64 from, to;
	guint32 *next = p->count[part];

	pp_part_range(p->n, part, parts, &from, &to);
	for (guint64 i = from; i < to; i++)
		p->dst[next[(p->src[i].key >> p->shift) & 0xff]++] = p->src[i];
}

/* Below this many items a pass stays on one thread. */
#define PARALLEL_ITEMS (1u << 20)

/* LSD radix sort of items by key, skipping bytes all keys share; on up
 * to `threads` threads when there are many. */
static void
radix_items(Item *a, Item *tmp, guint32 n, guint threads)
{
	guint64 and_ = ~(guint64)0, or_ = 0;
	Item *src = a, *dst = tmp;
	guint parts = pp_parts_for(n, PARALLEL_ITEMS, threads);
	guint32 count[PP_MAX_PARTS][256];

	for (guint32 i = 0; i < n; i++) {
		and_ &= a[i].key;
		or_ |= a[i].key;
	}
	for (guint shift = 0; shift < 64; shift += 8) {
		Pass p = { src, dst, n, shift, count };
		guint32 pos = 0;
		if (((and_ ^ or_) >> shift & 0xff) == 0)
			continue; /* every key has the same byte here */
		pp_parallel(parts, pass_count, &p);
		for (guint b = 0; b < 256; b++)
			for (guint k = 0; k < parts; k++) {
				guint32 c = count[k][b];
				count[k][b] = pos;
				pos += c;
			}
		pp_parallel(parts, pass_move, &p);
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

/* Keying items[0..n) by their strings' chunk at depth, on parts. */
typedef struct {
	const Strings *s;
	Item *items;
	guint32 n;
	gsize depth;
} Keying;

/* Sets the part's items' keys: a string that ended in the last chunk
 * stays 0 (at depth 0, every string has a first chunk). */
static void
key_part(guint part, guint parts, gpointer data)
{
	Keying *k = data;
	guint64 from, to;

	pp_part_range(k->n, part, parts, &from, &to);
	for (guint64 i = from; i < to; i++) {
		Item *it = &k->items[i];
		it->key = k->depth > 0 && (it->key & 0xff) == 0 ? 0 :
		    chunk(str_at(k->s, it->idx), k->depth);
	}
}

/* Keys items[0..n) at depth; on up to `threads` threads when there are many. */
static void
key_items(const Strings *s, Item *items, guint32 n, gsize depth, guint threads)
{
	Keying k = { s, items, n, depth };

	pp_parallel(pp_parts_for(n, PARALLEL_ITEMS, threads), key_part, &k);
}

/*
 * Sorts items[0..n) (stable) by their strings: each run of equal chunks
 * whose strings go on is sorted again by the next chunk (a work list, not
 * recursion, so that long shared prefixes cannot exhaust the stack).  A
 * string goes on past a chunk when the chunk's last byte is not 0.
 */
static void
sort_items(const Strings *s, Item *items, Item *tmp, guint32 n, guint threads, guint8 *same)
{
	GArray *work = g_array_new(FALSE, FALSE, sizeof(Run));
	Run first = { 0, n, 0 };

	key_items(s, items, n, 0, threads);
	g_array_append_val(work, first);
	while (work->len > 0) {
		Run r = g_array_index(work, Run, work->len - 1);
		Item *it = items + r.start;
		guint32 start = 0;

		g_array_set_size(work, work->len - 1);
		if (r.depth > 0)
			key_items(s, it, r.n, r.depth, threads);
		radix_items(it, tmp, r.n, threads);
		while (start < r.n) {
			guint32 end = start + 1;
			while (end < r.n && it[end].key == it[start].key)
				end++;
			/* equal chunks: the strings go on (the chunk is full), look
			 * further; or they all end here, equal */
			if (end - start > 1 && (it[start].key & 0xff) != 0) {
				Run next = { r.start + start, end - start, r.depth + 8 };
				g_array_append_val(work, next);
			} else if (same != NULL) {
				for (guint32 k = start + 1; k < end; k++)
					same[r.start + k] = TRUE;
			}
			start = end;
		}
	}
	g_array_unref(work);
}

guint32 *
pp_sort_strings(const void *base, gsize stride, const char *store, guint32 n, guint threads,
    guint8 *same)
{
	Strings s = { base, stride, store };
	Item *items = g_new(Item, n + 1);
	Item *tmp = g_new(Item, n + 1);
	char *mem = (char *)items;

	for (guint32 i = 0; i < n; i++)
		items[i].idx = i;
	if (same != NULL)
		memset(same, 0, n);
	sort_items(&s, items, tmp, n, threads, same);
	g_free(tmp);
	/* the order over the items: its entry i (bytes 4i..4i+3) lies before
	 * item i's idx (bytes 12i+8..12i+11), so nothing is overwritten
	 * before it is read */
	for (guint32 i = 0; i < n; i++) {
		guint32 idx;
		memcpy(&idx, mem + sizeof(Item) * i + G_STRUCT_OFFSET(Item, idx), sizeof idx);
		memcpy(mem + sizeof(guint32) * i, &idx, sizeof idx);
	}
	return g_realloc(items, sizeof(guint32) * ((gsize)n + 1));
}
