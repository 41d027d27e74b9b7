/*
 * Reading one CSV file (SPEC §3): RFC 4180 through libcsv in strict mode,
 * LF or CRLF, a UTF-8 BOM skipped, UTF-8 or GB18030 (what Chinese Excel
 * writes) chosen per file, every record numbered by its first line, blank
 * lines skipped, and a record with another number of fields than the header
 * reported and not delivered.  The bytes are hashed (SHA-256) in the same
 * pass.  Problems go to the caller's PpDiags; the reader never stops at the
 * first one.
 */
#pragma once

#include <glib.h>

#include "common/diag.h"
#include "common/progress.h"
#include "common/sha256.h"

typedef enum {
	PP_ENC_AUTO = 0,	/* UTF-8 if the whole file is valid UTF-8, else GB18030 */
	PP_ENC_UTF8,
	PP_ENC_GB18030,
} PpEncoding;

/* "utf-8", "gb18030" (for notes and the manifest); "auto" for PP_ENC_AUTO. */
const char *pp_encoding_name(PpEncoding e);

/* One record, fields converted to UTF-8 and NUL-terminated.  Borrowed:
 * valid only during the callback. */
typedef struct {
	guint nfields;
	char **fields;
	const gsize *lens;
	guint line;		/* the record's first line (1-based) */
} PpCsvRecord;

typedef struct {
	/* Called for the header (the first non-blank record, index 0) and then
	 * each data record with as many fields as the header. */
	void (*record)(const PpCsvRecord *rec, gboolean header, gpointer user);
	/* Called when the file is read again from the start in another
	 * encoding: forget everything delivered from it. */
	void (*restart)(gpointer user);
	gpointer user;
	PpProgress *progress;	/* NULL: none */
	/* TRUE: every line through libcsv, none split by the reader itself
	 * (tests and the fuzzer compare the two ways; see pp_csv_read_file) */
	gboolean libcsv_only;
} PpCsvSink;

typedef struct {
	PpEncoding chosen;	/* the encoding the file was read in */
	guint64 bytes;		/* bytes in the file */
	guint64 records;	/* data records delivered (header not counted) */
	char sha256[PP_SHA256_HEX];
	gboolean had_header;	/* FALSE: the file is empty or blank */
} PpCsvInfo;

/*
 * Reads the file at path (named `name` in messages) in encoding enc,
 * handing records to sink.  A line that begins a record, ends in LF (or
 * CRLF) and has no quote and no other CR, most lines of most files, is
 * split at its commas by the reader itself, as libcsv would split it;
 * every other line goes through libcsv.  Returns FALSE when the file
 * cannot be opened or read (an error with exit status 66 is added to
 * diags); otherwise TRUE, with every problem of its contents added to
 * diags (exit status 65) and *info filled.  A file with no header record
 * is an error.
 *
 * diags is this file's own list: when the file is read again as GB18030,
 * it is emptied along with what the sink was given (sink->restart), so
 * the sink should add its own problems to the same list, in line order.
 */
gboolean pp_csv_read_file(const char *path, const char *name, PpEncoding enc,
    const PpCsvSink *sink, PpDiags *diags, PpCsvInfo *info);

/* The same over bytes in memory (for tests and fuzzing); always TRUE. */
gboolean pp_csv_read_buffer(const char *data, gsize len, const char *name,
    PpEncoding enc, const PpCsvSink *sink, PpDiags *diags, PpCsvInfo *info);
