#include "tables.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "common/fixed.h"
#include "common/pages.h"
#include "common/parallel.h"
#include "common/strsort.h"

/* A column of a table: its English name, its Chinese header, required? */
typedef struct {
	const char *name;
	const char *alias;	/* NULL: none (the ledger) */
	gboolean required;
} Column;

#define MAX_COLS 8

/* What a row parser gets: the row and where each column is (-1: absent). */
typedef struct Table Table;
typedef void (*RowFn)(Table *t, const PpCsvRecord *rec);

struct Table {
	PpMonth *m;
	PpDiags *diags;
	const char *path;
	const Column *cols;
	guint ncols;
	int at[MAX_COLS];	/* column -> field index, -1 when absent */
	gboolean header_ok;
	RowFn row;
	guint file_index;	/* violations */
	guint start_len;	/* rows of the target array before this file */
	guint start_emps;	/* employees and sources interned before it */
	guint start_sources;
	guint start_ids;	/* bytes of the month's record IDs before it */
	GArray *target;		/* the PpMonth array this file appends to */
	gsize row_size;		/* the size of its elements */
	GHashTable *seen;	/* per-file uniqueness (ledger key) */
	GArray *first_line;	/* wages: PpEmp -> line of its row (0: none yet) */
	const char *last_region;	/* wages: the region kept last (regions repeat) */
	char *ex[4];		/* excerpts for messages, freed in turn */
	guint ex_next;
	GArray *pend;		/* Pending: employee IDs of violation and org rows to look up */
	const PpCode *code_cache[256];	/* violations: codes met, by a hash of their text */
	gboolean index_ready;	/* the month's (or its parent's) ID index is complete */
};

typedef struct {
	guint32 row;		/* index into target */
	guint16 offset;		/* of the PpEmp in the row the ID is for */
	guint16 len;
	char key[24];
} Pending;

#define PEND_BATCH 256
#define RESOLVE_AHEAD 16	/* IDs whose slots are on their way while one is looked up */
#define NO_OFFSET G_MAXUINT16	/* Pending.offset of an ID interned for no row */

/* Returns field text fit for a message (valid until four more calls). */
static const char *
ex(Table *t, const char *s, gsize n)
{
	guint k = t->ex_next++ % G_N_ELEMENTS(t->ex);
	g_free(t->ex[k]);
	t->ex[k] = pp_excerpt(s, n);
	return t->ex[k];
}

/* Returns TRUE when header field h[0..n) names column c. */
static gboolean
header_matches(const Column *c, const char *h, gsize n)
{
	pp_trim(&h, &n);
	if (strlen(c->name) == n && g_ascii_strncasecmp(c->name, h, n) == 0)
		return TRUE;
	return c->alias != NULL && strlen(c->alias) == n && memcmp(c->alias, h, n) == 0;
}

/* Maps the header to columns; reports missing, repeated and unknown ones. */
static void
map_header(Table *t, const PpCsvRecord *rec)
{
	GString *unknown = NULL;
	guint unnamed = 0;

	for (guint c = 0; c < t->ncols; c++)
		t->at[c] = -1;
	for (guint f = 0; f < rec->nfields; f++) {
		gboolean known = FALSE;
		for (guint c = 0; c < t->ncols; c++) {
			if (!header_matches(&t->cols[c], rec->fields[f], rec->lens[f]))
				continue;
			known = TRUE;
			if (t->at[c] >= 0)
				pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, f + 1,
				    _("column '%s' appears twice (also field %d)"),
				    t->cols[c].name, t->at[c] + 1);
			else
				t->at[c] = (int)f;
		}
		if (!known && rec->lens[f] == 0) {
			unnamed++;
			continue;
		}
		if (!known) {
			if (unknown == NULL)
				unknown = g_string_new(NULL);
			else
				g_string_append(unknown, ", ");
			g_string_append_printf(unknown, "'%s'", ex(t, rec->fields[f], rec->lens[f]));
		}
	}
	t->header_ok = TRUE;
	for (guint c = 0; c < t->ncols; c++) {
		if (t->at[c] >= 0 || !t->cols[c].required)
			continue;
		t->header_ok = FALSE;
		if (t->cols[c].alias != NULL)
			pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, 0,
			    _("missing required column '%s' (%s)"), t->cols[c].name, t->cols[c].alias);
		else
			pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, 0,
			    _("missing required column '%s'"), t->cols[c].name);
	}
	if (unknown != NULL) {
		pp_diag_warning(t->diags, "unknown-column", t->path, rec->line,
		    _("unknown columns ignored: %s"), unknown->str);
		g_string_free(unknown, TRUE);
	}
	if (unnamed > 0)
		pp_diag_warning(t->diags, "unknown-column", t->path, rec->line,
		    _("%u columns without a name ignored"), unnamed);
}

static void
on_record(const PpCsvRecord *rec, gboolean header, gpointer user)
{
	Table *t = user;

	if (header)
		map_header(t, rec);
	else if (t->header_ok)
		t->row(t, rec);
}

static void
on_restart(gpointer user)
{
	Table *t = user;

	/* forget what the abandoned pass added, employees and sources too,
	 * so that the numbering does not depend on the pass */
	pp_month_truncate(t->m, t->start_emps, t->start_sources);
	g_array_set_size(t->target, t->start_len);
	g_byte_array_set_size(t->m->ids, t->start_ids);
	g_array_set_size(t->pend, 0);
	if (t->seen != NULL)
		g_hash_table_remove_all(t->seen);
	if (t->first_line != NULL)
		g_array_set_size(t->first_line, 0);
	t->last_region = NULL;
}

/* A field of the row: the raw text (NULL when the column is absent). */
typedef struct {
	const char *s;
	gsize n;
	guint col;		/* 1-based field number, for messages */
} Field;

static Field
field(const Table *t, const PpCsvRecord *rec, guint c)
{
	Field f = { NULL, 0, 0 };
	if (t->at[c] >= 0) {
		f.s = rec->fields[t->at[c]];
		f.n = rec->lens[t->at[c]];
		f.col = (guint)t->at[c] + 1;
	}
	return f;
}

/* Returns the field trimmed of spaces and tabs (empty when absent). */
static Field
trimmed(const Table *t, const PpCsvRecord *rec, guint c)
{
	Field f = field(t, rec, c);
	if (f.s == NULL)
		f.s = "";
	pp_trim(&f.s, &f.n);
	return f;
}

/* Returns TRUE when a required field is present; reports it otherwise. */
static gboolean
require(Table *t, const PpCsvRecord *rec, guint c, Field f)
{
	if (f.n > 0)
		return TRUE;
	pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, f.col,
	    _("empty %s"), t->cols[c].name);
	return FALSE;
}

