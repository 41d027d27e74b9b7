/*
 * Writing one output CSV (SPEC §5): UTF-8, LF, a header row, fields quoted
 * only when they hold a comma, a quote, CR or LF; buffered, hashed
 * (SHA-256) as the bytes go out, rows counted; written with O_DIRECT where
 * the file system takes it.  Opened with a PpCsvHasher (async), full
 * buffers are hashed by the hasher's thread, which serves several outputs
 * (two buffers side by side whenever two outputs have one waiting:
 * pp_sha256_update2), and written by a thread of the output's own
 * (started at the first full buffer), PP_CSV_OUT_NBUF buffers going
 * round, so that the disk writes one buffer while the next is hashed and
 * the ones after are filled; without one, all on the caller's thread.
 * A PpCsvOut owns its buffers, its writing thread and its file descriptor;
 * pp_csv_out_close() releases them.  A PpCsvHasher is owned by its
 * creator, who frees it once every output given it is closed.
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "common/copy.h"
#include "common/sha256.h"

/* A buffer: a multiple of the page size, for O_DIRECT; big enough for
 * the disk to write at full speed (1 MiB: 840 MB/s, 4 MiB: 1.1 GB/s here). */
#define PP_CSV_OUT_BUF (1u << 22)
#define PP_CSV_OUT_NBUF 4

typedef struct PpCsvOut PpCsvOut;
typedef struct PpCsvHasher PpCsvHasher;

enum { PP_CSV_FILLED, PP_CSV_HASHED, PP_CSV_WRITTEN, PP_CSV_STAGES };

struct PpCsvOut {
	int fd;
	char *buf;		/* the buffer being filled: bufs[passed[FILLED] % NBUF] */
	gsize len;
	gboolean row_started;
	guint64 rows;		/* data rows (the header not counted) */
	guint64 bytes;
	int err;		/* first errno of a failed write, 0 when fine */
	gboolean direct;	/* the file is open with O_DIRECT */
	PpSha256 *hash;
	char sha256[PP_SHA256_HEX];
	/* async: the buffers each stage has passed so far, in turn (filled,
	 * hashed, written; buffer k is bufs[k % NBUF], lens[k % NBUF] its
	 * bytes); a stage takes a buffer once the stage before has passed it */
	char *bufs[PP_CSV_OUT_NBUF];
	gsize lens[PP_CSV_OUT_NBUF];
	guint64 passed[PP_CSV_STAGES];
	PpCsvHasher *hasher;	/* borrowed; NULL: not async (from the start, or
				 * when closing a file that never filled a buffer) */
	GThread *writer;	/* writes the hashed buffers, from the first full one */
	GMutex lock;
	GCond cond;
	gboolean done;		/* no more buffers will be filled */
};

/* Creates name in the directory dirfd (O_EXCL), async when given a
 * hasher (NULL: not); FALSE with errno set. */
gboolean pp_csv_out_open(PpCsvOut *o, int dirfd, const char *name, gboolean bom,
    PpCsvHasher *hasher);

/* Starts a thread that hashes the buffers of the outputs opened with it;
 * free it with pp_csv_hasher_free() once they are all closed. */
PpCsvHasher *pp_csv_hasher_new(void);
void pp_csv_hasher_free(PpCsvHasher *hs);

/* Adds a field, quoted when needed. */
void pp_csv_out_field(PpCsvOut *o, const char *s);
/* Adds a field known to need no quoting (numbers, fixed words). */
void pp_csv_out_plain(PpCsvOut *o, const char *s);
void pp_csv_out_money(PpCsvOut *o, int64_t fen);
/* Adds a fixed-point value without trailing zeros. */
void pp_csv_out_trim(PpCsvOut *o, int64_t v, guint decimals);
/* Ends the row (the header row is not counted when header is TRUE). */
void pp_csv_out_end(PpCsvOut *o, gboolean header);
/* Writes a whole header row from a comma-separated list of plain names. */
void pp_csv_out_header(PpCsvOut *o, const char *names);

/*
 * Row pieces, for the big outputs: these add bytes with no separator
 * before them (the caller writes its commas, or pieces formatted once
 * that hold them); a row built from them ends with pp_csv_out_end() all
 * the same, and must not mix with the functions above.
 */
void pp_csv_out_put(PpCsvOut *o, const char *s, gsize n);

/* Adds s[0..n) as it is (short pieces without a call: pp_copy_short). */
static inline void
pp_csv_out_raw(PpCsvOut *o, const char *s, gsize n)
{
	if (G_UNLIKELY(n >= PP_CSV_OUT_BUF - o->len)) {
		pp_csv_out_put(o, s, n);
		return;
	}
	pp_copy_short(o->buf + o->len, s, n);
	o->len += n;
}

/* Adds s as a field, quoted when needed; returns strlen(s). */
gsize pp_csv_out_text(PpCsvOut *o, const char *s);
/* Adds a yyyymmdd date as YYYY-MM-DD, and a number. */
void pp_csv_out_date(PpCsvOut *o, int32_t yyyymmdd);
void pp_csv_out_uint_raw(PpCsvOut *o, guint64 v);
/* Adds a fixed-point value without trailing zeros (a piece). */
void pp_csv_out_trim_raw(PpCsvOut *o, int64_t v, guint decimals);

/* Appends s as a field, quoted when needed, to g (pieces formatted once). */
void pp_csv_quote_to(GString *g, const char *s);

/* Flushes, syncs and closes; returns FALSE (errno in o->err) on any error. */
gboolean pp_csv_out_close(PpCsvOut *o);
