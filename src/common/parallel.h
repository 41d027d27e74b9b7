/*
 * Splitting a loop over threads: pp_parallel() runs fn(part, n, data) for
 * part 0..n-1, part 0 on the calling thread and the others on threads of
 * their own, and returns when all are done.  Each part works on its own
 * range (pp_part_range()), so that the result does not depend on n.
 */
#pragma once

#include <glib.h>

typedef void (*PpPartFn)(guint part, guint n, gpointer data);

void pp_parallel(guint n, PpPartFn fn, gpointer data);

/* The most parts a loop is split into. */
#define PP_MAX_PARTS 16

/* Loops over fewer items than this stay on one thread (not worth one). */
#define PP_PARALLEL_MIN 100000

/* Returns the parts a loop over n items runs on: up to `threads` (at most
 * PP_MAX_PARTS), one below min_items. */
static inline guint
pp_parts_for(guint64 n, guint64 min_items, guint threads)
{
	return n < min_items ? 1 : MAX(1, MIN(threads, PP_MAX_PARTS));
}

/* The range [*from, *to) of part `part` of n over [0, total). */
static inline void
pp_part_range(guint64 total, guint part, guint n, guint64 *from, guint64 *to)
{
	*from = total * part / n;
	*to = total * (part + 1) / n;
}