/* Returns a copy of f in the month's strings (NUL-terminated). */
static const char *
keep(Table *t, Field f)
{
	return g_string_chunk_insert_len(t->m->strings, f.s != NULL ? f.s : "", (gssize)f.n);
}

/* Parses an amount in yuan into fen; reports and returns FALSE otherwise. */
static gboolean
parse_money(Table *t, const PpCsvRecord *rec, guint c, Field f, int64_t *out)
{
	PpNumError e = pp_parse_decimal(f.s, f.n, 2, out);
	if (e == PP_NUM_OK)
		return TRUE;
	if (e == PP_NUM_SYNTAX || e == PP_NUM_DECIMALS)
		pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, f.col,
		    _("%s '%s' %s (want yuan with at most 2 decimals, like 4500.50)"),
		    t->cols[c].name, ex(t, f.s, f.n), pp_num_error_str(e));
	else if (e == PP_NUM_RANGE)
		pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, f.col,
		    _("%s '%s' is too large (at most 1000000000000.00)"),
		    t->cols[c].name, ex(t, f.s, f.n));
	else
		pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, f.col,
		    _("%s '%s' %s"), t->cols[c].name, ex(t, f.s, f.n), pp_num_error_str(e));
	return FALSE;
}

/* Parses a date; reports and returns FALSE otherwise. */
static gboolean
parse_date(Table *t, const PpCsvRecord *rec, guint c, Field f, int32_t *out)
{
	PpDateError e = pp_parse_date_why(f.s, f.n, out);

	if (e == PP_DATE_OK)
		return TRUE;
	if (e == PP_DATE_NO_SUCH_DAY)
		pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, f.col,
		    _("%s '%s': no such date"), t->cols[c].name, ex(t, f.s, f.n));
	else
		pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, f.col,
		    _("%s '%s' is not a date (want YYYY-MM-DD or YYYY/M/D)"),
		    t->cols[c].name, ex(t, f.s, f.n));
	return FALSE;
}

/* Sets the PpEmp at offset in target row `row` (NO_OFFSET: none) to e. */
static inline void
set_emp(Table *t, guint32 row, guint offset, PpEmp e)
{
	if (offset != NO_OFFSET)
		memcpy(t->target->data + (gsize)row * t->row_size + offset, &e, sizeof e);
}

/*
 * Employee IDs of violation and org rows are interned in batches: each
 * ID's slot is fetched RESOLVE_AHEAD IDs before it is looked up, so that
 * the cache misses of a table of a million IDs overlap instead of coming
 * one per ID.  A part read while the month still reads its wages keeps
 * its IDs waiting until the month's index is complete.  IDs are interned
 * in the order they were read all the same.
 */
static void
resolve_emps(Table *t)
{
	const Pending *pend = (const Pending *)(void *)t->pend->data;
	guint n = t->pend->len;
	guint32 h[RESOLVE_AHEAD];

	for (guint i = 0; i < MIN(n, RESOLVE_AHEAD); i++) {
		h[i] = pp_idtable_hash(pend[i].key, pend[i].len);
		pp_month_prefetch_emp(t->m, h[i]);
	}
	for (guint i = 0; i < n; i++) {
		const Pending *p = &pend[i];
		guint32 hash = h[i % RESOLVE_AHEAD];
		if (i + RESOLVE_AHEAD < n) {
			const Pending *q = &pend[i + RESOLVE_AHEAD];
			h[i % RESOLVE_AHEAD] = pp_idtable_hash(q->key, q->len);
			pp_month_prefetch_emp(t->m, h[i % RESOLVE_AHEAD]);
		}
		set_emp(t, p->row, p->offset, pp_month_intern_hashed(t->m, p->key, p->len, hash));
	}
	g_array_set_size(t->pend, 0);
}

/* Looks up the waiting IDs: at once when the index is complete, else
 * later (or, with wait, once it is). */
static void
flush_emps(Table *t, gboolean wait)
{
	if (!t->index_ready) {
		if (wait)
			pp_month_wait_index(t->m);
		else if (!pp_month_index_ready(t->m))
			return;
		t->index_ready = TRUE;
	}
	resolve_emps(t);
}

/* Looks the employee of id[0..n) up for the PpEmp at offset in target
 * row `row` (appended already), or for no row (NO_OFFSET): at once, or
 * later in flush_emps(). */
static void
defer_emp(Table *t, const char *id, gsize n, guint32 row, guint offset)
{
	Pending p;

	if (n >= sizeof p.key) {
		/* long IDs are rare: in turn, after those waiting */
		flush_emps(t, TRUE);
		set_emp(t, row, offset, pp_month_intern(t->m, id, n));
		return;
	}
	if (t->pend->len >= PEND_BATCH && t->pend->len % PEND_BATCH == 0)
		flush_emps(t, FALSE);
	p.row = row;
	p.offset = (guint16)offset;
	p.len = (guint16)n;
	memcpy(p.key, id, n);
	g_array_append_val(t->pend, p);
}

/* Runs one file through a table definition. */
static gboolean
read_table(PpMonth *m, const char *path, PpEncoding enc, PpDiags *diags, Table *t,
    PpInputFile *file)
{
	PpCsvSink sink = { on_record, on_restart, t, m->progress, FALSE };
	PpCsvInfo info;
	gboolean ok;

	t->m = m;
	t->pend = g_array_sized_new(FALSE, FALSE, sizeof(Pending), PEND_BATCH);
	t->index_ready = m->parent == NULL;
	t->diags = pp_diags_new();	/* this file's, in line order */
	t->path = path;
	t->start_len = t->target->len;
	t->row_size = g_array_get_element_size(t->target);
	t->start_emps = m->emp_ids->len;
	t->start_sources = m->sources->len;
	t->start_ids = m->ids->len;
	ok = pp_csv_read_file(path, path, enc, &sink, t->diags, &info);
	flush_emps(t, TRUE);
	g_array_unref(t->pend);
	pp_diags_sort(t->diags);
	pp_diags_take(diags, t->diags);
	pp_diags_free(t->diags);
	for (guint i = 0; i < G_N_ELEMENTS(t->ex); i++)
		g_free(t->ex[i]);
	file->path = g_strdup(path);
	memcpy(file->sha256, info.sha256, sizeof file->sha256);
	file->bytes = info.bytes;
	file->rows = info.records;
	file->encoding = pp_encoding_name(info.chosen);
	if (t->seen != NULL)
		g_hash_table_unref(t->seen);
	if (t->first_line != NULL)
		g_array_unref(t->first_line);
	return ok;
}

/* ---- violations ---------------------------------------------------- */

