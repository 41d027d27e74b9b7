#include "compute.h"

#include <glib/gi18n.h>
#include <string.h>

#include "common/fixed.h"
#include "common/parallel.h"
#include "common/strsort.h"

/* No figure may exceed 10^15 fen (ten trillion yuan): far above any wage,
 * far below int64_t, so every product below fits in __int128. */
#define MONEY_LIMIT 1000000000000000LL

typedef __int128 i128;

typedef struct {
	const PpMonth *m;
	const PpRules *rules;
	PpDiags *diags;
	PpResult *res;
	guint nemps;
	gint32 *wage_of;	/* PpEmp -> index into m->wages, -1: none */
	guint32 *org_start;	/* PpEmp -> first of its rows in m->org */
	guint32 *org_count;
	guint8 *org_invalid;	/* PpEmp -> an org row had errors: coverage unknown */
	i128 *sum_other;	/* PpEmp -> centipoints of charged non-reset records */
	guint32 *first_reset;	/* PpEmp -> earliest charged reset record, or PP_NO_ROW */
	i128 *liab_micro;	/* PpEmp -> liability micropoints */
	guint8 *held;		/* PpEmp -> a pending record was held */
	guint32 *missing_at;	/* PpEmp -> first record charging them without wages, or PP_NO_ROW */
	const char **missing_role; /* PpEmp -> NULL: as violator, else "direct" or "indirect" */
	guint n_missing;	/* employees in missing_at */
	guint32 *carry_start;	/* PpEmp -> first of its items in carry_idx */
	guint32 *carry_count;
	guint32 *carry_idx;	/* carry-in items by employee, origin month, kind */
	GArray *claims;		/* PpClaim: the employee being paid's */
	/* liability.csv's order, between its two passes */
	guint32 *slot;		/* bucket (supervisor rank * 2 + level) -> its rows, then
				 * (liability_order) its end, then its start */
	guint32 *row_bucket;	/* org row * 2 + level -> bucket, G_MAXUINT32: none */
	guint8 *charged;	/* record -> charged (a bit each) */
	/* liability_order() on order_parts threads, each over a range of
	 * record_id ranks: part_slot[p] (p >= 1) counts part p's rows of each
	 * bucket, then is its cursor (part 0's is slot); part_of: record ->
	 * the part of its rank (NULL with one part) */
	guint order_parts;
	guint8 *part_of;
	guint32 *part_slot[PP_MAX_PARTS];
} Ctx;

guint8
pp_record_charged(const PpRules *rules, const PpRecord *r)
{
	if (r->status == PP_STATUS_OVERTURNED || r->status == PP_STATUS_INVALID)
		return PP_CHARGED_OVERTURNED;
	if (r->status == PP_STATUS_PENDING && rules->pending_appeal == PP_PENDING_HOLD)
		return PP_CHARGED_HELD;
	return PP_CHARGED_YES;
}

static const PpCode *
code_of(const PpRules *rules, const PpRecord *r)
{
	return &g_array_index(rules->codes, PpCode, r->code);
}

