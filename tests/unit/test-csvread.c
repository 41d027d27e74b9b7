/* Unit tests: the CSV reader (read/csvread): lines, quoting, encodings. */
#include <stdio.h>
#include <string.h>

#include "read/csvread.h"

typedef struct {
	GString *got;
	guint restarts;
} Sink;

static void
on_record(const PpCsvRecord *rec, gboolean header, gpointer user)
{
	Sink *s = user;
	g_string_append_printf(s->got, "%s%u:", header ? "H" : "", rec->line);
	for (guint i = 0; i < rec->nfields; i++)
		g_string_append_printf(s->got, "%s%s", i ? "|" : "", rec->fields[i]);
	g_string_append_c(s->got, '\n');
}

static void
on_restart(gpointer user)
{
	Sink *s = user;
	g_string_truncate(s->got, 0);
	s->restarts++;
}

/* Reads data, every line through libcsv or not; returns the records
 * seen, the diagnostics printed and the encoding chosen. */
static void
read_both(const char *data, gsize len, PpEncoding enc, gboolean libcsv_only,
    char **records, char **diags, PpEncoding *chosen)
{
	Sink s = { g_string_new(NULL), 0 };
	PpCsvSink sink = { on_record, on_restart, &s, NULL, libcsv_only };
	g_autoptr(PpDiags) d = pp_diags_new();
	PpCsvInfo info;
	size_t bufn = 0;
	FILE *fp;

	*diags = NULL;
	fp = open_memstream(diags, &bufn);
	pp_csv_read_buffer(data, len, "t.csv", enc, &sink, d, &info);
	pp_diags_print(d, fp, FALSE);
	fclose(fp);
	*records = g_string_free(s.got, FALSE);
	*chosen = info.chosen;
}

/* Reads data; checks the records seen and the diagnostics printed, the
 * same whether the reader splits plain lines itself or libcsv does. */
static void
check(const char *data, gsize len, PpEncoding enc, const char *want_records,
    const char *want_diags, PpEncoding want_chosen)
{
	for (int only = 0; only <= 1; only++) {
		char *records, *diags;
		PpEncoding chosen;
		read_both(data, len, enc, only, &records, &diags, &chosen);
		g_assert_cmpstr(records, ==, want_records);
		g_assert_cmpstr(diags, ==, want_diags);
		g_assert_cmpint(chosen, ==, want_chosen);
		g_free(records);
		free(diags);
	}
}

#define CHECK(data, enc, recs, diags, chosen) check(data, sizeof(data) - 1, enc, recs, diags, chosen)

static void
test_basic(void)
{
	CHECK("a,b\n1,2\n3,4", PP_ENC_AUTO, "H1:a|b\n2:1|2\n3:3|4\n", "", PP_ENC_UTF8);
	/* CRLF, a BOM, blank and whitespace-only lines, trailing blank lines */
	CHECK("\xEF\xBB\xBF" "a,b\r\n\r\n1,2\r\n   \r\n3,4\r\n\r\n\r\n", PP_ENC_AUTO,
	    "H1:a|b\n3:1|2\n5:3|4\n", "", PP_ENC_UTF8);
	/* a row of empty fields (Excel's emptied row) is skipped, with a warning */
	CHECK("a,b\n,\n1,2\n", PP_ENC_AUTO, "H1:a|b\n3:1|2\n",
	    "t.csv:2: warning: a row of empty fields is skipped\n", PP_ENC_UTF8);
	/* CR alone ends lines (Mac Excel) and lines are counted by it */
	CHECK("a,b\r1,2\r3,4\r", PP_ENC_AUTO, "H1:a|b\n2:1|2\n3:3|4\n", "", PP_ENC_UTF8);
	/* a lone CR inside a line of an LF file would split the record: an error */
	CHECK("a,b\n1,2\r3,4\n5,6\n", PP_ENC_AUTO, "H1:a|b\n2:1|2\n2:3|4\n3:5|6\n",
	    "t.csv:2: error: a carriage return (CR) inside the line ends a record early (lines must end in LF or CRLF)\n",
	    PP_ENC_UTF8);
	/* a UTF-8 BOM is skipped also when the file turns out not to be UTF-8 */
	CHECK("\xEF\xBB\xBF" "a,b\n1,\xD5\xC5\n", PP_ENC_AUTO, "H1:a|b\n2:1|张\n", "", PP_ENC_GB18030);
	/* a NUL byte is an error with its line, never a cut field */
	check("a,b\n1,x\0y\n2,3\n", 14, PP_ENC_AUTO, "H1:a|b\n3:2|3\n",
	    "t.csv:2: error: a NUL byte: this is not a text file\n", PP_ENC_UTF8);
	/* spaces are kept (trimming is the tables' business) */
	CHECK("a,b\n 1 , 2\t\n", PP_ENC_AUTO, "H1:a|b\n2: 1 | 2\t\n", "", PP_ENC_UTF8);
	/* ... on lines among lines without any (libcsv's own space test is used
	 * on those), in quoted fields across lines, and before a quote */
	CHECK("a,b\n1,2\n 3 ,4\n5,6\n\t7,8\t\n", PP_ENC_AUTO,
	    "H1:a|b\n2:1|2\n3: 3 |4\n4:5|6\n5:\t7|8\t\n", "", PP_ENC_UTF8);
	CHECK("a,b\n\"x\ny \",z\n\" q\nr\",s\n1,2\n", PP_ENC_AUTO,
	    "H1:a|b\n2:x\ny |z\n4: q\nr|s\n6:1|2\n", "", PP_ENC_UTF8);
	CHECK("a,b\n\"x\" ,y\n1,2\n", PP_ENC_AUTO, "H1:a|b\n3:1|2\n",
	    "t.csv:2:1: error: malformed CSV: a quote inside an unquoted field, or text after a closing quote\n",
	    PP_ENC_UTF8);
}

