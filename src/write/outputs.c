#include "outputs.h"

#include <errno.h>
#include <string.h>

#include "common/fixed.h"
#include "write/csvout.h"

typedef struct Pieces Pieces;	/* pieces of rows formatted once, below */

const char *
pp_charged_name(guint8 charged)
{
	static const char *names[] = { "yes", "held", "overturned" };
	return charged < G_N_ELEMENTS(names) ? names[charged] : "?";
}

const char *
pp_status_name(guint8 status)
{
	static const char *names[] = { "confirmed", "pending", "overturned" };
	return status < G_N_ELEMENTS(names) ? names[status] : "?";
}

char *
pp_flags_str(char *buf, guint flags)
{
	static const struct { guint bit; const char *name; } f[] = {
		{ PP_FLAG_WAGE_CAP, "wage_cap" },
		{ PP_FLAG_LIABILITY_CAP, "liability_cap" },
		{ PP_FLAG_FLOOR, "floor" },
		{ PP_FLAG_RESET, "reset" },
		{ PP_FLAG_HELD, "held" },
	};
	buf[0] = '\0';
	for (guint i = 0; i < G_N_ELEMENTS(f); i++) {
		if (!(flags & f[i].bit))
			continue;
		if (buf[0] != '\0')
			g_strlcat(buf, ";", 64);
		g_strlcat(buf, f[i].name, 64);
	}
	return buf;
}

static void
write_payroll(PpCsvOut *o, const PpMonth *m, const PpResult *res, const Pieces *pc)
{
	char mo[8], fl[64];

	pp_format_month(mo, m->month);
	pp_csv_out_header(o, "month,employee_id,name,region,gross_wage,management_allowance,"
	    "own_points,own_assessed,liability_points,liability_assessed,carry_in,wage_cap,"
	    "liability_cap,minimum_wage,deduction,net_pay,carry_out,waived,flags");
	for (guint i = 0; i < res->payroll->len; i++) {
		const PpPayRow *p = &g_array_index(res->payroll, PpPayRow, i);
		const PpWage *w = &g_array_index(m->wages, PpWage, p->wage);
		PpPayTerms t;
		pp_pay_terms(m, w, &t);
		pp_csv_out_plain(o, mo);
		pp_csv_out_field(o, pp_month_emp_id(m, pp_pay_emp(m, p)));
		pp_csv_out_field(o, w->name);
		pp_csv_out_field(o, w->region);
		pp_csv_out_money(o, w->gross);
		pp_csv_out_money(o, w->allowance);
		pp_csv_out_trim(o, p->own_points, 2);
		pp_csv_out_money(o, pp_pay_own_assessed(m, p));
		pp_csv_out_trim(o, p->liability_points, 6);
		pp_csv_out_money(o, pp_pay_liability_assessed(m, p));
		pp_csv_out_money(o, p->carry_in);
		pp_csv_out_money(o, t.wage_cap);
		pp_csv_out_money(o, t.liability_cap);
		pp_csv_out_money(o, t.minimum_wage);
		pp_csv_out_money(o, p->deduction);
		pp_csv_out_money(o, pp_pay_net(m, p));
		pp_csv_out_money(o, p->carry_out);
		pp_csv_out_money(o, p->waived);
		pp_csv_out_plain(o, pp_flags_str(fl, p->flags));
		pp_csv_out_end(o, FALSE);
	}
}

/*
 * Pieces of rows formatted once and copied into many: what detail.csv and
 * liability.csv write for a code (its name, category and points), a
 * (code, level) (category, points, ratio, liability points), a status and
 * its outcome, a file, an employee ID, a day of the month, a source.  A
 * reset code's points vary by record: its pieces stop before them.  Built
 * once before the writers start, read by all of them.
 */
#define SOURCE_PIECES 4096	/* sources with a piece (they are few; more are written as text) */

struct Pieces {
	GString **code;		/* per code: "CODE,category,points" ("CODE,category," for a reset code) */
	GString **liab;		/* per code and level: "category,points,ratio,liability_points" */
	GString *status[PP_STATUS_INVALID][3];	/* "status,charged" */
	GString **file;		/* per violation file: the path as a field */
	guint ncodes, nfiles;
	GString *emps;		/* every employee's ID as a field, then ',' */
	guint32 *emp_at;	/* PpEmp -> where its piece begins in emps (n + 1) */
	int32_t first_day;	/* the month's first day (yyyymmdd) */
	char days[31][11];	/* the month's days: "YYYY-MM-DD," */
	guint ndays;
	GString **source;	/* per source (the first SOURCE_PIECES): the text as a field, then ',' */
	guint nsources;
};

