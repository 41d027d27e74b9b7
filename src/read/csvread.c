#include "csvread.h"

#include "common/copy.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#define BLOCK_SIZE (1u << 20)

typedef enum { PASS_DONE, PASS_RESTART, PASS_IOERR } PassResult;

typedef struct {
	const char *name;
	PpEncoding enc;		/* the encoding of the current pass */
	gboolean tentative;	/* auto mode, still trying UTF-8 */
	const PpCsvSink *sink;
	PpDiags *diags;		/* this file's diagnostics (emptied on a restart) */
	PpCsvInfo *info;
	struct csv_parser parser;
	GIConv conv;		/* GB18030 -> UTF-8, or (GIConv)-1 */
	GString *conv_buf;
	/* the current record: its fields one after another, each NUL-ended,
	 * in text[0..text_len); where each starts and its length.  Plain
	 * arrays grown by doubling: libcsv calls on_field for every field. */
	char *text;
	gsize text_len, text_cap;
	gsize *offsets;
	gsize *lens;
	char **ptrs;		/* the fields handed to the sink */
	guint nfields, fields_cap;
	guint line;		/* the line being fed */
	guint rec_line;		/* first line of the current record */
	gboolean at_boundary;	/* the next line starts a record */
	gboolean header_seen;
	gboolean header_broken;	/* the header line could not be read */
	guint header_nfields;
	char eol;		/* '\n', or '\r' for files with CR line ends only */
	gboolean saw_utf8;	/* a valid non-ASCII UTF-8 line was read */
	guint bad_utf8_line;	/* auto mode: the first line that was not UTF-8 */
	guint records_ended;	/* records libcsv ended so far (blank ones too) */
	PpSha256 *hash;
} Reader;

const char *
pp_encoding_name(PpEncoding e)
{
	switch (e) {
	case PP_ENC_UTF8:
		return "utf-8";
	case PP_ENC_GB18030:
		return "gb18030";
	default:
		return "auto";
	}
}

/* Returns 0: nothing is a space to libcsv, so fields keep their spaces. */
static int
no_space(unsigned char c)
{
	return 0;
}

static void
parser_init(Reader *r)
{
	csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_space_func(&r->parser, no_space);
}

static void
clear_record(Reader *r)
{
	r->text_len = 0;
	r->nfields = 0;
}

/* Makes room for one more field of len bytes. */
G_NO_INLINE static void
grow_record(Reader *r, gsize len)
{
	if (r->text_len + len + 1 > r->text_cap) {
		r->text_cap = MAX(r->text_cap * 2, r->text_len + len + 1);
		r->text = g_realloc(r->text, r->text_cap);
	}
	if (r->nfields == r->fields_cap) {
		r->fields_cap = MAX(r->fields_cap * 2, 16);
		r->offsets = g_renew(gsize, r->offsets, r->fields_cap);
		r->lens = g_renew(gsize, r->lens, r->fields_cap);
		r->ptrs = g_renew(char *, r->ptrs, r->fields_cap);
	}
}

/* libcsv's end-of-field callback: appends the field to the record. */
static void
on_field(void *s, size_t len, void *data)
{
	Reader *r = data;

	if (G_UNLIKELY(r->text_len + len + 1 > r->text_cap || r->nfields == r->fields_cap))
		grow_record(r, len);
	pp_copy_short(r->text + r->text_len, s, len);
	r->text[r->text_len + len] = '\0';
	r->offsets[r->nfields] = r->text_len;
	r->lens[r->nfields++] = len;
	r->text_len += len + 1;
}

/*
 * Splits p[0..n), a line that begins a record, at its commas into the
 * current record (empty), as libcsv splits a line without quotes: every
 * byte between two commas is the field's, spaces too.  Returns FALSE,
 * with the record left empty, when the line is not such a line: it does
 * not end in LF, it has nothing before its line end (libcsv skips it), or
 * it has a quote or a CR other than the one before the LF.  Sixteen bytes
 * at a time where SSE2 is there, copying as it looks.
 */
