/*
 * The progress line (SPEC §2): on a terminal, rows read, MB/s and the
 * current file, redrawn at most a few times a second on stderr; nothing
 * when stderr is not a terminal (cron).  A PpProgress is owned by the
 * pipeline; readers only call pp_progress_update().
 */
#pragma once

#include <glib.h>

typedef struct {
	gboolean enabled;
	gint64 started;		/* monotonic µs */
	gint64 last_draw;
	guint64 bytes_done;	/* of finished files */
	guint64 rows_done;
	gboolean drawn;
	GMutex lock;		/* readers on several threads update it */
} PpProgress;

/* Enabled only when stderr is a terminal and not quiet. */
void pp_progress_init(PpProgress *p, gboolean quiet);

/* A file is being read: bytes and rows so far in it. */
void pp_progress_update(PpProgress *p, const char *file, guint64 bytes, guint64 rows);

/* A file is finished: its totals count from now on. */
void pp_progress_file_done(PpProgress *p, guint64 bytes, guint64 rows);

/* Erases the line, if drawn, and releases p. */
void pp_progress_end(PpProgress *p);
