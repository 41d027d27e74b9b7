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

/* Returns TRUE when slot s holds key[0..len). */
static inline gboolean
slot_is(const PpIdTable *t, const PpIdSlot *s, const char *key, gsize len)
{
	const char *k;
	if (len < sizeof s->key)
		return memcmp(s->key, key, len) == 0 && s->key[len] == '\0';
	k = g_ptr_array_index(t->strings, s->value - 1);
	return strncmp(k, key, len) == 0 && k[len] == '\0';
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
	for (guint32 i = h & t->mask;; i = (i + 1) & t->mask) {
		const PpIdSlot *s = &t->slots[i];
		if (s->value == 0)
			return G_MAXUINT32;
		if (s->hash == h && slot_is(t, s, key, len))
			return s->value - 1;
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

	if ((t->count + 1) * 2 > t->mask + 1) {
		/* at half full: twice the room */
		guint32 mask = t->mask * 2 + 1;
		PpIdSlot *slots = g_new0(PpIdSlot, (gsize)mask + 1);
		pp_advise_huge(slots, ((gsize)mask + 1) * sizeof *slots);
		for (guint32 i = 0; i <= t->mask; i++)
			if (t->slots[i].value != 0)
				put(slots, mask, t->slots[i].hash, &t->slots[i]);
		g_free(t->slots);
		t->slots = slots;
		t->mask = mask;
	}
	e.hash = hash(key, len);	/* once per new ID: not worth passing in */
	e.value = value + 1;
	if (len < sizeof e.key)
		memcpy(e.key, key, len);
	put(t->slots, t->mask, e.hash, &e);
	t->count++;
}
