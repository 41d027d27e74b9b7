/*
 * Diagnostics: every problem of a run, collected and reported together.
 *
 * A PpDiags owns copies of every string given to it.  Errors carry the exit
 * status they stand for (sysexits); the run's exit status is the first of
 * 64, 66, 73, 65, 75, 70 that any error carries.  At most PP_DIAG_MAX_ERRORS
 * errors are kept (the rest are counted), and at most PP_DIAG_MAX_PLACES
 * warnings of one kind (the rest are counted and summed up in one line), so
 * a 10-million-record month cannot flood cron's mail or memory.
 *
 * Messages print as "FILE:LINE:COL: error: MESSAGE" (":COL" only when known,
 * ":LINE" only when known); with no file, "payroll-penalty: error: MESSAGE".
 * For CSV input, COL is the 1-based field number (Excel's column number);
 * for YAML, the 1-based character column.
 */
#pragma once

#include <glib.h>
#include <stdio.h>

#define PP_DIAG_MAX_ERRORS 100
#define PP_DIAG_MAX_PLACES 10

/* sysexits values used by the program */
enum {
	PP_EXIT_OK = 0,
	PP_EXIT_DIFFERS = 1,	/* verify: something does not reproduce */
	PP_EXIT_USAGE = 64,
	PP_EXIT_DATAERR = 65,
	PP_EXIT_NOINPUT = 66,
	PP_EXIT_SOFTWARE = 70,
	PP_EXIT_CANTCREAT = 73,
	PP_EXIT_TEMPFAIL = 75,
};

typedef enum {
	PP_SEV_NOTE,		/* printed only with --verbose */
	PP_SEV_WARNING,
	PP_SEV_ERROR,
} PpSeverity;

typedef struct {
	PpSeverity sev;
	int status;		/* exit status an error stands for; 0 otherwise */
	char *kind;		/* a warning's kind; NULL otherwise */
	char *file;		/* NULL: the program itself */
	guint line;		/* 0: unknown */
	guint col;		/* 0: unknown */
	char *msg;
} PpDiag;

typedef struct _PpDiags PpDiags;

PpDiags *pp_diags_new(void);
void pp_diags_free(PpDiags *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PpDiags, pp_diags_free)

/* Adds an error standing for exit status `status` at file:line:col. */
void pp_diag_error(PpDiags *d, int status, const char *file, guint line, guint col,
    const char *fmt, ...) G_GNUC_PRINTF(6, 7);

/*
 * Adds a warning of kind `kind` (a short stable tag, "late-finding"): the
 * first PP_DIAG_MAX_PLACES of each kind are kept, the rest counted.
 */
void pp_diag_warning(PpDiags *d, const char *kind, const char *file, guint line,
    const char *fmt, ...) G_GNUC_PRINTF(5, 6);

/* Adds a note, shown only when printing verbosely. */
void pp_diag_note(PpDiags *d, const char *file, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Orders the kept diagnostics by file, line, then column (stable; no
 * line: last in its file; no file: first). */
void pp_diags_sort(PpDiags *d);

/* Forgets everything added so far. */
void pp_diags_clear(PpDiags *d);

/*
 * Returns a copy of field text s[0..n) fit for a one-line message: control
 * characters (a newline in a quoted field) become '?', and text longer than
 * 60 bytes is cut at a character boundary and ends in "...".
 */
char *pp_excerpt(const char *s, gsize n);

/* Moves everything of src to the end of dst (keeping dst's limits); empties src. */
void pp_diags_take(PpDiags *dst, PpDiags *src);

/* Returns the number of errors added (counted ones included). */
guint pp_diags_error_count(const PpDiags *d);

/* Returns the exit status the errors stand for, or 0 when there are none. */
int pp_diags_exit_status(const PpDiags *d);

/*
 * Prints every kept diagnostic in the order added, then the counts of those
 * that were not kept.  Notes only when verbose.
 */
void pp_diags_print(const PpDiags *d, FILE *fp, gboolean verbose);