static void
test_quotes(void)
{
	/* commas, doubled quotes and newlines inside quotes; numbered by the first line */
	CHECK("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"multi\nline\nfield\",z\nlast,1\n",
	    PP_ENC_AUTO, "H1:a|b\n2:x,y|say \"hi\"\n3:multi\nline\nfield|z\n6:last|1\n", "",
	    PP_ENC_UTF8);
	CHECK("a,b\n1,\"open\n2,3\n", PP_ENC_AUTO, "H1:a|b\n",
	    "t.csv:2:2: error: unterminated quoted field (it starts on this record)\n",
	    PP_ENC_UTF8);
	CHECK("a,b\n1,x\"y\n2,3\n", PP_ENC_AUTO, "H1:a|b\n3:2|3\n",
	    "t.csv:2:2: error: malformed CSV: a quote inside an unquoted field, or text after a closing quote\n",
	    PP_ENC_UTF8);
}

static void
test_field_counts(void)
{
	CHECK("a,b,c\n1,2\n1,2,3,4\n1,2,3\n", PP_ENC_AUTO, "H1:a|b|c\n4:1|2|3\n",
	    "t.csv:2:3: error: too few fields: 2, the header has 3\n"
	    "t.csv:3:4: error: too many fields: 4, the header has 3\n", PP_ENC_UTF8);
	CHECK("", PP_ENC_AUTO, "", "t.csv: error: no header row: the file is empty or blank\n", PP_ENC_UTF8);
	CHECK("\n\n  \n", PP_ENC_AUTO, "", "t.csv: error: no header row: the file is empty or blank\n",
	    PP_ENC_UTF8);
}

static void
test_encodings(void)
{
	/* 工号 in GB18030 is B9 A4 BA C5; 张三 is D5 C5 C8 FD */
	CHECK("\xB9\xA4\xBA\xC5,x\nE1,\xD5\xC5\xC8\xFD\n", PP_ENC_AUTO,
	    "H1:工号|x\n2:E1|张三\n", "", PP_ENC_GB18030);
	/* invalid UTF-8 late in the file: read again from the start */
	CHECK("a,b\n1,2\n3,\xD5\xC5\n", PP_ENC_AUTO, "H1:a|b\n2:1|2\n3:3|张\n", "",
	    PP_ENC_GB18030);
	/* forced UTF-8: the bad line is an error with its place */
	CHECK("a,b\n1,\xD5\xC5\n2,3\n", PP_ENC_UTF8, "H1:a|b\n3:2|3\n",
	    "t.csv:2: error: bytes that are not UTF-8 (try --encoding gb18030)\n", PP_ENC_UTF8);
	/* neither: 0x80 alone is not GB18030 */
	CHECK("a,b\n1,\x80\n2,3\n", PP_ENC_AUTO, "H1:a|b\n3:2|3\n",
	    "t.csv:2: error: bytes that are neither UTF-8 nor GB18030\n", PP_ENC_GB18030);
	/* a header line that cannot be read: no later line becomes the header */
	CHECK("\xB9\xA4\xBA\xC5,x\nE1,y\n", PP_ENC_UTF8, "",
	    "t.csv:1: error: bytes that are not UTF-8 (try --encoding gb18030)\n", PP_ENC_UTF8);
	/* UTF-8 text before a bad line: read as GB18030, with a warning */
	CHECK("a,b\n1,工号\n2,\xD5\xC5\n", PP_ENC_AUTO, "H1:a|b\n2:1|宸ュ彿\n3:2|张\n",
	    "t.csv:3: warning: not UTF-8 here, though earlier lines are: the whole file is read as GB18030 (check its Chinese text, or give --encoding)\n",
	    PP_ENC_GB18030);
	/* UTF-8 Chinese stays UTF-8 */
	CHECK("工号,x\nE1,张三\n", PP_ENC_AUTO, "H1:工号|x\n2:E1|张三\n", "", PP_ENC_UTF8);
}