enum { V_RECORD, V_EMP, V_DATE, V_CODE, V_SOURCE, V_CASE, V_STATUS, V_N };
static const Column violation_cols[V_N] = {
	{ "record_id", "记录编号", TRUE },
	{ "employee_id", "工号", TRUE },
	{ "date", "日期", TRUE },
	{ "code", "违规代码", TRUE },
	{ "source", "来源", FALSE },
	{ "case_id", "案件编号", FALSE },
	{ "status", "状态", FALSE },
};

/* Returns TRUE and sets *st when f names a status (SPEC §8). */
static gboolean
parse_status(Field f, guint8 *st)
{
	static const struct { const char *word; PpStatus st; } words[] = {
		{ "confirmed", PP_STATUS_CONFIRMED },
		{ "pending", PP_STATUS_PENDING },
		{ "overturned", PP_STATUS_OVERTURNED },
		{ "申诉中", PP_STATUS_PENDING },
		{ "申诉撤销", PP_STATUS_OVERTURNED },
	};
	if (f.n == 0) {
		*st = PP_STATUS_CONFIRMED;
		return TRUE;
	}
	for (guint i = 0; i < G_N_ELEMENTS(words); i++) {
		/* as written most of the time: the plain compare first */
		if (strlen(words[i].word) == f.n && (memcmp(words[i].word, f.s, f.n) == 0 ||
		    g_ascii_strncasecmp(words[i].word, f.s, f.n) == 0)) {
			*st = (guint8)words[i].st;
			return TRUE;
		}
	}
	return FALSE;
}

/* Returns the rule table's code s[0..n), or NULL: through a small cache,
 * as a month's few dozen codes come back on every row. */
static const PpCode *
lookup_code(Table *t, const char *s, gsize n)
{
	guint h = (guint)n;
	const PpCode *c;

	for (gsize i = 0; i < n; i++)
		h = h * 31 + (guchar)s[i];
	c = t->code_cache[h & 255];
	if (c != NULL && strlen(c->code) == n && memcmp(c->code, s, n) == 0)
		return c;
	c = pp_rules_lookup(t->m->rules, s, n);
	if (c != NULL)
		t->code_cache[h & 255] = c;
	return c;
}

static void
violation_row(Table *t, const PpCsvRecord *rec)
{
	PpMonth *m = t->m;
	PpRecord r = { 0 };
	Field id = trimmed(t, rec, V_RECORD), emp = trimmed(t, rec, V_EMP);
	Field date = trimmed(t, rec, V_DATE), code = trimmed(t, rec, V_CODE);
	Field status = trimmed(t, rec, V_STATUS);
	gboolean ok = TRUE;
	int32_t day;
	guint8 st;

	ok &= require(t, rec, V_RECORD, id);
	ok &= require(t, rec, V_EMP, emp);
	if (require(t, rec, V_DATE, date) && parse_date(t, rec, V_DATE, date, &day)) {
		char d[11], mo[8];
		r.date = (guint32)day;
		if (day > pp_month_last_day(m->month)) {
			pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, date.col,
			    _("date %s is after the month %s"), pp_format_date(d, day),
			    pp_format_month(mo, m->month));
			ok = FALSE;
		} else if (day < pp_month_first_day(m->month))
			pp_diag_warning(t->diags, "late-finding", t->path, rec->line,
			    _("late finding: date %s is before the month %s"),
			    pp_format_date(d, day), pp_format_month(mo, m->month));
	} else
		ok = FALSE;
	if (require(t, rec, V_CODE, code) && m->rules != NULL) {
		const PpCode *c = lookup_code(t, code.s, code.n);
		if (c == NULL) {
			pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, code.col,
			    _("unknown code '%s'"), ex(t, code.s, code.n));
			ok = FALSE;
		} else
			r.code = (guint16)(c - &g_array_index(m->rules->codes, PpCode, 0));
	} else
		ok = FALSE;
	if (parse_status(status, &st))
		r.status = st;
	else {
		pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, status.col,
		    _("unknown status '%s' (want confirmed, pending (申诉中) or overturned (申诉撤销))"),
		    ex(t, status.s, status.n));
		ok = FALSE;
	}
	if (!ok) {
		/* kept, marked, so that its record_id still counts for duplicates */
		if (id.n == 0)
			return;
		r.status = PP_STATUS_INVALID;
	}
	{
		Field src = field(t, rec, V_SOURCE), cs = field(t, rec, V_CASE);
		r.id = pp_month_keep_ids(m, id.s, id.n, cs.s != NULL ? cs.s : "", cs.n);
		if (r.id == G_MAXUINT32) {
			pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, id.col,
			    _("the record and case IDs of one run take more than %llu bytes"),
			    (unsigned long long)m->max_id_bytes);
			return;
		}
		r.source = src.s != NULL ? pp_month_intern_source(m, src.s, src.n) : 0;
	}
	r.emp = PP_NO_EMP;
	r.file = (guint16)t->file_index;
	r.line = rec->line;
	g_array_append_val(m->records, r);
	if (emp.n > 0)
		defer_emp(t, emp.s, emp.n, m->records->len - 1, offsetof(PpRecord, emp));
}

gboolean
pp_read_violations(PpMonth *m, const char *path, PpEncoding enc, PpDiags *diags)
{
	Table t = { .cols = violation_cols, .ncols = V_N, .row = violation_row,
		.target = m->records };
	PpInputFile f = { 0 };
	gboolean ok;

	t.file_index = m->violation_files->len;
	{
		/* room for the rows a file of this size holds (a guess from
		 * short rows: pages never touched cost no memory) */
		GStatBuf st;
		if (g_stat(path, &st) == 0 && st.st_size > 0) {
			guint len = m->records->len;
			g_array_set_size(m->records, len + (guint)MIN(st.st_size / 48, G_MAXUINT32 / 4));
			g_array_set_size(m->records, len);
		}
	}
	ok = read_table(m, path, enc, diags, &t, &f);
	g_array_append_val(m->violation_files, f);
	return ok;
}

/* ---- wages ------------------------------------------------------------ */

enum { W_EMP, W_NAME, W_REGION, W_GROSS, W_ALLOW, W_FLOOR, W_N };
static const Column wage_cols[W_N] = {
	{ "employee_id", "工号", TRUE },
	{ "name", "姓名", FALSE },
	{ "region", "地区", TRUE },
	{ "gross_wage", "应发工资", TRUE },
	{ "management_allowance", "管理津贴", FALSE },
	{ "floor_basis", "保底基数", FALSE },
};

