/*
 * Writing one output CSV (SPEC §5): UTF-8, LF, a header row, fields quoted
 * only when they hold a comma, a quote, CR or LF; buffered, hashed
 * (SHA-256) as the bytes go out, rows counted; written with O_DIRECT where
 * the file system takes it.  A PpCsvOut owns its buffer
 * and file descriptor; pp_csv_out_close() releases both.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "common/sha256.h"

typedef struct {
	int fd;
	char *buf;
	gsize len;
	gboolean row_started;
	guint64 rows;		/* data rows (the header not counted) */
	guint64 bytes;
	int err;		/* first errno of a failed write, 0 when fine */
	gboolean direct;	/* the file is open with O_DIRECT */
	PpSha256 *hash;
	char sha256[PP_SHA256_HEX];
} PpCsvOut;

/* Creates name in the directory dirfd (O_EXCL); FALSE with errno set. */
gboolean pp_csv_out_open(PpCsvOut *o, int dirfd, const char *name, gboolean bom);

/* Adds a field, quoted when needed. */
void pp_csv_out_field(PpCsvOut *o, const char *s);
/* Adds a field known to need no quoting (numbers, fixed words). */
void pp_csv_out_plain(PpCsvOut *o, const char *s);
void pp_csv_out_money(PpCsvOut *o, int64_t fen);
/* Adds a fixed-point value without trailing zeros. */
void pp_csv_out_trim(PpCsvOut *o, int64_t v, guint decimals);
void pp_csv_out_uint(PpCsvOut *o, guint64 v);
/* Ends the row (the header row is not counted when header is TRUE). */
void pp_csv_out_end(PpCsvOut *o, gboolean header);
/* Writes a whole header row from a comma-separated list of plain names. */
void pp_csv_out_header(PpCsvOut *o, const char *names);

/* Flushes, syncs and closes; returns FALSE (errno in o->err) on any error. */
gboolean pp_csv_out_close(PpCsvOut *o);
