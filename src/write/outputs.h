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

/* detail.csv and liability.csv being written on threads of their own
 * (pp_write_early). */
typedef struct PpWriting PpWriting;

/*
 * Starts writing detail.csv and liability.csv into dirfd, each on a
 * thread of its own (up to `threads` threads), and returns at once: from
 * pp_compute_staged's PpRecordsDone, so that they are written while the
 * payroll is computed, side by side (their buffers hashed two at once).
 * Keeps a reference to res.  Hand the result to pp_write_outputs(), or to
 * pp_write_abandon() when the month turns out to have errors.
 */
PpWriting *pp_write_early(int dirfd, const PpMonth *m, const PpResult *res, gboolean bom,
    guint threads);

/* Waits for an early writing and frees it (NULL is ignored); what it
 * wrote stays in dirfd. */
void pp_write_abandon(PpWriting *early);

/*
 * Writes the CSV outputs into dirfd on up to `threads` threads (each file
 * by one thread: the bytes do not depend on how many), filling
 * files[PP_OUT_N]: all of them, or, with early (taken and freed), all but
 * detail.csv and liability.csv, then waits for early's.  Returns 0, or
 * the errno of the first output that failed.
 */
int pp_write_outputs(int dirfd, const PpMonth *m, const PpResult *res, gboolean bom,
    guint threads, PpWriting *early, PpOutputFile files[PP_OUT_N]);

/* "yes", "held", "overturned" */
const char *pp_charged_name(guint8 charged);
/* "confirmed", "pending", "overturned" */
const char *pp_status_name(guint8 status);
/* The flags joined with ';' in §5 order, into buf (64 bytes). */
char *pp_flags_str(char *buf, guint flags);