static void
trim_to(GString *g, int64_t v, guint decimals)
{
	char b[PP_FIXED_BUFSZ];
	g_string_append(g, pp_format_trim(b, v, decimals));
}

static void
pieces_init(Pieces *pc, const PpMonth *m)
{
	pc->ncodes = m->rules->codes->len;
	pc->nfiles = m->violation_files->len;
	pc->code = g_new0(GString *, pc->ncodes);
	pc->liab = g_new0(GString *, 2 * (gsize)pc->ncodes);
	for (guint k = 0; k < pc->ncodes; k++) {
		const PpCode *c = &g_array_index(m->rules->codes, PpCode, k);
		GString *g = pc->code[k] = g_string_new(NULL);
		pp_csv_quote_to(g, c->code);
		g_string_append_printf(g, ",%s,", pp_category_name(c->category));
		if (!c->reset)
			trim_to(g, c->points, 2);
		for (guint l = 0; l < PP_LEVEL_N; l++) {
			int64_t ratio = m->rules->liability[c->category][l];
			g = pc->liab[2 * k + l] = g_string_new(pp_category_name(c->category));
			g_string_append_c(g, ',');
			trim_to(g, c->points, 2);
			g_string_append_c(g, ',');
			trim_to(g, ratio, 4);
			g_string_append_c(g, ',');
			trim_to(g, c->points * ratio, 6);
		}
	}
	for (guint st = 0; st < PP_STATUS_INVALID; st++)
		for (guint ch = 0; ch < 3; ch++) {
			pc->status[st][ch] = g_string_new(NULL);
			g_string_printf(pc->status[st][ch], "%s,%s", pp_status_name((guint8)st),
			    pp_charged_name((guint8)ch));
		}
	pc->file = g_new0(GString *, pc->nfiles);
	for (guint f = 0; f < pc->nfiles; f++) {
		pc->file[f] = g_string_new(NULL);
		pp_csv_quote_to(pc->file[f], g_array_index(m->violation_files, PpInputFile, f).path);
	}
	pc->emps = g_string_sized_new(16 * (gsize)pp_month_n_emps(m) + 1);
	pc->emp_at = g_new(guint32, pp_month_n_emps(m) + 1);
	for (PpEmp e = 0; e < pp_month_n_emps(m); e++) {
		pc->emp_at[e] = (guint32)pc->emps->len;
		pp_csv_quote_to(pc->emps, pp_month_emp_id(m, e));
		g_string_append_c(pc->emps, ',');
	}
	pc->emp_at[pp_month_n_emps(m)] = (guint32)pc->emps->len;
	pc->first_day = pp_month_first_day(m->month);
	pc->ndays = (guint)(pp_month_last_day(m->month) - pc->first_day + 1);
	for (guint d = 0; d < pc->ndays; d++) {
		pp_format_date(pc->days[d], pc->first_day + (int32_t)d);
		pc->days[d][10] = ',';
	}
	pc->nsources = MIN(m->sources->len, SOURCE_PIECES);
	pc->source = g_new0(GString *, pc->nsources + 1);
	for (guint k = 0; k < pc->nsources; k++) {
		pc->source[k] = g_string_new(NULL);
		pp_csv_quote_to(pc->source[k], pp_month_source(m, k));
		g_string_append_c(pc->source[k], ',');
	}
}

static void
pieces_clear(Pieces *pc)
{
	for (guint k = 0; k < pc->ncodes; k++) {
		g_string_free(pc->code[k], TRUE);
		g_string_free(pc->liab[2 * k], TRUE);
		g_string_free(pc->liab[2 * k + 1], TRUE);
	}
	for (guint st = 0; st < PP_STATUS_INVALID; st++)
		for (guint ch = 0; ch < 3; ch++)
			g_string_free(pc->status[st][ch], TRUE);
	for (guint f = 0; f < pc->nfiles; f++)
		g_string_free(pc->file[f], TRUE);
	for (guint k = 0; k < pc->nsources; k++)
		g_string_free(pc->source[k], TRUE);
	g_free(pc->code);
	g_free(pc->liab);
	g_free(pc->file);
	g_free(pc->source);
	g_string_free(pc->emps, TRUE);
	g_free(pc->emp_at);
}