static gboolean
split_plain(Reader *r, const char *p, gsize n)
{
	gsize m, i = 0, start = 0;
	char *t;

	if (n < 2 || p[n - 1] != '\n')
		return FALSE;
	m = n - 1;
	if (p[m - 1] == '\r')
		m--;
	if (m == 0)
		return FALSE;
	if (m + 1 > r->text_cap)
		grow_record(r, m);
	t = r->text;
#define PP_FIELD_END(k)                                                        \
	do {                                                                   \
		if (G_UNLIKELY(r->nfields == r->fields_cap))                   \
			grow_record(r, 0);                                     \
		t[(k)] = '\0';                                                 \
		r->offsets[r->nfields] = start;                                \
		r->lens[r->nfields++] = (k) - start;                           \
		start = (k) + 1;                                               \
	} while (0)
#if defined(__SSE2__)
	{
		const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
		const __m128i cr = _mm_set1_epi8('\r');
		for (; i + 16 <= m; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
			guint odd = (guint)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
			    _mm_cmpeq_epi8(v, cr)));
			guint commas = (guint)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma));
			if (odd != 0)
				goto not_plain;
			_mm_storeu_si128((__m128i *)(void *)(t + i), v);
			for (; commas != 0; commas &= commas - 1)
				PP_FIELD_END(i + (gsize)__builtin_ctz(commas));
		}
	}
#endif
	for (; i < m; i++) {
		char c = p[i];
		if (c == '"' || c == '\r')
			goto not_plain;
		t[i] = c;
		if (c == ',')
			PP_FIELD_END(i);
	}
	PP_FIELD_END(m);
#undef PP_FIELD_END
	r->text_len = m + 1;
	return TRUE;
not_plain:
	clear_record(r);
	return FALSE;
}

/* Returns TRUE when every field of the record is empty or spaces. */
static gboolean
record_is_blank(Reader *r)
{
	for (guint i = 0; i < r->nfields; i++) {
		const char *f = r->text + r->offsets[i];
		gsize n = r->lens[i];
		for (gsize k = 0; k < n; k++)
			if (f[k] != ' ' && f[k] != '\t')
				return FALSE;
	}
	return TRUE;
}

/* libcsv's end-of-record callback: checks the record and hands it on. */
static void
on_record(int c, void *data)
{
	Reader *r = data;
	PpCsvRecord rec;
	guint n = r->nfields;

	r->records_ended++;
	if (n == 0 || r->header_broken || (n == 1 && record_is_blank(r))) {
		/* a blank or whitespace-only line; or no header to read rows by */
		clear_record(r);
		return;
	}
	if (r->header_seen && n == r->header_nfields && record_is_blank(r)) {
		/* what Excel writes for an emptied row: ",,,," */
		pp_diag_warning(r->diags, "empty-row", r->name, r->rec_line,
		    _("a row of empty fields is skipped"));
		clear_record(r);
		return;
	}
	if (r->header_seen && n != r->header_nfields) {
		if (n < r->header_nfields)
			pp_diag_error(r->diags, PP_EXIT_DATAERR, r->name, r->rec_line, n + 1,
			    _("too few fields: %u, the header has %u"), n, r->header_nfields);
		else
			pp_diag_error(r->diags, PP_EXIT_DATAERR, r->name, r->rec_line,
			    r->header_nfields + 1,
			    _("too many fields: %u, the header has %u"), n, r->header_nfields);
		clear_record(r);
		return;
	}
	for (guint i = 0; i < n; i++)
		r->ptrs[i] = r->text + r->offsets[i];
	rec.nfields = n;
	rec.fields = r->ptrs;
	rec.lens = r->lens;
	rec.line = r->rec_line;
	if (!r->header_seen) {
		r->header_seen = TRUE;
		r->header_nfields = n;
		r->sink->record(&rec, TRUE, r->sink->user);
	} else {
		r->info->records++;
		r->sink->record(&rec, FALSE, r->sink->user);
	}
	clear_record(r);
}

/*
 * Looks at every byte of the line p[0..n) once: returns TRUE when one is
 * NUL, sets *ascii to whether all are below 0x80 (then the line is valid
 * UTF-8 without more ado) and *blank to whether any is a space or a tab.
 * Sixteen bytes at a time where SSE2 is there, never past p[n - 1].
 */