int64_t
pp_result_points(const PpResult *res, const PpMonth *m, guint32 i)
{
	const PpRecord *r = &g_array_index(m->records, PpRecord, i);
	const PpCode *c = code_of(m->rules, r);
	guint lo = 0, hi;

	if (!c->reset)
		return c->points;
	/* a reset record: its share, if it is the one that shows it */
	hi = res->reset_points->len;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		const PpResetPoints *p = &g_array_index(res->reset_points, PpResetPoints, mid);
		if (p->record == i)
			return p->points;
		if (p->record < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

PpEmp
pp_result_supervisor(const PpResult *res, const PpMonth *m, guint32 i, PpLevel level)
{
	const PpOrgRow *o;

	if (res->org_row[i] == PP_NO_ROW)
		return PP_NO_EMP;
	o = &g_array_index(m->org, PpOrgRow, res->org_row[i]);
	return level == PP_LEVEL_DIRECT ? o->direct : o->indirect;
}

int64_t
pp_result_ratio(const PpMonth *m, guint32 i, PpLevel level)
{
	const PpRecord *r = &g_array_index(m->records, PpRecord, i);
	return m->rules->liability[code_of(m->rules, r)->category][level];
}

static const char *
file_of(const Ctx *c, const PpRecord *r)
{
	return g_array_index(c->m->violation_files, PpInputFile, r->file).path;
}

/* Orders carry-in item indices by employee, origin month, kind. */
static int
cmp_carry_idx(gconstpointer a, gconstpointer b, gpointer user)
{
	const PpCarry *items = user;
	const PpCarry *x = &items[*(const guint32 *)a], *y = &items[*(const guint32 *)b];
	if (x->emp != y->emp)
		return x->emp < y->emp ? -1 : 1;
	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* Indexes wages rows, (sorted) org rows and carry-in items by employee. */
static void
index_tables(Ctx *c)
{
	const PpMonth *m = c->m;
	guint nc = m->carry->len;

	c->wage_of = g_new(gint32, c->nemps + 1);
	for (guint i = 0; i < c->nemps; i++)
		c->wage_of[i] = -1;
	for (guint i = 0; i < m->wages->len; i++)
		c->wage_of[g_array_index(m->wages, PpWage, i).emp] = (gint32)i;
	c->org_start = g_new0(guint32, c->nemps + 1);
	c->org_count = g_new0(guint32, c->nemps + 1);
	c->org_invalid = g_new0(guint8, c->nemps + 1);
	for (guint i = 0; i < m->org->len; i++) {
		const PpOrgRow *o = &g_array_index(m->org, PpOrgRow, i);
		if (c->org_count[o->emp]++ == 0)
			c->org_start[o->emp] = i;
		if (o->invalid)
			c->org_invalid[o->emp] = TRUE;
	}
	c->carry_idx = g_new(guint32, nc + 1);
	c->carry_start = g_new0(guint32, c->nemps + 1);
	c->carry_count = g_new0(guint32, c->nemps + 1);
	for (guint i = 0; i < nc; i++)
		c->carry_idx[i] = i;
	g_qsort_with_data(c->carry_idx, (gint)nc, sizeof(guint32), cmp_carry_idx, m->carry->data);
	for (guint i = 0; i < nc; i++) {
		PpEmp e = g_array_index(m->carry, PpCarry, c->carry_idx[i]).emp;
		if (c->carry_count[e]++ == 0)
			c->carry_start[e] = i;
	}
}

/* Returns the index of the org row covering emp on date, or PP_NO_ROW. */
static guint32
org_on(const Ctx *c, PpEmp emp, int32_t date)
{
	const PpOrgRow *rows = (const PpOrgRow *)(void *)c->m->org->data;
	guint lo = c->org_start[emp], hi = lo + c->org_count[emp];

	if (c->org_count[emp] == 0 || c->org_invalid[emp])
		return PP_NO_ROW;
	/* rows of emp are sorted by from: find the last with from <= date */
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (rows[mid].from <= date)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == c->org_start[emp] || rows[lo - 1].to < date)
		return PP_NO_ROW;
	return lo - 1;
}

/* Returns TRUE when record a was read before record b. */
static gboolean
read_before(const PpRecord *a, const PpRecord *b)
{
	return a->file != b->file ? a->file < b->file : a->line < b->line;
}

/*
 * Notes a charged violator (role NULL) or supervisor ("direct",
 * "indirect") without a wages row: reported once, at the first record
 * read that charges them (report_missing_supervisors()).
 */
static void
need_wages(Ctx *c, PpEmp e, guint32 i, const char *role)
{
	const PpRecord *recs = (const PpRecord *)(void *)c->m->records->data;

	if (c->wage_of[e] >= 0)
		return;
	if (c->missing_at[e] == PP_NO_ROW || read_before(&recs[i], &recs[c->missing_at[e]])) {
		c->n_missing += c->missing_at[e] == PP_NO_ROW;
		c->missing_at[e] = i;
		c->missing_role[e] = role;
	}
}

/* Reports each charged employee without a wages row, at its first record. */
static void
report_missing_supervisors(Ctx *c)
{
	const PpRecord *recs = (const PpRecord *)(void *)c->m->records->data;
	char d[11];

	for (guint e = 0; e < c->nemps; e++) {
		const PpRecord *r;
		if (c->missing_at == NULL || c->missing_at[e] == PP_NO_ROW)
			continue;
		r = &recs[c->missing_at[e]];
		if (c->missing_role[e] == NULL)
			pp_diag_error(c->diags, PP_EXIT_DATAERR, file_of(c, r), r->line, 0,
			    _("'%s' has a charged violation (record '%s') but no wages row"),
			    pp_month_emp_id(c->m, e), pp_month_record_id(c->m, r));
		else
			pp_diag_error(c->diags, PP_EXIT_DATAERR, file_of(c, r), r->line, 0,
			    _("supervisor '%s' (%s of '%s' on %s) is charged but has no wages row"),
			    pp_month_emp_id(c->m, e), c->missing_role[e],
			    pp_month_emp_id(c->m, r->emp), pp_format_date(d, r->date));
	}
}

/* A charged employee without a wages row, as one part of
 * classify_records() met them (need_wages()'s arguments). */
typedef struct {
	PpEmp emp;
	guint32 record;
	const char *role;
} Missing;

/* What one part of classify_records() found that the month shares,
 * merged in part order once all parts are done. */
typedef struct {
	Ctx *c;
	guint64 n_charged, n_held, n_overturned;
	GArray *missing;	/* Missing, in the order met */
	PpDiags *diags;
} Classify;

/* Returns the first record at or after k that begins an employee's
 * records (parts split there: each employee's arrays are one part's). */
static guint64
employee_start(const PpRecord *recs, guint64 n, guint64 k)
{
	while (k > 0 && k < n && recs[k].emp == recs[k - 1].emp)
		k++;
	return k;
}

/* Notes e as charged by record i (in role) when e has no wages row. */
static inline void
note_wages(const Ctx *c, Classify *p, PpEmp e, guint32 i, const char *role)
{
	if (c->wage_of[e] < 0) {
		Missing x = { e, i, role };
		g_array_append_val(p->missing, x);
	}
}

/* Steps 1-2 for one part's records: what is charged, the org row of each
 * date, own points. */
static void
classify_part(guint part, guint n, gpointer data)
{
	Classify *p = (Classify *)data + part;
	Ctx *c = p->c;
	const PpMonth *m = c->m;
	PpResult *res = c->res;
	gboolean liability = pp_rules_has_liability(c->rules);
	const PpRecord *recs = (const PpRecord *)(void *)m->records->data;
	guint64 from, to, len = m->records->len;

	pp_part_range(len, part, n, &from, &to);
	from = employee_start(recs, len, from);
	to = employee_start(recs, len, to);
	for (guint32 i = (guint32)from; i < to; i++) {
		const PpRecord *r = &recs[i];
		const PpCode *code;
		guint8 ch = pp_record_charged(c->rules, r);
		guint32 row;

		if (r->status == PP_STATUS_INVALID) {
			/* its errors are reported; it only counted for duplicates */
			res->org_row[i] = PP_NO_ROW;
			continue;
		}
		code = code_of(c->rules, r);
		row = res->org_row[i] = m->has_org ? org_on(c, r->emp, r->date) : PP_NO_ROW;
		if (ch == PP_CHARGED_HELD) {
			c->held[r->emp] = TRUE;
			p->n_held++;
		}
		if (ch == PP_CHARGED_OVERTURNED)
			p->n_overturned++;
		if (ch != PP_CHARGED_YES)
			continue;
		p->n_charged++;
		note_wages(c, p, r->emp, i, NULL);
		if (liability && row == PP_NO_ROW && !c->org_invalid[r->emp]) {
			char d[11];
			pp_diag_error(p->diags, PP_EXIT_DATAERR, file_of(c, r), r->line, 0,
			    _("no org row covers '%s' on %s (needed for supervisor liability)"),
			    pp_month_emp_id(m, r->emp), pp_format_date(d, r->date));
		}
		if (row != PP_NO_ROW) {
			const PpOrgRow *o = &g_array_index(m->org, PpOrgRow, row);
			if (o->direct != PP_NO_EMP)
				note_wages(c, p, o->direct, i, "direct");
			if (o->indirect != PP_NO_EMP)
				note_wages(c, p, o->indirect, i, "indirect");
		}
		if (!code->reset)
			c->sum_other[r->emp] += code->points;
		else if (c->first_reset[r->emp] == PP_NO_ROW || pp_record_before(c->m, r, &recs[c->first_reset[r->emp]]))
			c->first_reset[r->emp] = i;
	}
}

/*
 * Steps 1-2 on up to `threads` threads, each taking whole employees'
 * records (the arrays by employee are written by one part only); what
 * the parts found is merged in their order, as one pass would have found
 * it.
 */
static void
classify_records(Ctx *c, guint threads)
{
	guint n = pp_parts_for(c->m->records->len, PP_PARALLEL_MIN, threads);
	g_autofree Classify *parts = g_new0(Classify, n);

	for (guint k = 0; k < n; k++) {
		parts[k].c = c;
		parts[k].missing = g_array_new(FALSE, FALSE, sizeof(Missing));
		parts[k].diags = pp_diags_new();
	}
	pp_parallel(n, classify_part, parts);
	for (guint k = 0; k < n; k++) {
		Classify *p = &parts[k];
		c->res->n_charged += p->n_charged;
		c->res->n_held += p->n_held;
		c->res->n_overturned += p->n_overturned;
		for (guint j = 0; j < p->missing->len; j++) {
			const Missing *x = &g_array_index(p->missing, Missing, j);
			need_wages(c, x->emp, x->record, x->role);
		}
		g_array_unref(p->missing);
		pp_diags_take(c->diags, p->diags);
		pp_diags_free(p->diags);
	}
}

/* Returns an employee's own points (step 2): the reset rule applied. */
static i128
own_points(const Ctx *c, PpEmp e)
{
	i128 sum = c->sum_other[e];
	if (c->first_reset[e] == PP_NO_ROW)
		return sum;
	return MAX(sum, (i128)c->rules->quality_score_base);
}

static int
cmp_reset(gconstpointer a, gconstpointer b)
{
	guint32 x = ((const PpResetPoints *)a)->record, y = ((const PpResetPoints *)b)->record;
	return x < y ? -1 : x > y;
}

/* Step 2: the share each employee's earliest charged reset record shows. */
static void
reset_shares(Ctx *c)
{
	for (guint e = 0; e < c->nemps; e++) {
		PpResetPoints p;
		if (c->first_reset[e] == PP_NO_ROW)
			continue;
		p.record = c->first_reset[e];
		p.points = (int64_t)MIN(own_points(c, e) - c->sum_other[e], (i128)G_MAXINT64);
		g_array_append_val(c->res->reset_points, p);
	}
	g_array_sort(c->res->reset_points, cmp_reset);
}

/* Liability of a run of charged records of one org row, per level. */
typedef struct {
	guint32 row;		/* PP_NO_ROW: no run yet */
	guint32 rows[PP_LEVEL_N];	/* liability.csv rows */
	i128 micro[PP_LEVEL_N];	/* micropoints */
	guint32 part_rows[PP_MAX_PARTS][PP_LEVEL_N];	/* of rows: those of each
							 * order part (the first's unused) */
} Run;

/* What the parts of liability_sums() add up, each its own: micropoints
 * (part 0's are the month's, the others' are added to them at the end)
 * and rows. */
typedef struct {
	Ctx *c;
	i128 *micro[PP_MAX_PARTS];
	guint64 rows[PP_MAX_PARTS];
} Sums;

/* Adds run's rows to its supervisors' buckets (shared by the parts:
 * atomically) and its micropoints to the part's micro; starts it anew. */
static void
end_run(Ctx *c, Run *run, i128 *micro, guint64 *rows)
{
	if (run->row != PP_NO_ROW)
		for (guint l = 0; l < PP_LEVEL_N; l++) {
			guint32 b = c->row_bucket[2 * run->row + l];
			if (b == G_MAXUINT32)
				continue;
			__atomic_fetch_add(&c->slot[b], run->rows[l], __ATOMIC_RELAXED);
			for (guint p = 1; p < c->order_parts; p++)
				if (run->part_rows[p][l] > 0)
					__atomic_fetch_add(&c->part_slot[p][b], run->part_rows[p][l],
					    __ATOMIC_RELAXED);
			micro[b / 2] += run->micro[l];
			*rows += run->rows[l];
		}
	run->row = PP_NO_ROW;
	memset(run->rows, 0, sizeof run->rows);
	memset(run->micro, 0, sizeof run->micro);
	memset(run->part_rows, 0, sizeof run->part_rows[0] * c->order_parts);
}

/* Record k rounded down to a multiple of 8 (the end stays): parts of
 * liability_sums() begin there, so that no two write one byte of the
 * charged bits. */
static inline guint64
sums_bound(guint64 k, guint64 n)
{
	return k == n ? n : k & ~(guint64)7;
}

/* Part `part` of liability_sums(): its range of the records as they lie. */
static void
sums_part(guint part, guint n_parts, gpointer data)
{
	Sums *s = data;
	Ctx *c = s->c;
	const PpMonth *m = c->m;
	const PpResult *res = c->res;
	const guint32 *row_bucket = c->row_bucket;
	const PpRecord *recs = (const PpRecord *)(void *)m->records->data;
	i128 *micro = s->micro[part];
	guint64 from, to;
	Run run;

	pp_part_range(m->records->len, part, n_parts, &from, &to);
	from = sums_bound(from, m->records->len);
	to = sums_bound(to, m->records->len);
	memset(&run, 0, sizeof run);
	run.row = PP_NO_ROW;
	/* an employee's records lie together and mostly share one org row:
	 * sums are kept for the run of records of one org row and added to
	 * its supervisors once (exact integers: the order of the additions
	 * does not matter) */
	for (guint64 i = from; i < to; i++) {
		const PpRecord *r = &recs[i];
		guint32 row = res->org_row[i];
		int64_t points;
		if (row == PP_NO_ROW || pp_record_charged(c->rules, r) != PP_CHARGED_YES)
			continue;
		c->charged[i / 8] |= (guint8)(1u << (i % 8));
		if (row != run.row) {
			end_run(c, &run, micro, &s->rows[part]);
			run.row = row;
			/* its supervisors' sums lie anywhere: fetched now, added to
			 * at the run's end */
			for (guint l = 0; l < PP_LEVEL_N; l++)
				if (row_bucket[2 * row + l] != G_MAXUINT32) {
					__builtin_prefetch(&c->slot[row_bucket[2 * row + l]], 1);
					__builtin_prefetch(&micro[row_bucket[2 * row + l] / 2], 1);
				}
		}
		points = pp_result_points(res, m, (guint32)i);
		for (guint l = 0; l < PP_LEVEL_N; l++) {
			if (row_bucket[2 * row + l] == G_MAXUINT32)
				continue;
			run.rows[l]++;
			run.micro[l] += (i128)points * pp_result_ratio(m, (guint32)i, (PpLevel)l);
			if (c->part_of != NULL)
				run.part_rows[c->part_of[i]][l]++;
		}
	}
	end_run(c, &run, micro, &s->rows[part]);
}

/*
 * The parts liability_order() will run on, and each record's part: the
 * records in record_id order cut into order_parts ranges.  (A byte a
 * record: liability_sums() reads them in its order, not theirs.)
 */
static void
split_order(Ctx *c, guint threads)
{
	const PpMonth *m = c->m;
	guint n = m->records->len;

	c->order_parts = pp_parts_for(n, PP_PARALLEL_MIN, threads);
	if (c->order_parts == 1)
		return;
	G_STATIC_ASSERT(PP_MAX_PARTS <= 256);
	c->part_of = g_new(guint8, n + 1);
	for (guint p = 0; p < c->order_parts; p++) {
		guint64 from, to;
		pp_part_range(n, p, c->order_parts, &from, &to);
		for (guint64 k = from; k < to; k++)
			c->part_of[m->rid_order[k]] = (guint8)p;
	}
	for (guint p = 1; p < c->order_parts; p++)
		c->part_slot[p] = g_new0(guint32, 2 * (gsize)c->nemps + 1);
}

/*
 * Step 4: each supervisor's liability micropoints, and the count of
 * liability.csv's rows of each bucket (supervisor, level), walking the
 * records as they lie, on up to `threads` threads: in all (slot) and of
 * each order part but the first (part_slot).  A record's two buckets are
 * those of its org row, kept per org row (far fewer than records), and
 * whether it is charged is a bit: liability_order() then reads little.
 */
static void
liability_sums(Ctx *c, guint threads)
{
	const PpMonth *m = c->m;
	guint n = m->records->len, norg = m->org->len, parts;
	guint32 *row_bucket = c->row_bucket = g_new(guint32, 2 * (gsize)norg + 1);
	Sums s = { c, { c->liab_micro }, { 0 } };

	c->slot = g_new0(guint32, 2 * (gsize)c->nemps + 1);
	c->charged = g_new0(guint8, n / 8 + 1);
	split_order(c, threads);
	/* the walk on as many threads as the order (ranges of the records
	 * as they lie, not of ranks) */
	parts = c->order_parts;
	for (guint k = 0; k < norg; k++) {
		const PpOrgRow *o = &g_array_index(m->org, PpOrgRow, k);
		row_bucket[2 * k] = o->direct == PP_NO_EMP ? G_MAXUINT32 : o->direct * 2;
		row_bucket[2 * k + 1] = o->indirect == PP_NO_EMP ? G_MAXUINT32 :
		    o->indirect * 2 + 1;
	}
	for (guint p = 1; p < parts; p++)
		s.micro[p] = g_new0(i128, c->nemps + 1);
	pp_parallel(parts, sums_part, &s);
	for (guint p = 0; p < parts; p++)
		c->res->n_liability += s.rows[p];
	for (guint p = 1; p < parts; p++) {
		for (guint e = 0; e < c->nemps; e++)
			c->liab_micro[e] += s.micro[p][e];
		g_free(s.micro[p]);
	}
}

/*
 * Part `part` of liability_order(): its range of record_id ranks, walked
 * backwards, each charged record put before the rows its part has put in
 * each of its buckets.
 */
static void
order_part(guint part, guint n_parts, gpointer data)
{
	Ctx *c = data;
	const PpMonth *m = c->m;
	PpResult *res = c->res;
	guint32 *slot = part == 0 ? c->slot : c->part_slot[part];
	const guint32 *row_bucket = c->row_bucket;
	guint64 from, to;

	pp_part_range(m->records->len, part, n_parts, &from, &to);
	for (guint64 k = to; k-- > from;) {
		guint32 i = m->rid_order[k], row;
		/* records in record_id order are scattered: fetch ahead */
		if (k >= 32)
			__builtin_prefetch(&res->org_row[m->rid_order[k - 32]]);
		if (k >= 16) {
			guint32 j = m->rid_order[k - 16];
			if (res->org_row[j] != PP_NO_ROW)
				__builtin_prefetch(&row_bucket[2 * res->org_row[j]]);
		}
		if (!(c->charged[i / 8] & (1u << (i % 8))))
			continue;
		row = res->org_row[i];
		for (guint l = PP_LEVEL_N; l-- > 0;)
			if (row_bucket[2 * row + l] != G_MAXUINT32)
				res->liability_order[--slot[row_bucket[2 * row + l]]] = (i << 1) | l;
	}
}

/*
 * liability.csv's order (supervisor_id, level, record_id): a counting
 * sort over the records taken in record_id order, into the buckets
 * liability_sums() counted, on order_parts threads: each bucket's rows of
 * part p follow those of the parts before it, so the order does not
 * depend on how many.  Before the payroll, so that liability.csv is
 * written while the month is paid (its hashing then pairs with
 * detail.csv's); the classification's arrays are freed by then.  The
 * result's buckets (liability_start) are slot's, taken from c.
 */
static void
liability_order(Ctx *c)
{
	PpResult *res = c->res;
	guint32 *slot = c->slot;
	gsize nb = 2 * (gsize)c->nemps;

	/* each bucket's end, then each part's end in it (the last part's is
	 * the bucket's); filled backwards, part 0's cursor (slot) then holds
	 * the bucket's start */
	for (gsize b = 1; b <= nb; b++)
		slot[b] += slot[b - 1];
	for (gsize b = 0; b <= nb; b++) {
		guint32 end = slot[b];
		for (guint p = c->order_parts; p-- > 1;) {
			guint32 rows = c->part_slot[p][b];
			c->part_slot[p][b] = end;
			end -= rows;
		}
		slot[b] = end;
	}
	res->liability_order = g_new(guint32, res->n_liability + 1);
	pp_parallel(c->order_parts, order_part, c);
	for (guint p = 1; p < c->order_parts; p++)
		g_clear_pointer(&c->part_slot[p], g_free);
	g_clear_pointer(&c->part_of, g_free);
	/* where each (supervisor, level) begins: the writer needs no org
	 * lookup to know whose rows it writes */
	res->liability_start = g_steal_pointer(&c->slot);
}

/*
 * Steps 6/7: pays the claims c[0..n) in order up to cap; what is left of
 * this month's claim is waived when the policy says so.  Returns TRUE when
 * the cap cut anything.
 */
static gboolean
pay_bucket(PpClaim *cl, guint n, int64_t cap, PpOverCap policy)
{
	int64_t left = cap;
	gboolean cut = FALSE;

	for (guint i = 0; i < n; i++) {
		cl[i].paid = MIN(cl[i].amount, left);
		left -= cl[i].paid;
		cl[i].cut_by_cap = cl[i].amount - cl[i].paid;
		if (cl[i].cut_by_cap > 0)
			cut = TRUE;
		if (cl[i].current && policy == PP_OVER_CAP_WAIVE)
			cl[i].waived = cl[i].cut_by_cap;
	}
	return cut;
}

/* Appends the items of kind among carry-in items[0..n) (indices into
 * m->carry, by origin) as claims. */
static void
add_carry_claims(const PpMonth *m, GArray *claims, const guint32 *items, guint n, guint8 kind)
{
	for (guint k = 0; k < n; k++) {
		const PpCarry *it = &g_array_index(m->carry, PpCarry, items[k]);
		PpClaim cl = { 0 };
		if (it->kind != kind)
			continue;
		cl.origin = it->origin;
		cl.kind = kind;
		cl.amount = it->amount;
		g_array_append_val(claims, cl);
	}
}

/* Appends this month's claim of kind when it is not zero. */
static void
add_current_claim(const PpMonth *m, GArray *claims, int64_t amount, guint8 kind)
{
	PpClaim cl = { 0 };
	if (amount == 0)
		return;
	cl.origin = m->month;
	cl.kind = kind;
	cl.current = TRUE;
	cl.amount = amount;
	g_array_append_val(claims, cl);
}

void
pp_pay_terms(const PpMonth *m, const PpWage *w, PpPayTerms *t)
{
	const PpRules *rules = m->rules;

	t->wage_cap = pp_div_floor((i128)w->gross * rules->wage_ratio, PP_RATIO_SCALE);
	t->liability_cap = pp_div_floor((i128)w->allowance * rules->liability_ratio, PP_RATIO_SCALE);
	t->minimum_wage = 0;
	pp_rules_minimum_wage(rules, w->region, pp_month_first_day(m->month), &t->minimum_wage);
	t->room = MAX(0, w->floor_basis - t->minimum_wage);
}

int64_t
pp_pay_net(const PpMonth *m, const PpPayRow *p)
{
	return g_array_index(m->wages, PpWage, p->wage).gross - p->deduction;
}

/* (compute.h says so: a million of them in a big month) */
G_STATIC_ASSERT(sizeof(PpPayRow) == 56);

PpEmp
pp_pay_emp(const PpMonth *m, const PpPayRow *p)
{
	return g_array_index(m->wages, PpWage, p->wage).emp;
}

/* (the points fit the money limit, pay_employee() checked: no overflow) */
int64_t
pp_pay_own_assessed(const PpMonth *m, const PpPayRow *p)
{
	return pp_div_half_up((i128)p->own_points * m->rules->yuan_per_point, PP_POINTS_SCALE);
}

int64_t
pp_pay_liability_assessed(const PpMonth *m, const PpPayRow *p)
{
	return pp_div_half_up((i128)p->liability_points * m->rules->yuan_per_point,
	    PP_MICRO_SCALE);
}

/*
 * Steps 6-8 for one employee: sets claims to the own bucket's claims (the
 * own carry-in items among items[0..n), indices into m->carry by origin,
 * then this month's own assessed) and the liability bucket's, paid up to
 * the caps, then cut to the room (last claim first).  Returns the flags
 * this sets (caps, floor); *n_own: the own bucket's claims.
 */
static guint
pay_claims(const PpMonth *m, const PpPayTerms *t, int64_t own, int64_t liab,
    const guint32 *items, guint n, GArray *claims, guint *n_own)
{
	const PpRules *rules = m->rules;
	guint flags = 0;
	PpClaim *cl;
	int64_t total = 0;

	g_array_set_size(claims, 0);
	add_carry_claims(m, claims, items, n, PP_KIND_OWN);
	add_current_claim(m, claims, own, PP_KIND_OWN);
	*n_own = claims->len;
	add_carry_claims(m, claims, items, n, PP_KIND_LIABILITY);
	add_current_claim(m, claims, liab, PP_KIND_LIABILITY);
	cl = (PpClaim *)(void *)claims->data;
	if (pay_bucket(cl, *n_own, t->wage_cap, rules->own_over_cap))
		flags |= PP_FLAG_WAGE_CAP;
	if (pay_bucket(cl + *n_own, claims->len - *n_own, t->liability_cap,
	    rules->liability_over_cap))
		flags |= PP_FLAG_LIABILITY_CAP;

	/* step 8: the minimum-wage floor, last claim first */
	for (guint i = 0; i < claims->len; i++)
		total += cl[i].paid;
	if (total > t->room) {
		int64_t excess = total - t->room;
		for (guint i = claims->len; i-- > 0 && excess > 0;) {
			int64_t cut = MIN(cl[i].paid, excess);
			cl[i].paid -= cut;
			cl[i].cut_by_floor = cut;
			excess -= cut;
		}
		flags |= PP_FLAG_FLOOR;
	}
	return flags;
}

guint
pp_result_claims(const PpMonth *m, const PpPayRow *p, GArray *claims)
{
	g_autoptr(GArray) items = g_array_new(FALSE, FALSE, sizeof(guint32));
	PpPayTerms t;
	guint n_own;

	/* the employee's items, as index_tables() orders them */
	for (guint i = 0; i < m->carry->len; i++)
		if (g_array_index(m->carry, PpCarry, i).emp == pp_pay_emp(m, p))
			g_array_append_val(items, i);
	g_array_sort_with_data(items, cmp_carry_idx, m->carry->data);
	pp_pay_terms(m, &g_array_index(m->wages, PpWage, p->wage), &t);
	pay_claims(m, &t, pp_pay_own_assessed(m, p), pp_pay_liability_assessed(m, p),
	    (const guint32 *)(void *)items->data, items->len, claims, &n_own);
	return n_own;
}

/* Returns TRUE when v fits the money limit; reports otherwise. */
static gboolean
money_ok(Ctx *c, i128 v, const PpWage *w, const char *what)
{
	if (v <= MONEY_LIMIT)
		return TRUE;
	pp_diag_error(c->diags, PP_EXIT_DATAERR, c->m->wages_file.path, w->line, 0,
	    _("%s of '%s' is too large to compute"), what, pp_month_emp_id(c->m, w->emp));
	return FALSE;
}

/* Appends the carried part of claims cl[0..n) to carry_out in (origin, kind) order. */
static void
carry_claims(Ctx *c, PpEmp e, const PpClaim *cl, guint n)
{
	GArray *out = c->res->carry_out;
	guint first = out->len;

	for (guint i = 0; i < n; i++) {
		int64_t carried = cl[i].cut_by_cap - cl[i].waived + cl[i].cut_by_floor;
		PpCarry it = { .emp = e, .origin = cl[i].origin, .kind = cl[i].kind, .amount = carried };
		guint j;
		if (carried == 0)
			continue;
		/* insertion by (origin, kind): own bucket then liability bucket,
		 * each oldest first, interleave here */
		g_array_append_val(out, it);
		for (j = out->len - 1; j > first; j--) {
			PpCarry *a = &g_array_index(out, PpCarry, j - 1), *b = a + 1;
			if (a->origin < b->origin || (a->origin == b->origin && a->kind <= b->kind))
				break;
			PpCarry t = *a;
			*a = *b;
			*b = t;
		}
	}
}

/* Steps 3 and 5-9 for one wages row and its carry-in items. */
static void
pay_employee(Ctx *c, guint wi)
{
	const PpMonth *m = c->m;
	const PpRules *rules = c->rules;
	const PpWage *w = &g_array_index(m->wages, PpWage, wi);
	PpResult *res = c->res;
	PpPayRow p = { 0 };
	PpPayTerms t;
	i128 ownp = own_points(c, w->emp);
	i128 own_fen = ownp * rules->yuan_per_point;
	i128 liab_fen = c->liab_micro[w->emp] * rules->yuan_per_point;
	int64_t own_assessed, liability_assessed;
	const PpClaim *cl;
	guint n_own;

	p.wage = wi;
	if (!money_ok(c, ownp, w, "own points") ||
	    !money_ok(c, c->liab_micro[w->emp] / PP_RATIO_SCALE, w, "liability points") ||
	    !money_ok(c, own_fen / PP_POINTS_SCALE, w, "own assessed") ||
	    !money_ok(c, liab_fen / PP_MICRO_SCALE, w, "liability assessed"))
		return;
	p.own_points = (int64_t)ownp;
	p.liability_points = (int64_t)c->liab_micro[w->emp];
	/* step 3 and the end of step 4: rounded half up, once */
	own_assessed = pp_pay_own_assessed(m, &p);
	liability_assessed = pp_pay_liability_assessed(m, &p);
	/* steps 5-8: the caps, the two buckets, the floor */
	pp_pay_terms(m, w, &t);
	p.flags |= pay_claims(m, &t, own_assessed, liability_assessed,
	    &c->carry_idx[c->carry_start[w->emp]], c->carry_count[w->emp], c->claims, &n_own);
	cl = (const PpClaim *)(void *)c->claims->data;

	/* step 9 */
	for (guint i = 0; i < c->claims->len; i++) {
		if (!cl[i].current)
			p.carry_in += cl[i].amount;
		p.deduction += cl[i].paid;
		p.waived += cl[i].waived;
		p.carry_out += cl[i].cut_by_cap - cl[i].waived + cl[i].cut_by_floor;
	}
	carry_claims(c, w->emp, cl, c->claims->len);
	if (c->first_reset[w->emp] != PP_NO_ROW)
		p.flags |= PP_FLAG_RESET;
	if (c->held[w->emp])
		p.flags |= PP_FLAG_HELD;
	if (p.carry_in + own_assessed + liability_assessed !=
	    p.deduction + p.carry_out + p.waived)
		pp_diag_error(c->diags, PP_EXIT_SOFTWARE, NULL, 0, 0,
		    _("internal error: conservation fails for '%s'"), pp_month_emp_id(m, w->emp));
	res->total_gross += w->gross;
	res->total_allowance += w->allowance;
	res->total_own_assessed += own_assessed;
	res->total_liability_assessed += liability_assessed;
	res->total_carry_in += p.carry_in;
	res->total_wage_cap += t.wage_cap;
	res->total_liability_cap += t.liability_cap;
	res->total_minimum_wage += t.minimum_wage;
	res->total_deduction += p.deduction;
	res->total_net_pay += pp_pay_net(m, &p);
	res->total_carry_out += p.carry_out;
	res->total_waived += p.waived;
	g_array_append_val(res->payroll, p);
}

/* Carries an employee's carry-in forward unchanged: no wages row this month. */
static void
carry_forward(Ctx *c, PpEmp e)
{
	const PpMonth *m = c->m;
	const PpCarry *first = &g_array_index(m->carry, PpCarry, c->carry_idx[c->carry_start[e]]);

	for (guint k = c->carry_start[e]; k < c->carry_start[e] + c->carry_count[e]; k++) {
		const PpCarry *it = &g_array_index(m->carry, PpCarry, c->carry_idx[k]);
		g_array_append_val(c->res->carry_out, *it);
		c->res->carried_unpaid += it->amount;
	}
	pp_diag_warning(c->diags, "carried-forward", m->ledger_file.path, first->line,
	    _("'%s' has carry-in but no wages row: carried forward unchanged"),
	    pp_month_emp_id(m, e));
}

/* Steps 3, 5-9 for every employee, in byte order of ID (the outputs' order). */
static void
pay_everyone(Ctx *c)
{
	const PpMonth *m = c->m;

	/* employees are numbered in byte order of their IDs (pp_month_validate) */
	for (PpEmp e = 0; e < c->nemps; e++) {
		if (c->wage_of[e] >= 0) {
			/* a row with errors is reported already: nothing will be written */
			if (!g_array_index(m->wages, PpWage, c->wage_of[e]).invalid)
				pay_employee(c, (guint)c->wage_of[e]);
		} else if (c->carry_count[e] > 0)
			carry_forward(c, e);
	}
	if (c->res->total_carry_in + c->res->total_own_assessed + c->res->total_liability_assessed !=
	    c->res->total_deduction + c->res->total_carry_out + c->res->total_waived)
		pp_diag_error(c->diags, PP_EXIT_SOFTWARE, NULL, 0, 0,
		    _("internal error: the month's totals do not balance"));
}

PpResult *
pp_compute(const PpMonth *m, PpDiags *diags)
{
	return pp_compute_staged(m, diags, 1, NULL, NULL);
}

PpResult *
pp_compute_staged(const PpMonth *m, PpDiags *out_diags, guint threads, PpRecordsDone done,
    gpointer user)
{
	Ctx c = { 0 };
	g_autoptr(PpDiags) diags = pp_diags_new();
	PpResult *res;
	guint n = m->records->len;

	if (n > PP_MAX_RECORDS) {
		/* liability_order packs a record index with a level bit */
		pp_diag_error(out_diags, PP_EXIT_DATAERR, NULL, 0, 0,
		    _("too many violation records in one run: %u (at most %d)"), n, (int)PP_MAX_RECORDS);
		return NULL;
	}
	res = g_atomic_rc_box_new0(PpResult);
	c.m = m;
	c.rules = m->rules;
	c.diags = diags;
	c.res = res;
	c.nemps = pp_month_n_emps(m);
	res->org_row = g_new(guint32, n + 1);
	res->reset_points = g_array_new(FALSE, FALSE, sizeof(PpResetPoints));
	res->payroll = g_array_sized_new(FALSE, FALSE, sizeof(PpPayRow), m->wages->len);
	c.claims = g_array_new(FALSE, FALSE, sizeof(PpClaim));
	res->carry_out = g_array_new(FALSE, FALSE, sizeof(PpCarry));
	c.sum_other = g_new0(i128, c.nemps + 1);
	c.liab_micro = g_new0(i128, c.nemps + 1);
	c.first_reset = g_new(guint32, c.nemps + 1);
	memset(c.first_reset, 0xff, sizeof(guint32) * (c.nemps + 1));
	c.held = g_new0(guint8, c.nemps + 1);
	c.missing_at = g_new(guint32, c.nemps + 1);
	memset(c.missing_at, 0xff, sizeof(guint32) * (c.nemps + 1));
	c.missing_role = g_new0(const char *, c.nemps + 1);

	index_tables(&c);
	classify_records(&c, threads);
	/* the org rows' index served the classification only */
	g_clear_pointer(&c.org_start, g_free);
	g_clear_pointer(&c.org_count, g_free);
	g_clear_pointer(&c.org_invalid, g_free);
	/* with errors (here or in reading) nothing is written: no need to go on */
	if (pp_diags_error_count(diags) == 0 && pp_diags_error_count(out_diags) == 0) {
		reset_shares(&c);
		liability_sums(&c, threads);
		if (c.n_missing == 0) {
			/* the records' org rows and shares are final, and
			 * liability.csv's order is made: both big outputs can be
			 * written from here on, while the month is paid */
			liability_order(&c);
			g_clear_pointer(&c.row_bucket, g_free);
			g_clear_pointer(&c.charged, g_free);
			g_clear_pointer(&c.missing_at, g_free);
			g_clear_pointer(&c.missing_role, g_free);
			if (done != NULL)
				done(res, user);
		}
		pay_everyone(&c);
	}
	report_missing_supervisors(&c);

	g_free(c.wage_of);
	g_free(c.sum_other);
	g_free(c.liab_micro);
	g_free(c.first_reset);
	g_free(c.held);
	g_free(c.missing_at);
	g_free(c.missing_role);
	g_free(c.carry_idx);
	g_free(c.carry_start);
	g_free(c.carry_count);
	g_array_unref(c.claims);
	g_free(c.slot);
	g_free(c.row_bucket);
	g_free(c.charged);
	g_free(c.part_of);
	for (guint p = 1; p < PP_MAX_PARTS; p++)
		g_free(c.part_slot[p]);
	/* by place, whatever order the records were walked in */
	pp_diags_sort(diags);
	pp_diags_take(out_diags, diags);
	if (pp_diags_error_count(out_diags) > 0) {
		pp_result_free(res);
		return NULL;
	}
	return res;
}

static void
result_clear(gpointer data)
{
	PpResult *r = data;

	g_free(r->org_row);
	g_array_unref(r->reset_points);
	g_free(r->liability_order);
	g_free(r->liability_start);
	g_array_unref(r->payroll);
	g_array_unref(r->carry_out);
}

PpResult *
pp_result_ref(const PpResult *r)
{
	return g_atomic_rc_box_acquire((gpointer)r);
}

void
pp_result_free(PpResult *r)
{
	if (r != NULL)
		g_atomic_rc_box_release_full(r, result_clear);
}