static inline void
piece(PpCsvOut *o, const GString *g)
{
	pp_csv_out_raw(o, g->str, g->len);
}

static inline void
comma(PpCsvOut *o)
{
	pp_csv_out_raw(o, ",", 1);
}

/* Adds employee e's ID as a field, then ','. */
static inline void
emp_piece(PpCsvOut *o, const Pieces *pc, PpEmp e)
{
	pp_csv_out_raw(o, pc->emps->str + pc->emp_at[e], pc->emp_at[e + 1] - pc->emp_at[e]);
}

static void
write_detail(PpCsvOut *o, const PpMonth *m, const PpResult *res, const Pieces *pc)
{
	const PpRecord *recs = (const PpRecord *)(void *)m->records->data;

	pp_csv_out_header(o, "record_id,employee_id,date,code,category,points,source,case_id,"
	    "status,charged,direct_supervisor_id,indirect_supervisor_id,file,line");
	/* the records lie in detail.csv's order (pp_month_validate), their
	 * IDs next to each other in that order */
	for (guint32 i = 0; i < m->records->len; i++) {
		const PpRecord *r = &recs[i];
		const PpCode *c = &g_array_index(m->rules->codes, PpCode, r->code);
		PpEmp dir = pp_result_supervisor(res, m, i, PP_LEVEL_DIRECT);
		PpEmp ind = pp_result_supervisor(res, m, i, PP_LEVEL_INDIRECT);
		const char *rid = pp_month_record_id(m, r);
		guint32 day = r->date - (guint32)pc->first_day;
		gsize n;

		n = pp_csv_out_text(o, rid);
		comma(o);
		emp_piece(o, pc, r->emp);
		if (day < pc->ndays)
			pp_csv_out_raw(o, pc->days[day], 11);
		else {
			pp_csv_out_date(o, r->date);	/* a late finding */
			comma(o);
		}
		piece(o, pc->code[r->code]);
		if (c->reset)
			pp_csv_out_trim_raw(o, pp_result_points(res, m, i), 2);
		comma(o);
		if (r->source < pc->nsources)
			piece(o, pc->source[r->source]);
		else {
			pp_csv_out_text(o, pp_month_source(m, r->source));
			comma(o);
		}
		pp_csv_out_text(o, rid + n + 1);	/* the case_id follows the record_id */
		comma(o);
		piece(o, pc->status[r->status][pp_record_charged(m->rules, r)]);
		comma(o);
		if (dir != PP_NO_EMP)
			emp_piece(o, pc, dir);
		else
			comma(o);
		if (ind != PP_NO_EMP)
			emp_piece(o, pc, ind);
		else
			comma(o);
		piece(o, pc->file[r->file]);
		comma(o);
		pp_csv_out_uint_raw(o, r->line);
		pp_csv_out_end(o, FALSE);
	}
}

/*
 * liability.csv takes each supervisor's records in record_id order: from
 * a dozen employees' records (or a hundred, for a project manager),
 * scattered over the month.  Each block of rows is fetched first (the
 * records, then their IDs and where their employees' pieces are, then the
 * pieces: a few hundred loads in flight together), then written from the
 * cache.  (A rolling fetch, 16 rows ahead, took twice the time.)
 */
#define LIAB_BLOCK 256