static void
wage_row(Table *t, const PpCsvRecord *rec)
{
	PpMonth *m = t->m;
	PpWage w = { 0 };
	Field emp = trimmed(t, rec, W_EMP), region = trimmed(t, rec, W_REGION);
	Field gross = trimmed(t, rec, W_GROSS), allow = trimmed(t, rec, W_ALLOW);
	Field fb = trimmed(t, rec, W_FLOOR);
	gboolean ok = TRUE, have_fb = FALSE;

	ok &= require(t, rec, W_EMP, emp);
	ok &= require(t, rec, W_REGION, region);
	ok &= require(t, rec, W_GROSS, gross) && parse_money(t, rec, W_GROSS, gross, &w.gross);
	if (allow.n > 0)
		ok &= parse_money(t, rec, W_ALLOW, allow, &w.allowance);
	if (fb.n > 0) {
		have_fb = parse_money(t, rec, W_FLOOR, fb, &w.floor_basis);
		ok &= have_fb;
	}
	if (ok && !have_fb)
		w.floor_basis = w.gross;
	if (ok && w.allowance > w.gross) {
		pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, allow.col,
		    _("management_allowance is larger than gross_wage"));
		ok = FALSE;
	}
	if (ok && w.floor_basis > w.gross) {
		pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, fb.col,
		    _("floor_basis is larger than gross_wage"));
		ok = FALSE;
	}
	if (emp.n == 0)
		return;
	w.emp = pp_month_intern(m, emp.s, emp.n);
	{
		/* employee numbers are dense: a line per number */
		guint32 *first;
		if (w.emp >= t->first_line->len)
			g_array_set_size(t->first_line, w.emp + 1);
		first = &g_array_index(t->first_line, guint32, w.emp);
		if (*first != 0) {
			pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, emp.col,
			    _("duplicate wages row for '%s' (first at line %u)"),
			    pp_month_emp_id(m, w.emp), *first);
			return;
		}
		*first = rec->line;
	}
	{
		Field name = field(t, rec, W_NAME);
		w.name = name.s != NULL ? keep(t, name) : "";
	}
	/* a row with errors is kept, marked: it still answers "has a wages row" */
	w.invalid = !ok;
	if (region.n > 0 && t->last_region != NULL && strlen(t->last_region) == region.n &&
	    memcmp(t->last_region, region.s, region.n) == 0)
		w.region = t->last_region;
	else if (region.n > 0) {
		/* regions repeat: one copy of each */
		g_autofree char *r = g_strndup(region.s, region.n);
		w.region = t->last_region = g_string_chunk_insert_const(m->strings, r);
	} else
		w.region = "";
	w.line = rec->line;
	g_array_append_val(m->wages, w);
}

gboolean
pp_read_wages(PpMonth *m, const char *path, PpEncoding enc, PpDiags *diags)
{
	Table t = { .cols = wage_cols, .ncols = W_N, .row = wage_row, .target = m->wages };
	t.first_line = g_array_new(FALSE, TRUE, sizeof(guint32));
	return read_table(m, path, enc, diags, &t, &m->wages_file);
}

/* ---- org ----------------------------------------------------------------- */

enum { O_EMP, O_DIRECT, O_INDIRECT, O_FROM, O_TO, O_N };
static const Column org_cols[O_N] = {
	{ "employee_id", "工号", TRUE },
	{ "direct_supervisor_id", "直接主管", FALSE },
	{ "indirect_supervisor_id", "间接主管", FALSE },
	{ "effective_from", "生效日期", FALSE },
	{ "effective_to", "失效日期", FALSE },
};

/* Returns TRUE when fields a and b hold the same ID. */
static gboolean
same_text(Field a, Field b)
{
	return a.n > 0 && a.n == b.n && memcmp(a.s, b.s, a.n) == 0;
}

static void
org_row(Table *t, const PpCsvRecord *rec)
{
	PpMonth *m = t->m;
	PpOrgRow o = { .direct = PP_NO_EMP, .indirect = PP_NO_EMP,
		.from = PP_DATE_MIN, .to = PP_DATE_MAX };
	Field emp = trimmed(t, rec, O_EMP), dir = trimmed(t, rec, O_DIRECT);
	Field ind = trimmed(t, rec, O_INDIRECT), from = trimmed(t, rec, O_FROM);
	Field to = trimmed(t, rec, O_TO);
	gboolean ok = require(t, rec, O_EMP, emp);
	guint32 row;

	if (from.n > 0)
		ok &= parse_date(t, rec, O_FROM, from, &o.from);
	if (to.n > 0)
		ok &= parse_date(t, rec, O_TO, to, &o.to);
	if (ok && o.from > o.to) {
		pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, to.col,
		    _("effective_to is before effective_from"));
		ok = FALSE;
	}
	if (emp.n == 0)
		return;
	if (ok && (same_text(dir, emp) || same_text(ind, emp))) {
		g_autofree char *id = g_strndup(emp.s, emp.n);
		pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line,
		    same_text(dir, emp) ? dir.col : ind.col,
		    _("'%s' is their own supervisor"), id);
		/* not kept; its IDs are interned all the same */
		defer_emp(t, emp.s, emp.n, 0, NO_OFFSET);
		if (dir.n > 0)
			defer_emp(t, dir.s, dir.n, 0, NO_OFFSET);
		if (ind.n > 0)
			defer_emp(t, ind.s, ind.n, 0, NO_OFFSET);
		return;
	}
	/* a row with errors is kept, marked: the employee's coverage is
	 * unknown, not missing */
	o.emp = PP_NO_EMP;
	o.invalid = !ok;
	o.line = rec->line;
	g_array_append_val(m->org, o);
	row = m->org->len - 1;
	defer_emp(t, emp.s, emp.n, row, offsetof(PpOrgRow, emp));
	if (!ok)
		return;
	if (dir.n > 0)
		defer_emp(t, dir.s, dir.n, row, offsetof(PpOrgRow, direct));
	if (ind.n > 0)
		defer_emp(t, ind.s, ind.n, row, offsetof(PpOrgRow, indirect));
}

gboolean
pp_read_org(PpMonth *m, const char *path, PpEncoding enc, PpDiags *diags)
{
	Table t = { .cols = org_cols, .ncols = O_N, .row = org_row, .target = m->org };
	/* org rows look their three IDs up at once */
	pp_month_wait_index(m);
	m->has_org = TRUE;
	return read_table(m, path, enc, diags, &t, &m->org_file);
}

/* ---- carry-in ledger ------------------------------------------------------ */

enum { L_EMP, L_ORIGIN, L_KIND, L_AMOUNT, L_N };
static const Column ledger_cols[L_N] = {
	{ "employee_id", NULL, TRUE },
	{ "origin_month", NULL, TRUE },
	{ "kind", NULL, TRUE },
	{ "amount", NULL, TRUE },
};