static gboolean
scan_line(const char *p, gsize n, gboolean *ascii, gboolean *blank)
{
	gsize i = 0;
	guint high = 0, sp = 0;

#if defined(__SSE2__)
	{
		const __m128i zero = _mm_setzero_si128(), space = _mm_set1_epi8(' ');
		const __m128i tab = _mm_set1_epi8('\t');
		__m128i any_high = zero, any_space = zero;
		for (; i + 16 <= n; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
			if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)) != 0)
				return TRUE;
			any_high = _mm_or_si128(any_high, v);
			any_space = _mm_or_si128(any_space, _mm_or_si128(_mm_cmpeq_epi8(v, space),
			    _mm_cmpeq_epi8(v, tab)));
		}
		high = (guint)_mm_movemask_epi8(any_high);
		sp = (guint)_mm_movemask_epi8(any_space);
	}
#endif
	for (; i < n; i++) {
		if (p[i] == '\0')
			return TRUE;
		high |= (guchar)p[i] & 0x80;
		sp |= p[i] == ' ' || p[i] == '\t';
	}
	*ascii = high == 0;
	*blank = sp != 0;
	return FALSE;
}

/* Converts p[0..n) from GB18030 into r->conv_buf; returns FALSE on bad bytes. */
static gboolean
from_gb18030(Reader *r, const char *p, gsize n)
{
	gchar *in = (gchar *)p;
	gsize inleft = n;

	g_iconv(r->conv, NULL, NULL, NULL, NULL);
	g_string_set_size(r->conv_buf, n * 2 + 16);
	{
		gchar *out = r->conv_buf->str;
		gsize outleft = r->conv_buf->len;
		while (inleft > 0) {
			gsize rc = g_iconv(r->conv, &in, &inleft, &out, &outleft);
			if (rc == (gsize)-1) {
				if (errno == E2BIG) {
					gsize used = (gsize)(out - r->conv_buf->str);
					g_string_set_size(r->conv_buf, r->conv_buf->len * 2);
					out = r->conv_buf->str + used;
					outleft = r->conv_buf->len - used;
					continue;
				}
				return FALSE;
			}
		}
		g_string_set_size(r->conv_buf, (gsize)(out - r->conv_buf->str));
	}
	return TRUE;
}

/* Starts libcsv afresh after a malformed record, dropping it. */
static void
parser_restart(Reader *r)
{
	csv_free(&r->parser);
	parser_init(r);
	clear_record(r);
}

/* The line could not be read: before the header, there is no header. */
static void
line_lost(Reader *r)
{
	parser_restart(r);
	r->at_boundary = TRUE;
	if (!r->header_seen) {
		r->header_seen = TRUE;
		r->header_broken = TRUE;
	}
}

/*
 * Feeds one physical line (with its line end, if any) to the parser.
 * Returns FALSE when the file must be read again as GB18030.
 */
static gboolean
feed_line(Reader *r, const char *p, gsize n)
{
	gboolean ascii = TRUE, blank = TRUE;

	r->line++;
	if (r->line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		/* a UTF-8 BOM, skipped in whatever encoding the file is read */
		p += 3;
		n -= 3;
	}
	if (r->at_boundary) {
		r->rec_line = r->line;
		r->at_boundary = FALSE;
	}
	if (scan_line(p, n, &ascii, &blank)) {
		pp_diag_error(r->diags, PP_EXIT_DATAERR, r->name, r->line, 0,
		    _("a NUL byte: this is not a text file"));
		line_lost(r);
		return TRUE;
	}
	if (r->enc == PP_ENC_UTF8) {
		if (!ascii && !g_utf8_validate_len(p, n, NULL)) {
			if (r->tentative) {
				r->bad_utf8_line = r->line;
				return FALSE;
			}
			pp_diag_error(r->diags, PP_EXIT_DATAERR, r->name, r->line, 0,
			    _("bytes that are not UTF-8 (try --encoding gb18030)"));
			line_lost(r);
			return TRUE;
		}
		r->saw_utf8 |= !ascii;
	} else {
		if (!from_gb18030(r, p, n)) {
			pp_diag_error(r->diags, PP_EXIT_DATAERR, r->name, r->line, 0,
			    _("bytes that are neither UTF-8 nor GB18030"));
			line_lost(r);
			return TRUE;
		}
		p = r->conv_buf->str;
		n = r->conv_buf->len;
		blank = TRUE;	/* (looked at before converting) */
	}
	if (r->parser.pstate == 0 && r->eol == '\n' && !r->sink->libcsv_only &&
	    split_plain(r, p, n)) {
		/* libcsv is between records, and stays so */
		on_record('\n', r);
		r->at_boundary = TRUE;
		return TRUE;
	}
	/* libcsv trims spaces and tabs unless told that nothing is a space,
	 * which costs a call for every byte of an unquoted field.  On a line
	 * without a space or a tab its own test says no to every byte just
	 * the same: the call is needed only on lines that have one. */
	csv_set_space_func(&r->parser, blank ? no_space : NULL);
	{
		guint before = r->records_ended;
		if (csv_parse(&r->parser, p, n, on_field, on_record, r) < n) {
			pp_diag_error(r->diags, PP_EXIT_DATAERR, r->name, r->rec_line,
			    r->nfields + 1,
			    _("malformed CSV: a quote inside an unquoted field, or text after a closing quote"));
			line_lost(r);
		} else if (r->records_ended - before > 1 && r->eol == '\n')
			/* only a lone CR (not CRLF) ends two records on one line */
			pp_diag_error(r->diags, PP_EXIT_DATAERR, r->name, r->line, 0,
			    _("a carriage return (CR) inside the line ends a record early (lines must end in LF or CRLF)"));
	}
	r->at_boundary = r->parser.pstate == 0;
	return TRUE;
}

