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
 *   - no header delivered: an error says why;
 *   - the reader's own splitting of plain lines changes nothing: read
 *     again with every line through libcsv (sink.libcsv_only), the same
 *     records, the same messages.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/csvread.h"

#define FUZZ_NAME "fuzz_csv"
#include "check.h"

typedef struct {
	guint64 sum;		/* of every field byte, so none is skipped */
	GString *stream;	/* every record delivered: line, fields, lengths */
	guint restarts;
	gboolean header_seen;
	guint header_nfields;
	guint last_line;
	guint64 records;	/* data records of this pass */
} Sink;

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
	g_string_append_printf(s->stream, "%c%u:%u", header ? 'H' : 'R', rec->line, rec->nfields);
	for (guint i = 0; i < rec->nfields; i++) {
		g_string_append_printf(s->stream, "|%zu:", rec->lens[i]);
		g_string_append_len(s->stream, rec->fields[i], (gssize)rec->lens[i]);
	}
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
	g_string_append(s->stream, "restart;");
	s->header_seen = FALSE;
	s->header_nfields = 0;
	s->last_line = 0;
	s->records = 0;
}

static FILE *devnull;
static volatile guint64 sum_sink;

/* Returns the messages of d as printed (free()). */
static char *
printed(const PpDiags *d)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	CHECK(fp != NULL);
	pp_diags_print(d, fp, TRUE);
	fclose(fp);
	return buf;
}

/* Reads file again with every line through libcsv: the same as s, d, info. */
static void
check_libcsv_alone(const char *file, gsize len, PpEncoding enc, const Sink *s,
    const PpDiags *d, const PpCsvInfo *info)
{
	Sink s2 = { 0 };
	PpCsvSink sink = { .record = on_record, .restart = on_restart, .user = &s2,
		.libcsv_only = TRUE };
	PpDiags *d2 = pp_diags_new();
	PpCsvInfo info2;
	char *a, *b;

	s2.stream = g_string_new(NULL);
	CHECK(pp_csv_read_buffer(file, len, "fuzz.csv", enc, &sink, d2, &info2));
	CHECK(strcmp(s->stream->str, s2.stream->str) == 0);
	a = printed(d);
	b = printed(d2);
	CHECK(strcmp(a, b) == 0);
	CHECK(info->chosen == info2.chosen && info->records == info2.records &&
	    info->had_header == info2.had_header);
	free(a);
	free(b);
	g_string_free(s2.stream, TRUE);
	pp_diags_free(d2);
}

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
	s.stream = g_string_new(NULL);
	CHECK(pp_csv_read_buffer(file, len, "fuzz.csv", enc, &sink, diags, &info));
	check_libcsv_alone(file, len, enc, &s, diags, &info);

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
	g_string_free(s.stream, TRUE);

	sum_sink = s.sum;	/* keep the sum alive */
	return 0;
}