static void
ledger_row(Table *t, const PpCsvRecord *rec)
{
	PpMonth *m = t->m;
	PpCarry c = { 0 };
	Field emp = trimmed(t, rec, L_EMP), origin = trimmed(t, rec, L_ORIGIN);
	Field kind = trimmed(t, rec, L_KIND), amount = trimmed(t, rec, L_AMOUNT);
	gboolean ok = require(t, rec, L_EMP, emp);

	if (require(t, rec, L_ORIGIN, origin)) {
		char a[8], b[8];
		if (!pp_parse_month(origin.s, origin.n, &c.origin)) {
			pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, origin.col,
			    _("origin_month '%s' is not a month (want YYYY-MM)"),
			    ex(t, origin.s, origin.n));
			ok = FALSE;
		} else if (c.origin >= m->month) {
			pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, origin.col,
			    _("origin_month %s is not before the month %s"),
			    pp_format_month(a, c.origin), pp_format_month(b, m->month));
			ok = FALSE;
		}
	} else
		ok = FALSE;
	if (require(t, rec, L_KIND, kind)) {
		if (kind.n == 3 && memcmp(kind.s, "own", 3) == 0)
			c.kind = PP_KIND_OWN;
		else if (kind.n == 9 && memcmp(kind.s, "liability", 9) == 0)
			c.kind = PP_KIND_LIABILITY;
		else {
			pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, kind.col,
			    _("kind '%s' is neither own nor liability"), ex(t, kind.s, kind.n));
			ok = FALSE;
		}
	} else
		ok = FALSE;
	ok &= require(t, rec, L_AMOUNT, amount) &&
	    parse_money(t, rec, L_AMOUNT, amount, &c.amount);
	if (!ok)
		return;
	c.emp = pp_month_intern(m, emp.s, emp.n);
	c.line = rec->line;
	{
		/* key: employee, month and kind packed into one string */
		char *key = g_strdup_printf("%u/%d/%u", c.emp, c.origin, c.kind);
		gpointer first = g_hash_table_lookup(t->seen, key);
		if (first != NULL) {
			char a[8];
			pp_diag_error(t->diags, PP_EXIT_DATAERR, t->path, rec->line, 0,
			    _("repeated ledger row for '%s', %s, %s (first at line %u)"),
			    pp_month_emp_id(m, c.emp), pp_format_month(a, c.origin),
			    c.kind == PP_KIND_OWN ? "own" : "liability", GPOINTER_TO_UINT(first));
			g_free(key);
			return;
		}
		g_hash_table_insert(t->seen, key, GUINT_TO_POINTER(rec->line));
	}
	if (c.amount > 0)
		g_array_append_val(m->carry, c);
}

gboolean
pp_read_ledger(PpMonth *m, const char *path, PpEncoding enc, PpDiags *diags)
{
	Table t = { .cols = ledger_cols, .ncols = L_N, .row = ledger_row, .target = m->carry };
	t.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	pp_month_wait_index(m);
	m->has_ledger = TRUE;
	return read_table(m, path, enc, diags, &t, &m->ledger_file);
}

/* ---- checks across rows ----------------------------------------------------- */

