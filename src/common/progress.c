#include "progress.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

void
pp_progress_init(PpProgress *p, gboolean quiet)
{
	*p = (PpProgress){ 0 };
	g_mutex_init(&p->lock);
	p->enabled = !quiet && isatty(STDERR_FILENO);
	p->started = g_get_monotonic_time();
}

void
pp_progress_update(PpProgress *p, const char *file, guint64 bytes, guint64 rows)
{
	gint64 now;
	double secs, mb;

	if (p == NULL || !p->enabled)
		return;
	now = g_get_monotonic_time();
	if (now - p->last_draw < 250000 || now - p->started < 500000)
		return;
	g_mutex_lock(&p->lock);
	p->last_draw = now;
	secs = (double)(now - p->started) / 1e6;
	mb = (double)(p->bytes_done + bytes) / 1e6;
	fputs("\r\033[K", stderr);
	fprintf(stderr, _("reading %s: %llu rows, %.0f MB/s"), file,
	    (unsigned long long)(p->rows_done + rows), secs > 0 ? mb / secs : 0.0);
	fflush(stderr);
	p->drawn = TRUE;
	g_mutex_unlock(&p->lock);
}

void
pp_progress_file_done(PpProgress *p, guint64 bytes, guint64 rows)
{
	if (p == NULL)
		return;
	g_mutex_lock(&p->lock);
	p->bytes_done += bytes;
	p->rows_done += rows;
	g_mutex_unlock(&p->lock);
}

void
pp_progress_end(PpProgress *p)
{
	if (p == NULL)
		return;
	if (p->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->drawn = FALSE;
	}
	g_mutex_clear(&p->lock);
}
