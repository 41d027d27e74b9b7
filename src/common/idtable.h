/*
 * An index of strings (employee IDs) to numbers: open addressing with
 * linear probing.  A slot is 16 bytes: the number and the key's first 12
 * bytes (NUL-padded when shorter), so that a lookup of a key of up to 12
 * bytes touches one slot and nothing else, and a table of a million IDs
 * (two million slots) takes 32 MB, not the 64 of slots with the hash and
 * 24 bytes of key (GHashTable touches four places: hash, key, value,
 * string).  A longer key is told apart by its first 12 bytes, then read
 * through the `strings` array the caller keeps (index -> key).
 * Reading a table from several threads at once is safe while nobody
 * inserts.  A PpIdTable owns its slots, not the strings.
 */
#pragma once

#include <glib.h>

typedef struct {
	guint32 value;		/* the number + 1, with PP_ID_LONG for a key longer
				 * than key[]; 0: an empty slot */
	char key[12];		/* the key's first 12 bytes, NUL-padded */
} PpIdSlot;

#define PP_ID_LONG 0x80000000u

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
