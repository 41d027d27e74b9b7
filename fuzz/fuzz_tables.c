/*
 * libFuzzer harness: the table layer (read/tables.h) over the CSV reader.
 *
 * The loaders read files by path, so the input is written to a memfd and
 * read back through /proc/self/fd/N.  Input: the first byte b chooses
 *   b % 4        the table: 0 violations, 1 wages, 2 org, 3 carry-in ledger
 *   (b / 4) % 3  the encoding: 0 auto, 1 utf-8, 2 gb18030
 *   (b / 12) % 2 violations only: read the file twice (duplicate record IDs)
 * and the rest is the file.  The month is 2026-09; the rule table is the
 * one of tests/golden/io-csv-formats (parsed once).  After reading, the
 * checks across tables (pp_month_validate) run too, and every employee,
 * code and file index in the rows read must be in range (model.h).
 *
 * In auto mode the file is read a second time in the encoding auto-detection
 * chose: both readings must print the same diagnostics and keep the same
 * rows (what a first, abandoned UTF-8 pass found must be forgotten); only
 * auto mode's own message about reading the file as GB18030 may differ.
 * PP_FUZZ_NO_DIFF=1 in the environment turns this comparison off.
 */
#define _GNU_SOURCE 1

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "model.h"
#include "read/rules.h"
#include "read/tables.h"

#define FUZZ_NAME "fuzz_tables"
#include "check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

static const char rules_yaml[] =
    "schema: 1\n"
    "name: fuzz\n"
    "effective_from: 2013-01\n"
    "yuan_per_point: 5\n"
    "quality_score_base: 100\n"
    "caps:\n"
    "  wage_ratio: 0.20\n"
    "  liability_ratio: 0.20\n"
    "liability:\n"
    "  general: {direct: 0.60, indirect: 0.30}\n"
    "  serious: {direct: 0.80, indirect: 0.40}\n"
    "  major:   {direct: 1.00, indirect: 0.50}\n"
    "minimum_wage:\n"
    "  - {region: shanghai, amount: 2740.00, effective_from: 2025-07-01}\n"
    "  - {region: beijing, amount: 2540.00, effective_from: 2024-09-01}\n"
    "  - {region: 上海, amount: 2740.00, effective_from: 2025-07-01}\n"
    "codes:\n"
    "  - {code: A01, name: 未核对客户信息, category: general, points: 5}\n"
    "  - {code: B01, name: 泄露客户信息, category: serious, points: 10}\n"
    "  - {code: C01, name: 违规承诺收益, category: major, points: 20}\n"
    "  - {code: D-NOTICE, name: 通报批评, category: general, points: 20}\n"
    "  - {code: D-DISMISS, name: 辞退, category: major, reset: true}\n";

static PpRules *rules;	/* lent to every month */
static int memfd = -1;
static char path[64];
static FILE *devnull;
static gboolean diff_auto = TRUE;	/* PP_FUZZ_NO_DIFF=1 turns it off */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	PpDiags *d = pp_diags_new();

	rules = pp_rules_parse("rules.yaml", rules_yaml, sizeof rules_yaml - 1, d);
	if (rules == NULL) {
		pp_diags_print(d, stderr, TRUE);
		abort();
	}
	pp_diags_free(d);
	memfd = memfd_create("fuzz.csv", MFD_CLOEXEC);
	if (memfd < 0) {
		perror("memfd_create");
		abort();
	}
	g_snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
	devnull = fopen("/dev/null", "w");
	diff_auto = g_getenv("PP_FUZZ_NO_DIFF") == NULL;
	return 0;
}

/* Replaces the memfd's contents with p[0..n). */
static void
put_file(const char *p, size_t n)
{
	size_t done = 0;

	CHECK(ftruncate(memfd, 0) == 0);
	while (done < n) {
		ssize_t w = pwrite(memfd, p + done, n - done, (off_t)done);
		if (w < 0 && errno == EINTR)
			continue;
		CHECK(w > 0);
		done += (size_t)w;
	}
}

/* What one reading gave: the diagnostics as printed, and the rows. */
typedef struct {
	char *diags;		/* pp_diags_print, not verbose (no notes) */
	guint rows[4];		/* records, wages, org, carry */
	PpEncoding chosen;
} Outcome;