/* Feeds the complete lines of buf[0..*len); keeps the partial last line. */
static gboolean
feed_lines(Reader *r, char *buf, gsize *len, gboolean eof)
{
	gsize start = 0;

	for (;;) {
		char *nl = memchr(buf + start, r->eol, *len - start);
		gsize end = nl != NULL ? (gsize)(nl - buf) + 1 : *len;
		if (nl == NULL && !eof)
			break;
		if (end > start && !feed_line(r, buf + start, end - start))
			return FALSE;
		start = end;
		if (start >= *len)
			break;
	}
	memmove(buf, buf + start, *len - start);
	*len -= start;
	return TRUE;
}

/* Ends the pass: flushes the last record, reports an open quote. */
static void
finish(Reader *r)
{
	if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
		pp_diag_error(r->diags, PP_EXIT_DATAERR, r->name, r->rec_line, r->nfields + 1,
		    _("unterminated quoted field (it starts on this record)"));
		clear_record(r);
	}
	if (!r->header_seen)
		pp_diag_error(r->diags, PP_EXIT_DATAERR, r->name, 0, 0,
		    _("no header row: the file is empty or blank"));
	r->info->had_header = r->header_seen;
}

/* Resets the reader for a pass in encoding enc. */
static void
begin_pass(Reader *r, PpEncoding enc)
{
	r->enc = enc == PP_ENC_GB18030 ? PP_ENC_GB18030 : PP_ENC_UTF8;
	r->tentative = enc == PP_ENC_AUTO;
	r->line = 0;
	r->rec_line = 0;
	r->at_boundary = TRUE;
	r->header_seen = FALSE;
	r->header_broken = FALSE;
	r->header_nfields = 0;
	r->eol = 0;
	r->info->records = 0;
	r->info->bytes = 0;
	r->info->chosen = r->enc;
	clear_record(r);
	csv_free(&r->parser);
	parser_init(r);
	pp_sha256_reset(r->hash);
	if (r->enc == PP_ENC_GB18030 && r->conv == (GIConv)-1)
		r->conv = g_iconv_open("UTF-8", "GB18030");
}

/* Line ends: LF (and CRLF), or CR alone when the first block has CR but no LF. */
static void
detect_eol(Reader *r, const char *p, gsize n)
{
	r->eol = memchr(p, '\r', n) != NULL && memchr(p, '\n', n) == NULL ? '\r' : '\n';
}