/* Orders record indices by their place: file, then line. */
static int
cmp_place(gconstpointer a, gconstpointer b, gpointer user)
{
	const PpRecord *recs = user;
	const PpRecord *x = &recs[*(const guint32 *)a], *y = &recs[*(const guint32 *)b];
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Sorts the records by record_id (m->rid_order, on up to `threads`
 * threads) and reports every record_id seen again, naming the first
 * place it was read. */
static void
check_record_ids(PpMonth *m, guint threads, PpDiags *diags)
{
	guint n = m->records->len;
	const PpRecord *recs = (const PpRecord *)(void *)m->records->data;
	g_autofree guint8 *same = g_new(guint8, n + 1);

	g_free(m->rid_order);
	m->rid_order = n > 0 ?
	    pp_sort_strings(&recs[0].id, sizeof(PpRecord), (const char *)m->ids->data, n, threads,
		same) :
	    g_new0(guint32, 1);
	for (guint k = 0; k < n;) {
		guint e = k + 1;
		while (e < n && same[e])
			e++;
		if (e - k > 1) {
			/* the places of one ID, in reading order: the first, then repeats */
			g_autofree guint32 *run = g_memdup2(m->rid_order + k, sizeof(guint32) * (e - k));
			const PpRecord *f;
			g_qsort_with_data(run, (gint)(e - k), sizeof(guint32), cmp_place, (gpointer)recs);
			f = &recs[run[0]];
			for (guint j = 1; j < e - k; j++) {
				const PpRecord *r = &recs[run[j]];
				pp_diag_error(diags, PP_EXIT_DATAERR,
				    g_array_index(m->violation_files, PpInputFile, r->file).path, r->line, 0,
				    _("duplicate record_id '%s' (first at %s:%u)"), pp_month_record_id(m, r),
				    g_array_index(m->violation_files, PpInputFile, f->file).path, f->line);
			}
		}
		k = e;
	}
}

/* Returns TRUE when org row a goes before b among one employee's rows:
 * by effective_from, then line. */
static inline gboolean
org_before(const PpOrgRow *a, const PpOrgRow *b)
{
	if (a->from != b->from)
		return a->from < b->from;
	return a->line < b->line;
}

/*
 * Sorts the org rows by employee, then effective_from, then line: a
 * counting sort by employee (numbered by now), then each employee's few
 * rows by insertion.  A million rows in a few passes, not a comparison
 * sort's twenty.
 */
static void
sort_org(PpMonth *m)
{
	guint n = m->org->len, nemps = pp_month_n_emps(m);
	const PpOrgRow *rows = (const PpOrgRow *)(void *)m->org->data;
	g_autofree guint32 *next = g_new0(guint32, (gsize)nemps + 2);
	g_autofree guint32 *start = g_new(guint32, (gsize)nemps + 2);
	GArray *sorted = g_array_sized_new(FALSE, FALSE, sizeof(PpOrgRow), n);
	PpOrgRow *out;

	g_array_set_size(sorted, n);
	out = (PpOrgRow *)(void *)sorted->data;
	for (guint i = 0; i < n; i++)
		next[MIN(rows[i].emp, nemps) + 1]++;
	for (guint e = 0; e <= nemps; e++)
		next[e + 1] += next[e];
	memcpy(start, next, sizeof(guint32) * ((gsize)nemps + 2));
	for (guint i = 0; i < n; i++) {
		guint32 e = MIN(rows[i].emp, nemps), k = next[e]++;
		PpOrgRow x = rows[i];
		/* rows of one employee arrive in file order: most are in place */
		for (; k > start[e] && org_before(&x, &out[k - 1]); k--)
			out[k] = out[k - 1];
		out[k] = x;
	}
	g_array_unref(m->org);
	m->org = sorted;
}

/* Sorts org rows (employee, from) and reports every row that overlaps an
 * earlier one of the same employee (the one reaching furthest). */
static void
check_org(PpMonth *m, PpDiags *diags)
{
	PpOrgRow *rows;
	const PpOrgRow *reach = NULL;	/* of this employee so far: the latest effective_to */

	sort_org(m);
	rows = (PpOrgRow *)(void *)m->org->data;
	for (guint i = 0; i < m->org->len; i++) {
		const PpOrgRow *b = &rows[i];
		if (reach != NULL && reach->emp != b->emp)
			reach = NULL;
		if (b->invalid)
			continue;
		if (reach != NULL && b->from <= reach->to) {
			const PpOrgRow *later = reach->line > b->line ? reach : b;
			const PpOrgRow *earlier = later == reach ? b : reach;
			pp_diag_error(diags, PP_EXIT_DATAERR, m->org_file.path, later->line, 0,
			    _("org rows of '%s' overlap (with line %u)"),
			    pp_month_emp_id(m, b->emp), earlier->line);
		}
		if (reach == NULL || b->to > reach->to)
			reach = b;
	}
}

/* Reports each region of the wages without a minimum wage, once. */
static void
check_regions(PpMonth *m, PpDiags *diags)
{
	g_autoptr(GHashTable) done = g_hash_table_new(g_str_hash, g_str_equal);
	int32_t first_day = pp_month_first_day(m->month);

	for (guint i = 0; i < m->wages->len; i++) {
		const PpWage *w = &g_array_index(m->wages, PpWage, i);
		int64_t amount;
		char mo[8];
		if (w->region[0] == '\0' || g_hash_table_contains(done, w->region))
			continue;
		g_hash_table_add(done, (gpointer)w->region);
		if (pp_rules_minimum_wage(m->rules, w->region, first_day, &amount))
			continue;
		pp_diag_error(diags, PP_EXIT_DATAERR, m->wages_file.path, w->line, 0,
		    _("region '%s' has no minimum wage in force on %s-01 in %s"),
		    w->region, pp_format_month(mo, m->month), m->rules_file.path);
	}
}

/* Returns each employee's rank of ID in byte order (PpEmp -> rank; g_free() it),
 * sorted on up to `threads` threads. */
static guint32 *
rank_employees(const PpMonth *m, guint threads)
{
	guint n = pp_month_n_emps(m);
	guint32 *rank = g_new(guint32, n + 1);
	g_autofree guint32 *order = pp_sort_strings(m->emp_ids->pdata, sizeof(gpointer), NULL, n, threads,
	    NULL);

	for (guint i = 0; i < n; i++)
		rank[order[i]] = i;
	return rank;
}

/* Sorts r[0..n) (one employee's records) into detail.csv's order:
 * insertion sort for the usual few, merge sort (stable) for many. */
static void
sort_employee(const PpMonth *m, PpRecord *r, guint n, PpRecord *tmp)
{
	if (n <= 24) {
		for (guint i = 1; i < n; i++) {
			PpRecord x = r[i];
			guint j = i;
			for (; j > 0 && pp_record_before(m, &x, &r[j - 1]); j--)
				r[j] = r[j - 1];
			r[j] = x;
		}
		return;
	}
	{
		guint h = n / 2, a = 0, b = h, k = 0;
		sort_employee(m, r, h, tmp);
		sort_employee(m, r + h, n - h, tmp);
		while (a < h && b < n)
			tmp[k++] = pp_record_before(m, &r[b], &r[a]) ? r[b++] : r[a++];
		while (a < h)
			tmp[k++] = r[a++];
		memcpy(r, tmp, sizeof(PpRecord) * k);
	}
}

/*
 * The work of group_records, shared by its parts (threads).  Employees
 * (by rank) are taken in buckets of 2^shift: records and IDs are first
 * moved bucket by bucket (each bucket's records and IDs written front to
 * back), then each bucket's records sorted among themselves.
 */
typedef struct {
	PpRecord *recs;		/* group_count numbers their employees by rank */
	const char *ids;
	guint64 first;		/* the index of recs[0] among all the records */
	guint64 n;
} Source;

typedef struct {
	PpMonth *m;
	Source *src;		/* the records in reading order: the month's, then its segments' */
	guint nsrc;
	guint64 n;		/* records in all */
	PpRecord *dst;		/* bucket by bucket */
	char *dst_ids;		/* their IDs, bucket by bucket */
	const guint32 *rank;	/* PpEmp -> rank of its ID */
	guint nemps;
	guint shift;		/* a bucket holds 2^shift employees (by rank) */
	guint nbuckets;
	guint32 **rnext;	/* per part: where its next record of each bucket goes */
	guint64 **inext;	/* per part: where its next record's IDs of each bucket go */
	gboolean *ordered;	/* per part: its records' IDs lie in their order */
	gboolean release;	/* the old records and IDs may be given back as read */
	guint32 *bstart;	/* where each bucket's records begin (nbuckets + 1) */
	guint64 *istart;	/* where each bucket's IDs begin (nbuckets + 1) */
} Group;

/* The key a record is grouped by once group_count has numbered its
 * employee by rank: that rank, records without an employee last. */
static inline guint32
group_key(const Group *g, PpEmp ranked)
{
	return ranked == PP_NO_EMP ? g->nemps : ranked;
}

/* Returns the bytes of the IDs at s: record_id, NUL, case_id, NUL. */
static inline gsize
ids_len(const char *s)
{
	gsize a = strlen(s);
	return a + 1 + strlen(s + a + 1) + 1;
}

/* Runs the code given last for each source holding records of [from, to), with src
 * that source and [lo, hi) the range's records within it. */
#define FOR_SOURCES(g, from, to, ...) \
	for (guint s_ = 0; s_ < (g)->nsrc; s_++) { \
		const Source *src = &(g)->src[s_]; \
		guint64 lo = MAX(from, src->first), hi = MIN(to, src->first + src->n); \
		if (lo >= hi) \
			continue; \
		lo -= src->first; \
		hi -= src->first; \
		__VA_ARGS__ \
	}

/* How far ahead (in records) the grouping fetches the rank of a record's
 * employee, and the places its record and IDs will be written to: ranks
 * and buckets are random over memory, and a miss each in turn is most of
 * the grouping's time. */
#define RANK_AHEAD 32
#define DST_AHEAD 16

/* Fetches the rank of record i + RANK_AHEAD of src, if any. */
static inline void
prefetch_rank(const Group *g, const Source *src, guint64 i, guint64 hi)
{
	if (i + RANK_AHEAD < hi && src->recs[i + RANK_AHEAD].emp != PP_NO_EMP)
		__builtin_prefetch(&g->rank[src->recs[i + RANK_AHEAD].emp]);
}

/* Numbers the part's records' employees by rank, in place (so that
 * group_scatter, whose writes keep the memory busy, looks up no rank),
 * counts the records and their IDs' bytes per bucket, and checks that
 * their IDs lie in their store in the records' order. */
static void
group_count(guint part, guint n, gpointer data)
{
	Group *g = data;
	guint64 from, to;
	guint32 *count = g->rnext[part] = g_new0(guint32, g->nbuckets + 1);
	guint64 *bytes = g->inext[part] = g_new0(guint64, g->nbuckets + 1);
	gboolean ordered = TRUE;

	pp_part_range(g->n, part, n, &from, &to);
	FOR_SOURCES(g, from, to, {
		for (guint64 i = lo; i < hi; i++) {
			PpRecord *r = &src->recs[i];
			guint32 b;

			if (r->emp != PP_NO_EMP)
				r->emp = g->rank[r->emp];
			b = group_key(g, r->emp) >> g->shift;
			prefetch_rank(g, src, i, hi);
			count[b]++;
			bytes[b] += ids_len(src->ids + r->id);
			if (i > lo && r->id <= src->recs[i - 1].id)
				ordered = FALSE;
		}
	})
	g->ordered[part] = ordered;
}

/* Records between two givings back of the memory read. */
#define RELEASE_EVERY 65536

/*
 * Moves the part's records and their IDs to their buckets (stable: parts
 * in order), their employees already numbered by rank (group_count).  The old
 * records and IDs are read front to back and each bucket written front to
 * back, so that the memory read can be given back as the new fills: the
 * month is not held twice.
 */
static void
group_scatter(guint part, guint n, gpointer data)
{
	Group *g = data;
	guint64 from, to;
	guint32 *rnext = g->rnext[part];
	guint64 *inext = g->inext[part];

	pp_part_range(g->n, part, n, &from, &to);
	FOR_SOURCES(g, from, to, {
		const void *rec_mark = &src->recs[lo];
		const void *id_mark = src->ids + src->recs[lo].id;
		for (guint64 i = lo; i < hi; i++) {
			PpRecord r = src->recs[i];
			guint32 b = group_key(g, r.emp) >> g->shift;
			const char *id = src->ids + r.id;
			gsize len = ids_len(id);

			if (i + DST_AHEAD < hi) {
				guint32 ahead = group_key(g, src->recs[i + DST_AHEAD].emp) >> g->shift;
				__builtin_prefetch(&g->dst[rnext[ahead]], 1);
				__builtin_prefetch(g->dst_ids + inext[ahead], 1);
			}
			memcpy(g->dst_ids + inext[b], id, len);
			r.id = (guint32)inext[b];
			inext[b] += len;
			g->dst[rnext[b]++] = r;
			if (g->release && (i - lo) % RELEASE_EVERY == RELEASE_EVERY - 1) {
				rec_mark = pp_release_pages(rec_mark, &src->recs[i + 1]);
				id_mark = pp_release_pages(id_mark, id + len);
			}
		}
	})
}

/* Rewrites the IDs of records r[0..n) (a bucket's, in their final order),
 * which lie in ids[0..len), in the records' order: the writers then read
 * them in turn. */
static void
order_ids(PpRecord *r, guint32 n, char *ids, gsize len, guint32 base, GByteArray *tmp)
{
	gsize at = 0;

	g_byte_array_set_size(tmp, (guint)len);
	for (guint32 i = 0; i < n; i++) {
		const char *s = ids + (r[i].id - base);
		gsize k = ids_len(s);
		memcpy(tmp->data + at, s, k);
		r[i].id = base + (guint32)at;
		at += k;
	}
	memcpy(ids, tmp->data, at);
}

/* Orders each of the part's buckets by employee (stable), then each
 * employee's records into detail.csv's order, and the bucket's IDs in
 * that order. */
static void
group_sort(guint part, guint n, gpointer data)
{
	Group *g = data;
	guint64 bfrom, bto;
	guint32 *count = g_new(guint32, ((gsize)1 << g->shift) + 2);
	PpRecord *tmp = NULL;
	guint32 tmp_len = 0;
	g_autoptr(GByteArray) ids = g_byte_array_new();

	pp_part_range(g->nbuckets, part, n, &bfrom, &bto);
	for (guint64 b = bfrom; b < bto; b++) {
		guint32 s = g->bstart[b], e = g->bstart[b + 1], len = e - s;
		guint32 first = (guint32)(b << g->shift);
		guint32 span = MIN((guint32)1 << g->shift, g->nemps + 1 - first);
		PpRecord *r;

		if (len < 2)
			continue;	/* (no records: no array to point into) */
		r = g->dst + s;
		if (len > tmp_len) {
			g_free(tmp);
			tmp = g_new(PpRecord, len);
			tmp_len = len;
		}
		memset(count, 0, sizeof(guint32) * (span + 1));
		/* (records are numbered by rank now) */
		for (guint32 i = 0; i < len; i++)
			count[MIN(r[i].emp, g->nemps) - first + 1]++;
		for (guint32 k = 0; k < span; k++)
			count[k + 1] += count[k];
		for (guint32 i = 0; i < len; i++)
			tmp[count[MIN(r[i].emp, g->nemps) - first]++] = r[i];
		memcpy(r, tmp, sizeof(PpRecord) * len);
		{
			/* the bucket's IDs, written long ago by group_scatter: the
			 * sort compares some (records of one employee on one day),
			 * order_ids reads them all; in one sweep, not a miss each */
			const char *p = g->dst_ids + g->istart[b], *end = g->dst_ids + g->istart[b + 1];
			for (; p < end; p += 64)
				__builtin_prefetch(p);
		}
		for (guint32 i = 0; i < len;) {
			guint32 j = i + 1;
			while (j < len && r[j].emp == r[i].emp)
				j++;
			if (r[i].emp != PP_NO_EMP)
				sort_employee(g->m, r + i, j - i, tmp);
			i = j;
		}
		order_ids(r, len, g->dst_ids + g->istart[b], g->istart[b + 1] - g->istart[b],
		    (guint32)g->istart[b], ids);
	}
	g_free(tmp);
	g_free(count);
}

/*
 * Moves the records into detail.csv's order (employee_id, date,
 * record_id), their IDs with them: every later pass then walks one
 * employee's records together instead of jumping across memory (what a
 * month of ten million records needs), and detail.csv is written in the
 * order the records lie.  Records without an employee (rows with errors,
 * never written) go last, in reading order.  On up to `threads` threads.
 */
static void
group_records(PpMonth *m, const guint32 *rank, guint threads)
{
	guint n = (guint)pp_month_n_records(m), parts = pp_parts_for(n, PP_PARALLEL_MIN, threads);
	Group g = { 0 };
	GArray *grouped = g_array_sized_new(FALSE, FALSE, sizeof(PpRecord), n);
	GByteArray *ids;
	guint32 pos = 0;
	guint64 ipos = 0;
	guint64 per_bucket;

	/* (merging keeps the records within PP_MAX_RECORDS) */
	g_assert(pp_month_n_records(m) <= PP_MAX_RECORDS);
	g.m = m;
	g.n = n;
	g.src = g_new(Source, m->segments->len + 1);
	for (guint s = 0; s <= m->segments->len; s++) {
		GArray *recs = s == 0 ? m->records :
		    ((PpRecordSegment *)g_ptr_array_index(m->segments, s - 1))->records;
		GByteArray *store = s == 0 ? m->ids :
		    ((PpRecordSegment *)g_ptr_array_index(m->segments, s - 1))->ids;
		Source src = { (PpRecord *)(void *)recs->data, (const char *)store->data,
			s == 0 ? 0 : g.src[g.nsrc - 1].first + g.src[g.nsrc - 1].n, recs->len };
		g.src[g.nsrc++] = src;
	}
	g.rank = rank;
	g.nemps = pp_month_n_emps(m);
	/* buckets of about 4096 records: small enough to sort in cache, few
	 * enough to write each front to back */
	per_bucket = n > 0 ? (guint64)4096 * (g.nemps + 1) / n : 1;
	while (g.shift < 16 && ((guint64)2 << g.shift) <= per_bucket)
		g.shift++;
	g.nbuckets = (g.nemps >> g.shift) + 1;
	g.rnext = g_new0(guint32 *, parts);
	g.inext = g_new0(guint64 *, parts);
	g.ordered = g_new0(gboolean, parts);
	g.bstart = g_new(guint32, g.nbuckets + 1);
	g.istart = g_new(guint64, g.nbuckets + 1);
	pp_parallel(parts, group_count, &g);
	/* each part gives back only what it read: the IDs of two parts in one
	 * store must not interleave */
	g.release = TRUE;
	for (guint p = 0; p < parts; p++) {
		guint64 from, to;
		pp_part_range(n, p, parts, &from, &to);
		g.release &= g.ordered[p];
		for (guint s = 0; s < g.nsrc && from < to; s++) {
			const Source *src = &g.src[s];
			if (from > src->first && from < src->first + src->n)
				g.release &= src->recs[from - src->first].id >
				    src->recs[from - src->first - 1].id;
		}
	}
	/* each bucket's records: part 0's first, then part 1's... */
	for (guint b = 0; b < g.nbuckets; b++) {
		g.bstart[b] = pos;
		g.istart[b] = ipos;
		for (guint p = 0; p < parts; p++) {
			guint32 c = g.rnext[p][b];
			guint64 bytes = g.inext[p][b];
			g.rnext[p][b] = pos;
			g.inext[p][b] = ipos;
			pos += c;
			ipos += bytes;
		}
	}
	g.bstart[g.nbuckets] = pos;
	g.istart[g.nbuckets] = ipos;
	g_array_set_size(grouped, n);
	g.dst = (PpRecord *)(void *)grouped->data;
	ids = g_byte_array_sized_new((guint)ipos);
	g_byte_array_set_size(ids, (guint)ipos);
	g.dst_ids = (char *)ids->data;
	pp_parallel(parts, group_scatter, &g);
	g_array_unref(m->records);
	m->records = grouped;
	g_byte_array_unref(m->ids);
	m->ids = ids;
	g_ptr_array_set_size(m->segments, 0);
	m->segment_records = m->segment_id_bytes = 0;
	pp_parallel(parts, group_sort, &g);
	for (guint p = 0; p < parts; p++) {
		g_free(g.rnext[p]);
		g_free(g.inext[p]);
	}
	g_free(g.rnext);
	g_free(g.inext);
	g_free(g.ordered);
	g_free(g.bstart);
	g_free(g.istart);
	g_free(g.src);
}

/* Maps an employee number to its rank, PP_NO_EMP to itself. */
static inline PpEmp
to_rank(const guint32 *rank, PpEmp e)
{
	return e == PP_NO_EMP ? e : rank[e];
}

/*
 * Numbers the employees by rank (byte order of ID) in the wages, org and
 * ledger rows and the ID array; the records were renumbered when grouped.
 * Arrays by employee are then walked in the order the records lie, not
 * jumped across, and an employee's number is its place in byte order.
 */
static void
renumber_employees(PpMonth *m, const guint32 *rank)
{
	guint n = pp_month_n_emps(m);
	g_autofree gpointer *ids = g_new(gpointer, n + 1);

	for (guint e = 0; e < n; e++)
		ids[rank[e]] = g_ptr_array_index(m->emp_ids, e);
	if (n > 0)
		memcpy(m->emp_ids->pdata, ids, sizeof(gpointer) * n);
	for (guint i = 0; i < m->wages->len; i++) {
		PpWage *w = &g_array_index(m->wages, PpWage, i);
		w->emp = to_rank(rank, w->emp);
	}
	for (guint i = 0; i < m->org->len; i++) {
		PpOrgRow *o = &g_array_index(m->org, PpOrgRow, i);
		o->emp = to_rank(rank, o->emp);
		o->direct = to_rank(rank, o->direct);
		o->indirect = to_rank(rank, o->indirect);
	}
	for (guint i = 0; i < m->carry->len; i++) {
		PpCarry *c = &g_array_index(m->carry, PpCarry, i);
		c->emp = to_rank(rank, c->emp);
	}
}

/* The checks of the org and wages rows (check_org, check_regions), with
 * their own messages: for a thread beside the record_id sort. */
typedef struct {
	PpMonth *m;
	PpDiags *diags;
} TableChecks;

static gpointer
table_checks(gpointer data)
{
	TableChecks *tc = data;

	check_org(tc->m, tc->diags);
	if (tc->m->rules != NULL)
		check_regions(tc->m, tc->diags);
	return NULL;
}

void
pp_month_validate(PpMonth *m, guint threads, PpDiags *diags)
{
	g_autofree guint32 *rank = rank_employees(m, threads);
	TableChecks tc = { m, pp_diags_new() };
	GThread *beside = NULL;

	group_records(m, rank, threads);
	renumber_employees(m, rank);
	pp_month_drop_index(m);
	/* the org and wages checks beside the record_id sort, whose steps
	 * between its passes leave a core idle; their messages come after
	 * the sort's, as when one ran after the other */
	if (threads > 1)
		beside = g_thread_new("checks", table_checks, &tc);
	else
		table_checks(&tc);
	check_record_ids(m, threads, diags);
	if (beside != NULL)
		g_thread_join(beside);
	pp_diags_take(diags, tc.diags);
	pp_diags_free(tc.diags);
	if (m->rules == NULL)
		return;
	if (m->month < m->rules->effective_from) {
		char a[8], b[8];
		pp_diag_error(diags, PP_EXIT_DATAERR, m->rules_file.path,
		    m->rules->effective_from_line, m->rules->effective_from_col,
		    _("the month %s is before the rules' effective_from %s"),
		    pp_format_month(a, m->month), pp_format_month(b, m->rules->effective_from));
	}
}