/* Reads the memfd as table in encoding enc into a new month; checks it. */
static void
read_month(guint table, PpEncoding enc, gboolean twice, Outcome *out)
{
	PpMonth *m = pp_month_new(202609);
	PpDiags *diags = pp_diags_new();
	const PpInputFile *file;
	size_t dlen = 0;
	FILE *fp;
	guint nemps;

	m->rules = rules;
	m->rules_file.path = g_strdup("rules.yaml");
	switch (table) {
	case 0:
		CHECK(pp_read_violations(m, path, enc, diags));
		if (twice)
			CHECK(pp_read_violations(m, path, enc, diags));
		file = &g_array_index(m->violation_files, PpInputFile, 0);
		break;
	case 1:
		CHECK(pp_read_wages(m, path, enc, diags));
		file = &m->wages_file;
		break;
	case 2:
		CHECK(pp_read_org(m, path, enc, diags));
		file = &m->org_file;
		break;
	default:
		CHECK(pp_read_ledger(m, path, enc, diags));
		file = &m->ledger_file;
		break;
	}
	CHECK(file->encoding != NULL);
	out->chosen = strcmp(file->encoding, "gb18030") == 0 ? PP_ENC_GB18030 : PP_ENC_UTF8;
	pp_month_validate(m, 1, diags);

	nemps = pp_month_n_emps(m);
	for (guint i = 0; i < m->records->len; i++) {
		const PpRecord *r = &g_array_index(m->records, PpRecord, i);
		CHECK(r->emp == PP_NO_EMP || r->emp < nemps);	/* NO_EMP: a bad row kept */
		CHECK(r->code < rules->codes->len);
		CHECK(r->line >= 1);
		CHECK(r->file < m->violation_files->len);
		CHECK(r->id < m->ids->len);
	}
	for (guint i = 0; i < m->wages->len; i++) {
		const PpWage *w = &g_array_index(m->wages, PpWage, i);
		CHECK(w->emp < nemps && w->region != NULL && w->name != NULL);
	}
	for (guint i = 0; i < m->org->len; i++) {
		const PpOrgRow *o = &g_array_index(m->org, PpOrgRow, i);
		CHECK(o->emp < nemps);
		CHECK(o->direct == PP_NO_EMP || o->direct < nemps);
		CHECK(o->indirect == PP_NO_EMP || o->indirect < nemps);
	}
	for (guint i = 0; i < m->carry->len; i++) {
		const PpCarry *c = &g_array_index(m->carry, PpCarry, i);
		CHECK(c->emp < nemps && c->amount > 0 && c->origin < m->month);
	}
	for (guint e = 0; e < nemps; e++)
		CHECK(pp_month_find(m, pp_month_emp_id(m, e)) == e);
	out->rows[0] = m->records->len;
	out->rows[1] = m->wages->len;
	out->rows[2] = m->org->len;
	out->rows[3] = m->carry->len;

	if (devnull != NULL)
		pp_diags_print(diags, devnull, TRUE);
	out->diags = NULL;
	fp = open_memstream(&out->diags, &dlen);
	CHECK(fp != NULL);
	pp_diags_print(diags, fp, FALSE);
	fclose(fp);

	pp_diags_free(diags);
	m->rules = NULL;	/* lent, not owned */
	pp_month_free(m);
}

/* Removes from text (in place) every line that contains needle. */
static void
drop_lines(char *text, const char *needle)
{
	char *in = text, *out = text;

	while (*in != '\0') {
		char *nl = strchr(in, '\n');
		size_t n = nl != NULL ? (size_t)(nl - in) + 1 : strlen(in);
		if (g_strstr_len(in, (gssize)n, needle) == NULL) {
			memmove(out, in, n);
			out += n;
		}
		in += n;
	}
	*out = '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const PpEncoding encs[3] = { PP_ENC_AUTO, PP_ENC_UTF8, PP_ENC_GB18030 };
	Outcome a, b;
	PpEncoding enc;
	guint table;
	gboolean twice;

	if (size < 1)
		return 0;
	table = data[0] % 4;
	enc = encs[(data[0] / 4) % 3];
	twice = table == 0 && (data[0] / 12) % 2;
	put_file((const char *)data + 1, size - 1);

	read_month(table, enc, twice, &a);
	if (enc == PP_ENC_AUTO && diff_auto) {
		/*
		 * Auto-detection may read the file twice; what the first pass
		 * found must be forgotten (csvread.h: restart).  So reading in
		 * auto mode must report exactly what reading in the encoding it
		 * chose reports, and keep the same rows.
		 */
		read_month(table, a.chosen, twice, &b);
		drop_lines(a.diags, "read as GB18030");	/* auto mode says so */
		if (strcmp(a.diags, b.diags) != 0) {
			fprintf(stderr, "fuzz_tables: auto (read as %s) and --encoding %s differ:\n"
			    "---- auto:\n%s---- %s:\n%s----\n", pp_encoding_name(a.chosen),
			    pp_encoding_name(a.chosen), a.diags, pp_encoding_name(a.chosen), b.diags);
			fprintf(stderr, "fuzz_tables: broken promise: the same diagnostics "
			    "in auto mode as in the encoding it chose\n");
			abort();
		}
		CHECK(memcmp(a.rows, b.rows, sizeof a.rows) == 0);
		free(b.diags);
	}
	free(a.diags);
	return 0;
}
