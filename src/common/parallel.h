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

/* The range [*from, *to) of part `part` of n over [0, total). */
static inline void
pp_part_range(guint64 total, guint part, guint n, guint64 *from, guint64 *to)
{
	*from = total * part / n;
	*to = total * (part + 1) / n;
}
