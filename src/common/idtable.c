#include "idtable.h"

#include <string.h>

#include "pages.h"

/* FNV-1a, 32 bits: short IDs, good spread. */
static inline guint32
hash(const char *s, gsize n)
{
	guint32 h = 2166136261u;
	for (gsize i = 0; i < n; i++)
		h = (h ^ (guchar)s[i]) * 16777619u;
	return h;
}

void
pp_idtable_init(PpIdTable *t, const GPtrArray *strings)
{
	t->mask = 1023;
	t->count = 0;
	t->slots = g_new0(PpIdSlot, t->mask + 1);
	t->strings = strings;
}

void
pp_idtable_clear(PpIdTable *t)
{
	g_free(t->slots);
	t->slots = NULL;
}

/* Writes key[0..len)'s first bytes into prefix, NUL-padded: what a
 * slot holding it holds. */
static inline void
key_prefix(const char *key, gsize len, char prefix[12])
{
	gsize n = MIN(len, (gsize)12);

	memset(prefix, 0, 12);
	for (gsize i = 0; i < n; i++)
		prefix[i] = key[i];
}

/* Returns TRUE when slot s holds key[0..len), whose prefix (key_prefix)
 * is given. */
static inline gboolean
slot_is(const PpIdTable *t, const PpIdSlot *s, const char *key, gsize len, const char prefix[12])
{
	const char *k;

	if (memcmp(s->key, prefix, sizeof s->key) != 0)
		return FALSE;
	if (len <= sizeof s->key)
		return !(s->value & PP_ID_LONG);
	if (!(s->value & PP_ID_LONG))
		return FALSE;
	k = g_ptr_array_index(t->strings, (s->value & ~PP_ID_LONG) - 1);
	return strncmp(k, key, len) == 0 && k[len] == '\0';
}

/* Returns the hash of the key slot s holds. */
static guint32
slot_hash(const PpIdTable *t, const PpIdSlot *s)
{
	const char *k;

	if (!(s->value & PP_ID_LONG))
		return hash(s->key, strnlen(s->key, sizeof s->key));
	k = g_ptr_array_index(t->strings, (s->value & ~PP_ID_LONG) - 1);
	return hash(k, strlen(k));
}

guint32
pp_idtable_hash(const char *key, gsize len)
{
	return hash(key, len);
}

void
pp_idtable_prefetch(const PpIdTable *t, guint32 h)
{
	__builtin_prefetch(&t->slots[h & t->mask]);
}

guint32
pp_idtable_find(const PpIdTable *t, const char *key, gsize len)
{
	return pp_idtable_find_hashed(t, key, len, hash(key, len));
}

guint32
pp_idtable_find_hashed(const PpIdTable *t, const char *key, gsize len, guint32 h)
{
	char prefix[12];

	key_prefix(key, len, prefix);
	for (guint32 i = h & t->mask;; i = (i + 1) & t->mask) {
		const PpIdSlot *s = &t->slots[i];
		if (s->value == 0)
			return G_MAXUINT32;
		if (slot_is(t, s, key, len, prefix))
			return (s->value & ~PP_ID_LONG) - 1;
	}
}

/* Puts an entry into a table known to have room and not to hold it. */
static void
put(PpIdSlot *slots, guint32 mask, guint32 h, const PpIdSlot *entry)
{
	guint32 i = h & mask;
	while (slots[i].value != 0)
		i = (i + 1) & mask;
	slots[i] = *entry;
}

void
pp_idtable_add(PpIdTable *t, const char *key, gsize len, guint32 value)
{
	PpIdSlot e = { 0 };

	g_assert(value < PP_ID_LONG - 1);
	if ((t->count + 1) * 2 > t->mask + 1) {
		/* at half full: twice the room */
		guint32 mask = t->mask * 2 + 1;
		gsize size = ((gsize)mask + 1) * sizeof(PpIdSlot);
		PpIdSlot *slots = g_malloc(size);

		/* zeroed by writing: with calloc's untouched zero pages, the
		 * first probe's read maps the shared zero page, and the first
		 * write then copies it and makes every other core flush its TLB */
		pp_advise_huge(slots, size);
		memset(slots, 0, size);
		for (guint32 i = 0; i <= t->mask; i++)
			if (t->slots[i].value != 0)
				put(slots, mask, slot_hash(t, &t->slots[i]), &t->slots[i]);
		g_free(t->slots);
		t->slots = slots;
		t->mask = mask;
	}
	e.value = (value + 1) | (len > sizeof e.key ? PP_ID_LONG : 0);
	key_prefix(key, len, e.key);
	put(t->slots, t->mask, hash(key, len), &e);
	t->count++;
}
