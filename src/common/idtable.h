/*
 * An index of strings (employee IDs) to numbers: open addressing with
 * linear probing, each slot holding the hash, the number and, for keys
 * shorter than 24 bytes, the key itself, so that a lookup usually touches
 * one cache line (GHashTable touches four: hash, key, value, string).
 * Reading a table from several threads at once is safe while nobody
 * inserts.  A PpIdTable owns its slots, not the strings of long keys: those
 * are read through the `strings` array the caller keeps (index -> key).
 */
#pragma once

#include <glib.h>

typedef struct {
	guint32 hash;
	guint32 value;		/* the number + 1; 0: an empty slot */
	char key[24];		/* the key when shorter than 24 bytes, else "" */
} PpIdSlot;

typedef struct {
	PpIdSlot *slots;
	guint32 mask;		/* capacity - 1 (a power of two) */
	guint32 count;
	const GPtrArray *strings; /* number -> key (borrowed) */
} PpIdTable;

void pp_idtable_init(PpIdTable *t, const GPtrArray *strings);
void pp_idtable_clear(PpIdTable *t);

/* Returns the number of key[0..len), or G_MAXUINT32 when absent. */
guint32 pp_idtable_find(const PpIdTable *t, const char *key, gsize len);

/*
 * The same in two steps, for lookups in batches: pp_idtable_hash() gives
 * a key's hash, pp_idtable_prefetch() starts loading its slot, and
 * pp_idtable_find_hashed() looks it up once the batch's slots are on
 * their way (one cache miss at a time is what a table of a million IDs
 * costs otherwise).
 */
guint32 pp_idtable_hash(const char *key, gsize len);
void pp_idtable_prefetch(const PpIdTable *t, guint32 hash);
guint32 pp_idtable_find_hashed(const PpIdTable *t, const char *key, gsize len, guint32 hash);

/* Adds key (already strings[value]) with its number. */
void pp_idtable_add(PpIdTable *t, const char *key, gsize len, guint32 value);