/* One pass over fd (or over mem when fd < 0). */
static PassResult
run_pass(Reader *r, int fd, const char *mem, gsize memlen)
{
	if (fd < 0) {
		char *copy = g_malloc(memlen + 1);
		gsize len = memlen;
		gboolean ok;
		memcpy(copy, mem, memlen);
		detect_eol(r, mem, memlen);
		pp_sha256_update(r->hash, mem, memlen);
		r->info->bytes = memlen;
		ok = feed_lines(r, copy, &len, TRUE);
		g_free(copy);
		if (!ok)
			return PASS_RESTART;
	} else {
		g_autofree char *buf = g_malloc(BLOCK_SIZE);
		gsize cap = BLOCK_SIZE, len = 0;
		for (;;) {
			gssize got;
			if (cap - len < BLOCK_SIZE / 2) {
				cap *= 2; /* a line longer than the block */
				buf = g_realloc(buf, cap);
			}
			got = read(fd, buf + len, cap - len);
			if (got < 0) {
				if (errno == EINTR)
					continue;
				return PASS_IOERR;
			}
			if (r->eol == 0)
				detect_eol(r, buf + len, (gsize)got);
			pp_sha256_update(r->hash, buf + len, (gsize)got);
			r->info->bytes += (guint64)got;
			len += (gsize)got;
			if (!feed_lines(r, buf, &len, got == 0))
				return PASS_RESTART;
			pp_progress_update(r->sink->progress, r->name, r->info->bytes, r->info->records);
			if (got == 0)
				break;
		}
	}
	finish(r);
	return PASS_DONE;
}

static void
reader_init(Reader *r, const char *name, const PpCsvSink *sink, PpDiags *diags,
    PpCsvInfo *info)
{
	memset(r, 0, sizeof *r);
	memset(info, 0, sizeof *info);
	r->name = name;
	r->sink = sink;
	r->info = info;
	r->diags = diags;
	r->conv = (GIConv)-1;
	r->conv_buf = g_string_new(NULL);
	r->hash = pp_sha256_new();
	parser_init(r);
}

static void
reader_clear(Reader *r)
{
	csv_free(&r->parser);
	if (r->conv != (GIConv)-1)
		g_iconv_close(r->conv);
	g_string_free(r->conv_buf, TRUE);
	g_free(r->text);
	g_free(r->offsets);
	g_free(r->lens);
	g_free(r->ptrs);
	pp_sha256_free(r->hash);
}

/* Runs passes until one completes; returns FALSE on a read error. */
static gboolean
read_all(Reader *r, int fd, const char *mem, gsize memlen, PpEncoding enc)
{
	PassResult pr;

	begin_pass(r, enc);
	while ((pr = run_pass(r, fd, mem, memlen)) == PASS_RESTART) {
		/* Not UTF-8: start over as GB18030, forgetting the first pass. */
		gboolean mixed = r->saw_utf8;
		guint bad = r->bad_utf8_line;
		pp_diags_clear(r->diags);
		if (r->sink->restart != NULL)
			r->sink->restart(r->sink->user);
		if (fd >= 0 && lseek(fd, 0, SEEK_SET) != 0)
			return FALSE;
		begin_pass(r, PP_ENC_GB18030);
		if (mixed)
			pp_diag_warning(r->diags, "mixed-encoding", r->name, bad,
			    _("not UTF-8 here, though earlier lines are: the whole file is read as GB18030 (check its Chinese text, or give --encoding)"));
		else
			pp_diag_note(r->diags, r->name, _("not valid UTF-8: read as GB18030"));
	}
	if (pr == PASS_IOERR)
		return FALSE;
	pp_sha256_hex(r->hash, r->info->sha256);
	pp_progress_file_done(r->sink->progress, r->info->bytes, r->info->records);
	if (r->info->chosen == PP_ENC_UTF8)
		pp_diag_note(r->diags, r->name, _("read as UTF-8"));
	return TRUE;
}

gboolean
pp_csv_read_file(const char *path, const char *name, PpEncoding enc,
    const PpCsvSink *sink, PpDiags *diags, PpCsvInfo *info)
{
	Reader r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	gboolean ok;

	if (fd < 0) {
		pp_diag_error(diags, PP_EXIT_NOINPUT, name, 0, 0, _("cannot open: %s"),
		    g_strerror(errno));
		return FALSE;
	}
	reader_init(&r, name, sink, diags, info);
	ok = read_all(&r, fd, NULL, 0, enc);
	if (!ok)
		pp_diag_error(diags, PP_EXIT_NOINPUT, name, 0, 0, _("cannot read: %s"),
		    g_strerror(errno));
	close(fd);
	reader_clear(&r);
	return ok;
}

gboolean
pp_csv_read_buffer(const char *data, gsize len, const char *name, PpEncoding enc,
    const PpCsvSink *sink, PpDiags *diags, PpCsvInfo *info)
{
	Reader r;

	reader_init(&r, name, sink, diags, info);
	read_all(&r, -1, data, len, enc);
	reader_clear(&r);
	return TRUE;
}
