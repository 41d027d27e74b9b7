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
 * Returns the indices of the strings found at base + i * stride, i in
 * [0, n) (an array of pointers, or a field of an array of structs): a
 * `const char *` when store is NULL, else a guint32 offset into store; in
 * byte order of the strings, in a new array
 * (g_free() it; written over the sort's own items, a third less memory at
 * the peak of a big sort).  Equal strings keep their index order (the
 * sort is stable).  When same is not NULL, same[k] is set to 1 when the
 * string at order[k] equals the one at order[k - 1] (found without
 * comparing).  Big sorts use up to `threads` threads; the order does not
 * depend on how many.
 */
guint32 *pp_sort_strings(const void *base, gsize stride, const char *store, guint32 n,
    guint threads, guint8 *same);