static void
write_liability(PpCsvOut *o, const PpMonth *m, const PpResult *res, const Pieces *pc)
{
	guint nb = 2 * pp_month_n_emps(m);
	const PpRecord *recs = (const PpRecord *)(void *)m->records->data;
	g_autoptr(GString) head = g_string_new(NULL);

	pp_csv_out_header(o, "supervisor_id,level,subordinate_id,record_id,category,points,"
	    "ratio,liability_points");
	for (guint b = 0; b < nb; b++) {
		/* one supervisor at one level: its rows in record_id order */
		PpLevel l = (PpLevel)(b % 2);
		guint32 end = res->liability_start[b + 1];
		if (res->liability_start[b] == end)
			continue;
		g_string_truncate(head, 0);
		pp_csv_quote_to(head, pp_month_emp_id(m, b / 2));
		g_string_append_printf(head, ",%s,", pp_level_name(l));
		for (guint32 k0 = res->liability_start[b]; k0 < end; k0 += LIAB_BLOCK) {
			guint32 k1 = MIN(end, k0 + LIAB_BLOCK);
			for (guint32 k = k0; k < k1; k++)
				__builtin_prefetch(&recs[res->liability_order[k] >> 1]);
			for (guint32 k = k0; k < k1; k++) {
				const PpRecord *r = &recs[res->liability_order[k] >> 1];
				__builtin_prefetch(pp_month_record_id(m, r));
				__builtin_prefetch(&pc->emp_at[r->emp]);
			}
			for (guint32 k = k0; k < k1; k++)
				__builtin_prefetch(pc->emps->str +
				    pc->emp_at[recs[res->liability_order[k] >> 1].emp]);
			for (guint32 k = k0; k < k1; k++) {
				guint32 i = res->liability_order[k] >> 1;
				const PpRecord *r = &recs[i];
				const PpCode *c = &g_array_index(m->rules->codes, PpCode, r->code);
				piece(o, head);
				emp_piece(o, pc, r->emp);
				pp_csv_out_text(o, pp_month_record_id(m, r));
				comma(o);
				if (!c->reset)
					piece(o, pc->liab[2 * r->code + l]);
				else {
					/* a reset record's points are its own */
					int64_t points = pp_result_points(res, m, i);
					int64_t ratio = m->rules->liability[c->category][l];
					pp_csv_out_raw(o, pp_category_name(c->category),
					    strlen(pp_category_name(c->category)));
					comma(o);
					pp_csv_out_trim_raw(o, points, 2);
					comma(o);
					pp_csv_out_trim_raw(o, ratio, 4);
					comma(o);
					pp_csv_out_trim_raw(o, points * ratio, 6);
				}
				pp_csv_out_end(o, FALSE);
			}
		}
	}
}

static void
write_carryover(PpCsvOut *o, const PpMonth *m, const PpResult *res, const Pieces *pc)
{
	char mo[8];

	pp_csv_out_header(o, "employee_id,origin_month,kind,amount");
	for (guint i = 0; i < res->carry_out->len; i++) {
		const PpCarry *c = &g_array_index(res->carry_out, PpCarry, i);
		pp_csv_out_field(o, pp_month_emp_id(m, c->emp));
		pp_csv_out_plain(o, pp_format_month(mo, c->origin));
		pp_csv_out_plain(o, c->kind == PP_KIND_OWN ? "own" : "liability");
		pp_csv_out_money(o, c->amount);
		pp_csv_out_end(o, FALSE);
	}
}

typedef struct {
	const char *name;
	void (*write)(PpCsvOut *, const PpMonth *, const PpResult *, const Pieces *);
} Output;

static const Output outputs[PP_OUT_N] = {
	{ "payroll.csv", write_payroll },
	{ "detail.csv", write_detail },
	{ "liability.csv", write_liability },
	{ "carryover.csv", write_carryover },
};

/* Outputs to write, taken in turn by the threads of one call. */
typedef struct {
	int dirfd;
	const PpMonth *m;
	const PpResult *res;
	const Pieces *pieces;
	gboolean bom;
	PpOutputFile *files;	/* [PP_OUT_N] */
	int *err;		/* [PP_OUT_N] */
	const guint *todo;	/* PP_OUT_* to write, in this order */
	guint ntodo;
	gint next;		/* the next of todo, taken atomically */
	PpCsvHasher *hasher;	/* with more than one thread: hashes every output, two at once */
} Job;

/* Writes one output; returns 0 or an errno. */
static int
write_one(Job *j, guint i)
{
	PpCsvOut o;

	if (!pp_csv_out_open(&o, j->dirfd, outputs[i].name, j->bom, j->hasher))
		return errno;
	gint64 t0 = g_get_monotonic_time();
	outputs[i].write(&o, j->m, j->res, j->pieces);
	if (!pp_csv_out_close(&o))
		return o.err;
	j->files[i].name = outputs[i].name;
	memcpy(j->files[i].sha256, o.sha256, sizeof j->files[i].sha256);
	j->files[i].rows = o.rows;
	j->files[i].bytes = o.bytes;
	j->files[i].usec = g_get_monotonic_time() - t0;
	return 0;
}