static void
test_excerpt(void)
{
	g_autofree char *a = pp_excerpt("two\nlines", 9);
	g_autofree char *b = pp_excerpt("错错错错错错错错错错错错错错错错错错错错错错错", 69);
	g_assert_cmpstr(a, ==, "two?lines");
	/* cut at a character boundary: 20 characters of 3 bytes, then "..." */
	g_assert_cmpstr(b, ==, "错错错错错错错错错错错错错错错错错错错错...");
	g_assert_true(g_utf8_validate(b, -1, NULL));
}

/* A NUL byte, or a byte that is not UTF-8, at every place of lines of
 * every length to 40: found wherever it is (the line is looked at
 * sixteen bytes at a time, then byte by byte). */
static void
test_every_place(void)
{
	for (guint len = 1; len <= 40; len++)
		for (guint at = 0; at < len; at++) {
			g_autoptr(GString) line = g_string_new("h\n");
			g_autofree char *nul = NULL, *bad = NULL, *ok = NULL, *records = NULL;
			gsize base = line->len;

			for (guint k = 0; k < len; k++)
				g_string_append_c(line, (char)('a' + k % 26));
			g_string_append_c(line, '\n');
			line->str[base + at] = '\0';
			nul = g_strdup_printf("t.csv:2: error: a NUL byte: this is not a text file\n");
			check(line->str, line->len, PP_ENC_UTF8, "H1:h\n", nul, PP_ENC_UTF8);
			line->str[base + at] = (char)0xff;
			bad = g_strdup_printf("t.csv:2: error: bytes that are not UTF-8 (try --encoding gb18030)\n");
			check(line->str, line->len, PP_ENC_UTF8, "H1:h\n", bad, PP_ENC_UTF8);
			/* valid two-byte UTF-8 there (é) reads as it is */
			g_string_insert_c(line, (gssize)(base + at), (char)0xc3);
			line->str[base + at + 1] = (char)0xa9;
			records = g_strdup_printf("H1:h\n2:%.*s\n", (int)len + 1, line->str + base);
			check(line->str, line->len, PP_ENC_UTF8, records, "", PP_ENC_UTF8);
		}
}

/* Random files of the bytes that matter to CSV (commas, quotes, CR, LF,
 * spaces, tabs, a two-byte character, letters): the reader's own
 * splitting of plain lines gives what libcsv gives, record for record and
 * message for message.  Lines are short, so that many are plain. */
static void
test_same_as_libcsv(void)
{
	static const char *const bytes[] = { ",", ",", ",", "\"", "\r", "\n", "\n", "\r\n",
		" ", "\t", "é", "a", "b", "1", "22", "xyz" };
	GRand *rand = g_rand_new_with_seed(20261129);
	guint plain = 0;

	for (guint file = 0; file < 20000; file++) {
		g_autoptr(GString) data = g_string_new(NULL);
		guint len = (guint)g_rand_int_range(rand, 0, 60);
		char *rec[2], *diag[2];
		PpEncoding chosen[2];

		for (guint k = 0; k < len; k++) {
			/* mostly letters and commas, now and then the rest */
			guint i = g_rand_int_range(rand, 0, 8) > 0 ?
			    (guint)g_rand_int_range(rand, 10, (gint)G_N_ELEMENTS(bytes)) :
			    (guint)g_rand_int_range(rand, 0, (gint)G_N_ELEMENTS(bytes));
			if (g_rand_int_range(rand, 0, 4) == 0)
				i = (guint)g_rand_int_range(rand, 0, 3);	/* a comma */
			else if (g_rand_int_range(rand, 0, 6) == 0)
				i = 5;	/* a line end */
			g_string_append(data, bytes[i]);
		}
		for (int only = 0; only <= 1; only++)
			read_both(data->str, data->len, PP_ENC_UTF8, only, &rec[only], &diag[only],
			    &chosen[only]);
		if (strchr(data->str, '"') == NULL && strchr(data->str, '\r') == NULL)
			plain++;
		if (g_strcmp0(rec[0], rec[1]) != 0 || g_strcmp0(diag[0], diag[1]) != 0) {
			g_autofree char *shown = g_strescape(data->str, NULL);
			g_test_message("file %u: \"%s\"", file, shown);
		}
		g_assert_cmpstr(rec[0], ==, rec[1]);
		g_assert_cmpstr(diag[0], ==, diag[1]);
		g_assert_cmpint(chosen[0], ==, chosen[1]);
		for (int only = 0; only <= 1; only++) {
			g_free(rec[only]);
			free(diag[only]);
		}
	}
	/* both kinds of files were made */
	g_assert_cmpuint(plain, >, 2000);
	g_assert_cmpuint(plain, <, 18000);
	g_rand_free(rand);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/csv/basic", test_basic);
	g_test_add_func("/csv/quotes", test_quotes);
	g_test_add_func("/csv/field-counts", test_field_counts);
	g_test_add_func("/csv/encodings", test_encodings);
	g_test_add_func("/csv/excerpt", test_excerpt);
	g_test_add_func("/csv/every-place", test_every_place);
	g_test_add_func("/csv/same-as-libcsv", test_same_as_libcsv);
	return g_test_run();
}
