/*
 * Sorting many strings in byte order without comparing them one by one:
 * an MSD radix sort on 8-byte chunks (each chunk read big-endian, so that
 * integer order is byte order), with an LSD radix pass per chunk that skips
 * the bytes every key shares.  Linear in the bytes that tell the strings
 * apart: 10 million record IDs with a common prefix sort in two chunks.
 */
#pragma once

#include <glib.h>

/*
 * Fills order[0..n) with the indices of strs[0..n) in byte order of the
 * strings (equal strings keep their index order: the sort is stable).
 * When same is not NULL, same[k] is set to 1 when the string at
 * order[k] equals the one at order[k - 1] (found without comparing).
 */
void pp_sort_strings(const char *const *strs, guint32 n, guint32 *order, guint8 *same);

/* The same over strings found as a `const char *` at base + i * stride
 * (a field of an array of structs), without an array of pointers. */
void pp_sort_strings_strided(const void *base, gsize stride, guint32 n, guint32 *order,
    guint8 *same);

/* The same, returning the order in a new array (g_free() it) written over
 * the sort's own items: a third less memory at the peak of a big sort. */
guint32 *pp_sort_strings_strided_new(const void *base, gsize stride, guint32 n, guint8 *same);
