/*
 * libFuzzer harness: the CSV reader with encoding detection
 * (read/csvread.h, pp_csv_read_buffer).
 *
 * Input: the first byte chooses the encoding (byte % 3: 0 auto, 1 utf-8,
 * 2 gb18030; the seed corpus uses the ASCII digits '0', '1', '2'), the
 * rest is the file.  The sink touches every byte of every field and checks
 * what csvread.h promises; a broken promise aborts (a finding like any
 * sanitizer report):
 *   - the header comes first, once per pass; data records have as many
 *     fields as the header; records are numbered by line, never backwards;
 *   - every field is NUL-terminated at lens[i] and is UTF-8 (NULs aside);
 *   - a restart happens only in auto mode, once, from UTF-8 to GB18030;
 *   - info: bytes, records, had_header, chosen and the SHA-256 of the input;
 *   - no header delivered: an error says why.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/csvread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	guint64 sum;		/* of every field byte, so none is skipped */
	guint restarts;
	gboolean header_seen;
	guint header_nfields;
	guint last_line;
	guint64 records;	/* data records of this pass */
} Sink;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz_csv: %s:%d: broken promise: %s\n", \
			    __FILE__, __LINE__, #cond);                        \
			abort();                                               \
		}                                                              \
	} while (0)

/* Returns TRUE when p[0..n) is UTF-8, NUL bytes allowed. */
static gboolean
utf8_with_nuls(const char *p, gsize n)
{
	while (n > 0) {
		const char *z = memchr(p, '\0', n);
		gsize seg = z != NULL ? (gsize)(z - p) : n;
		if (seg > 0 && !g_utf8_validate_len(p, seg, NULL))
			return FALSE;
		if (z == NULL)
			break;
		p += seg + 1;
		n -= seg + 1;
	}
	return TRUE;
}

static void
on_record(const PpCsvRecord *rec, gboolean header, gpointer user)
{
	Sink *s = user;

	CHECK(rec->nfields > 0);
	CHECK(rec->line >= 1);
	if (header) {
		CHECK(!s->header_seen);
		s->header_seen = TRUE;
		s->header_nfields = rec->nfields;
	} else {
		CHECK(s->header_seen);
		CHECK(rec->nfields == s->header_nfields);
		CHECK(rec->line >= s->last_line);
		s->records++;
	}
	s->last_line = rec->line;
	for (guint i = 0; i < rec->nfields; i++) {
		const unsigned char *f = (const unsigned char *)rec->fields[i];
		gsize n = rec->lens[i];
		for (gsize k = 0; k < n; k++)
			s->sum += f[k];
		CHECK(f[n] == '\0');
		CHECK(utf8_with_nuls(rec->fields[i], n));
	}
}

static void
on_restart(gpointer user)
{
	Sink *s = user;

	s->restarts++;
	s->header_seen = FALSE;
	s->header_nfields = 0;
	s->last_line = 0;
	s->records = 0;
}

static FILE *devnull;
static volatile guint64 sum_sink;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const PpEncoding encs[3] = { PP_ENC_AUTO, PP_ENC_UTF8, PP_ENC_GB18030 };
	Sink s = { 0 };
	PpCsvSink sink = { .record = on_record, .restart = on_restart, .user = &s };
	PpDiags *diags;
	PpCsvInfo info;
	PpEncoding enc;
	const char *file;
	gsize len;
	char *want_sha;
	int status;

	if (size < 1)
		return 0;
	if (devnull == NULL)
		devnull = fopen("/dev/null", "w");
	enc = encs[data[0] % 3];
	file = (const char *)data + 1;
	len = size - 1;

	diags = pp_diags_new();
	CHECK(pp_csv_read_buffer(file, len, "fuzz.csv", enc, &sink, diags, &info));

	CHECK(s.restarts <= (enc == PP_ENC_AUTO ? 1u : 0u));
	CHECK(info.chosen == PP_ENC_UTF8 || info.chosen == PP_ENC_GB18030);
	if (enc == PP_ENC_UTF8)
		CHECK(info.chosen == PP_ENC_UTF8);
	if (enc == PP_ENC_GB18030 || s.restarts > 0)
		CHECK(info.chosen == PP_ENC_GB18030);
	CHECK(info.bytes == len);
	CHECK(info.records == s.records);
	/* had_header: the file is not empty or blank.  A header line that
	 * could not be read (bad bytes, NUL, bad quoting) counts as one but is
	 * not delivered; it must have been reported. */
	if (s.header_seen)
		CHECK(info.had_header);
	if (!info.had_header)
		CHECK(s.records == 0);
	if (!s.header_seen)
		CHECK(pp_diags_error_count(diags) > 0);
	CHECK(strlen(info.sha256) == 64);
	want_sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)file, len);
	CHECK(strcmp(info.sha256, want_sha) == 0);
	g_free(want_sha);

	/* Only data errors (65) here. */
	status = pp_diags_exit_status(diags);
	CHECK(status == 0 || status == PP_EXIT_DATAERR);
	if (devnull != NULL)
		pp_diags_print(diags, devnull, TRUE);
	pp_diags_free(diags);

	sum_sink = s.sum;	/* keep the sum alive */
	return 0;
}