/* A writer thread: takes outputs until none is left. */
static gpointer
writer(gpointer data)
{
	Job *j = data;
	gint k;

	while ((k = g_atomic_int_add(&j->next, 1)) < (gint)j->ntodo)
		j->err[j->todo[k]] = write_one(j, j->todo[k]);
	return NULL;
}

/* The outputs written early: all they need is known before the payroll. */
static const guint early_outputs[] = { PP_OUT_DETAIL, PP_OUT_LIABILITY };
#define N_EARLY G_N_ELEMENTS(early_outputs)

static gboolean
is_early(guint out)
{
	for (guint k = 0; k < N_EARLY; k++)
		if (early_outputs[k] == out)
			return TRUE;
	return FALSE;
}

struct PpWriting {
	Pieces pieces;		/* shared with pp_write_outputs */
	PpResult *res;		/* a reference, kept while they are written */
	PpOutputFile files[PP_OUT_N];
	int err[PP_OUT_N];
	Job job;
	GThread *threads[N_EARLY];	/* NULL once joined */
	PpCsvHasher *hasher;	/* theirs, then the others' too (NULL: one thread) */
};

PpWriting *
pp_write_early(int dirfd, const PpMonth *m, const PpResult *res, gboolean bom, guint threads)
{
	PpWriting *w = g_new0(PpWriting, 1);

	w->res = pp_result_ref(res);
	pieces_init(&w->pieces, m);
	if (threads > 1)
		w->hasher = pp_csv_hasher_new();
	w->job = (Job){ dirfd, m, w->res, &w->pieces, bom, w->files, w->err, early_outputs,
		N_EARLY, 0, w->hasher };
	for (guint t = 0; t < MIN(MAX(threads, 1), N_EARLY); t++)
		w->threads[t] = g_thread_new("writer", writer, &w->job);
	return w;
}

/* Waits for an early writing to end (once). */
static void
early_join(PpWriting *w)
{
	for (guint t = 0; t < N_EARLY; t++)
		if (w->threads[t] != NULL)
			g_thread_join(w->threads[t]);
	memset(w->threads, 0, sizeof w->threads);
}

void
pp_write_abandon(PpWriting *w)
{
	if (w == NULL)
		return;
	early_join(w);
	pp_csv_hasher_free(w->hasher);
	pieces_clear(&w->pieces);
	pp_result_free(w->res);
	g_free(w);
}

int
pp_write_outputs(int dirfd, const PpMonth *m, const PpResult *res, gboolean bom,
    guint threads, PpWriting *early, PpOutputFile files[PP_OUT_N])
{
	/* the big two first, so that they run side by side */
	static const guint order[PP_OUT_N] = { PP_OUT_DETAIL, PP_OUT_LIABILITY, PP_OUT_PAYROLL,
		PP_OUT_CARRYOVER };
	guint todo[PP_OUT_N], ntodo = 0;
	int err[PP_OUT_N] = { 0 };
	Pieces own;
	GThread *extra[PP_OUT_N];
	guint n;
	PpCsvHasher *hasher = early != NULL ? early->hasher : NULL;
	PpCsvHasher *own_hasher = NULL;

	for (guint k = 0; k < PP_OUT_N; k++)
		if (early == NULL || !is_early(order[k]))
			todo[ntodo++] = order[k];
	if (early == NULL)
		pieces_init(&own, m);
	if (hasher == NULL && threads > 1)
		hasher = own_hasher = pp_csv_hasher_new();
	{
		Job j = { dirfd, m, res, early != NULL ? &early->pieces : &own, bom, files, err, todo,
			ntodo, 0, hasher };
		n = MIN(MAX(threads, 1), ntodo);
		for (guint t = 1; t < n; t++)
			extra[t] = g_thread_new("writer", writer, &j);
		writer(&j);
		for (guint t = 1; t < n; t++)
			g_thread_join(extra[t]);
	}
	pp_csv_hasher_free(own_hasher);
	if (early != NULL) {
		early_join(early);
		for (guint k = 0; k < N_EARLY; k++) {
			files[early_outputs[k]] = early->files[early_outputs[k]];
			err[early_outputs[k]] = early->err[early_outputs[k]];
		}
		pp_write_abandon(early);	/* (what it wrote stays) */
	} else
		pieces_clear(&own);
	for (guint i = 0; i < PP_OUT_N; i++)
		if (err[i] != 0)
			return err[i];
	return 0;
}
