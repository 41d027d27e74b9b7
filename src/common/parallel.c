#include "parallel.h"

typedef struct {
	PpPartFn fn;
	gpointer data;
	guint part, n;
} Part;

static gpointer
run_part(gpointer p)
{
	Part *t = p;
	t->fn(t->part, t->n, t->data);
	return NULL;
}

void
pp_parallel(guint n, PpPartFn fn, gpointer data)
{
	g_autofree Part *parts = g_new(Part, MAX(n, 1));
	g_autofree GThread **threads = g_new0(GThread *, MAX(n, 1));

	n = MAX(n, 1);
	for (guint i = 0; i < n; i++)
		parts[i] = (Part){ fn, data, i, n };
	for (guint i = 1; i < n; i++)
		threads[i] = g_thread_new("part", run_part, &parts[i]);
	run_part(&parts[0]);
	for (guint i = 1; i < n; i++)
		g_thread_join(threads[i]);
}
