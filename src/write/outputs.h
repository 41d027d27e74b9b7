/*
 * The four CSV outputs of SPEC §5, written from a computed month into a
 * directory.  Each writer fills a PpOutputFile (name, SHA-256, rows) for
 * the manifest.
 */
#pragma once

#include "compute/compute.h"
#include "model.h"

typedef struct {
	const char *name;	/* "payroll.csv", ... (static) */
	char sha256[65];
	guint64 rows;
	guint64 bytes;
	gint64 usec;		/* time taken to write it (bench/) */
} PpOutputFile;

enum { PP_OUT_PAYROLL, PP_OUT_DETAIL, PP_OUT_LIABILITY, PP_OUT_CARRYOVER, PP_OUT_N };

/*
 * Writes the CSV outputs into dirfd on up to `threads` threads (each file
 * by one thread: the bytes do not depend on how many), filling
 * files[PP_OUT_N].  Returns 0, or the errno of the first output that failed.
 */
int pp_write_outputs(int dirfd, const PpMonth *m, const PpResult *res, gboolean bom,
    guint threads, PpOutputFile files[PP_OUT_N]);

/* "yes", "held", "overturned" */
const char *pp_charged_name(guint8 charged);
/* "confirmed", "pending", "overturned" */
const char *pp_status_name(guint8 status);
/* The flags joined with ';' in §5 order, into buf (64 bytes). */
char *pp_flags_str(char *buf, guint flags);
