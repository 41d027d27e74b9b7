#include "compute.h"

#include <glib/gi18n.h>
#include <string.h>

#include "common/fixed.h"

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
	i128 *sum_other;	/* PpEmp -> centipoints of charged non-reset records */
	guint32 *first_reset;	/* PpEmp -> earliest charged reset record, or G_MAXUINT32 */
	i128 *liab_micro;	/* PpEmp -> liability micropoints */
	guint8 *held;		/* PpEmp -> a pending record was held */
	guint8 *reported;	/* PpEmp -> "no wages row" already reported */
	guint8 *org_invalid;	/* PpEmp -> an org row had errors: coverage unknown */
} Ctx;

static const char *
file_of(const Ctx *c, const PpRecord *r)
{
	return g_array_index(c->m->violation_files, PpInputFile, r->file).path;
}

static const PpCode *
code_of(const Ctx *c, const PpRecord *r)
{
	return &g_array_index(c->rules->codes, PpCode, r->code);
}

/* Orders employees by their ID in byte order. */
static int
cmp_emp_id(gconstpointer a, gconstpointer b, gpointer user)
{
	const PpMonth *m = user;
	return strcmp(pp_month_emp_id(m, *(const PpEmp *)a), pp_month_emp_id(m, *(const PpEmp *)b));
}

/* Fills res->emp_rank: the position of each employee's ID in byte order. */
static void
rank_employees(Ctx *c)
{
	g_autofree PpEmp *order = g_new(PpEmp, c->nemps + 1);

	for (guint i = 0; i < c->nemps; i++)
		order[i] = i;
	g_qsort_with_data(order, (gint)(c->nemps), sizeof(PpEmp), cmp_emp_id, (gpointer)c->m);
	c->res->emp_rank = g_new(guint32, c->nemps + 1);
	for (guint i = 0; i < c->nemps; i++)
		c->res->emp_rank[order[i]] = i;
}

/* Indexes wages rows and (sorted) org rows by employee. */
static void
index_tables(Ctx *c)
{
	const PpMonth *m = c->m;

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
}

/* Returns the org row covering emp on date, or NULL. */
static const PpOrgRow *
org_on(const Ctx *c, PpEmp emp, int32_t date)
{
	const PpOrgRow *rows = &g_array_index(c->m->org, PpOrgRow, 0);
	guint lo = c->org_start[emp], hi = lo + c->org_count[emp];

	/* rows of emp are sorted by from: find the last with from <= date */
	if (c->org_invalid[emp])
		return NULL;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (rows[mid].from <= date)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == c->org_start[emp] || c->org_count[emp] == 0)
		return NULL;
	return rows[lo - 1].to >= date ? &rows[lo - 1] : NULL;
}

/* Returns TRUE when record a is earlier than b (date, then record_id). */
static gboolean
earlier(const PpRecord *a, const PpRecord *b)
{
	if (a->date != b->date)
		return a->date < b->date;
	return strcmp(a->record_id, b->record_id) < 0;
}

/* Reports a charged supervisor or violator without a wages row, once. */
static void
need_wages(Ctx *c, PpEmp e, const PpRecord *r, const char *role)
{
	char d[11];

	if (c->wage_of[e] >= 0 || c->reported[e])
		return;
	c->reported[e] = TRUE;
	if (role == NULL)
		pp_diag_error(c->diags, PP_EXIT_DATAERR, file_of(c, r), r->line, 0,
		    _("'%s' has a charged violation (record '%s') but no wages row"),
		    pp_month_emp_id(c->m, e), r->record_id);
	else
		pp_diag_error(c->diags, PP_EXIT_DATAERR, file_of(c, r), r->line, 0,
		    _("supervisor '%s' (%s of '%s' on %s) is charged but has no wages row"),
		    pp_month_emp_id(c->m, e), role, pp_month_emp_id(c->m, r->emp),
		    pp_format_date(d, r->date));
}

/* Steps 1-2: what is charged, the supervisors on each date, own points. */
static void
classify_records(Ctx *c)
{
	const PpMonth *m = c->m;
	PpResult *res = c->res;
	gboolean liability = pp_rules_has_liability(c->rules);
	guint n = m->records->len;

	for (guint i = 0; i < n; i++) {
		const PpRecord *r = &g_array_index(m->records, PpRecord, i);
		const PpCode *code = code_of(c, r);
		const PpOrgRow *o;
		guint8 ch = PP_CHARGED_YES;

		if (r->status == PP_STATUS_INVALID) {
			/* its errors are reported; it only counted for duplicates */
			res->charged[i] = PP_CHARGED_OVERTURNED;
			res->direct[i] = res->indirect[i] = PP_NO_EMP;
			continue;
		}
		o = m->has_org ? org_on(c, r->emp, r->date) : NULL;
		if (r->status == PP_STATUS_OVERTURNED)
			ch = PP_CHARGED_OVERTURNED;
		else if (r->status == PP_STATUS_PENDING &&
		    c->rules->pending_appeal == PP_PENDING_HOLD)
			ch = PP_CHARGED_HELD;
		res->charged[i] = ch;
		res->direct[i] = o != NULL ? o->direct : PP_NO_EMP;
		res->indirect[i] = o != NULL ? o->indirect : PP_NO_EMP;
		res->points[i] = code->reset ? 0 : code->points;
		if (ch == PP_CHARGED_HELD) {
			c->held[r->emp] = TRUE;
			res->n_held++;
		}
		if (ch == PP_CHARGED_OVERTURNED)
			res->n_overturned++;
		if (ch != PP_CHARGED_YES)
			continue;
		res->n_charged++;
		need_wages(c, r->emp, r, NULL);
		if (liability && o == NULL && !c->org_invalid[r->emp]) {
			char d[11];
			pp_diag_error(c->diags, PP_EXIT_DATAERR, file_of(c, r), r->line, 0,
			    _("no org row covers '%s' on %s (needed for supervisor liability)"),
			    pp_month_emp_id(m, r->emp), pp_format_date(d, r->date));
		}
		if (o != NULL && o->direct != PP_NO_EMP)
			need_wages(c, o->direct, r, "direct");
		if (o != NULL && o->indirect != PP_NO_EMP)
			need_wages(c, o->indirect, r, "indirect");
		if (!code->reset)
			c->sum_other[r->emp] += code->points;
		else if (c->first_reset[r->emp] == G_MAXUINT32 ||
		    earlier(r, &g_array_index(m->records, PpRecord, c->first_reset[r->emp])))
			c->first_reset[r->emp] = i;
	}
}

/* Returns an employee's own points (step 2): the reset rule applied. */
static i128
own_points(const Ctx *c, PpEmp e)
{
	i128 sum = c->sum_other[e];
	if (c->first_reset[e] == G_MAXUINT32)
		return sum;
	return MAX(sum, (i128)c->rules->quality_score_base);
}

/* Step 2 (shown points of reset records) and step 4 (liability rows). */
static void
assess_liability(Ctx *c)
{
	const PpMonth *m = c->m;
	PpResult *res = c->res;

	for (guint e = 0; e < c->nemps; e++) {
		guint32 fr = c->first_reset[e];
		if (fr != G_MAXUINT32)
			res->points[fr] = (int64_t)MIN(own_points(c, e) - c->sum_other[e],
			    (i128)G_MAXINT64);
	}
	for (guint i = 0; i < m->records->len; i++) {
		const PpRecord *r = &g_array_index(m->records, PpRecord, i);
		const PpCode *code = code_of(c, r);
		PpEmp sup[PP_LEVEL_N] = { res->direct[i], res->indirect[i] };

		if (res->charged[i] != PP_CHARGED_YES)
			continue;
		for (guint l = 0; l < PP_LEVEL_N; l++) {
			PpLiabRow row;
			if (sup[l] == PP_NO_EMP)
				continue;
			row.supervisor = sup[l];
			row.level = (guint8)l;
			row.subordinate = r->emp;
			row.record = i;
			row.points = res->points[i];
			row.ratio = c->rules->liability[code->category][l];
			row.liability_points = (int64_t)MIN((i128)row.points * row.ratio,
			    (i128)G_MAXINT64);
			c->liab_micro[sup[l]] += (i128)row.points * row.ratio;
			g_array_append_val(res->liability, row);
		}
	}
}

/*
 * Step 6/7: pays the claims c[0..n) in order up to cap; what is left of
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

/* Appends the carry-in items of emp and kind (sorted by origin) as claims. */
static guint
add_carry_claims(const Ctx *c, GArray *claims, const guint32 *carry_idx, guint ncarry, guint8 kind)
{
	guint added = 0;
	for (guint k = 0; k < ncarry; k++) {
		const PpCarry *it = &g_array_index(c->m->carry, PpCarry, carry_idx[k]);
		PpClaim cl = { 0 };
		if (it->kind != kind)
			continue;
		cl.origin = it->origin;
		cl.kind = kind;
		cl.amount = it->amount;
		g_array_append_val(claims, cl);
		added++;
	}
	return added;
}

/* Appends this month's claim of kind when it is not zero. */
static guint
add_current_claim(const Ctx *c, GArray *claims, int64_t amount, guint8 kind)
{
	PpClaim cl = { 0 };
	if (amount == 0)
		return 0;
	cl.origin = c->m->month;
	cl.kind = kind;
	cl.current = TRUE;
	cl.amount = amount;
	g_array_append_val(claims, cl);
	return 1;
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

/* Steps 3 and 5-9 for one wages row; carry_idx are its carry-in items. */
static void
pay_employee(Ctx *c, guint wi, const guint32 *carry_idx, guint ncarry)
{
	const PpMonth *m = c->m;
	const PpRules *rules = c->rules;
	const PpWage *w = &g_array_index(m->wages, PpWage, wi);
	PpResult *res = c->res;
	PpPayRow p = { 0 };
	i128 ownp = own_points(c, w->emp);
	i128 own_fen = ownp * rules->yuan_per_point;
	i128 liab_fen = c->liab_micro[w->emp] * rules->yuan_per_point;
	guint n_own, n_liab;
	PpClaim *cl;
	int64_t total = 0;

	p.emp = w->emp;
	p.wage = wi;
	if (!money_ok(c, ownp, w, "own points") ||
	    !money_ok(c, c->liab_micro[w->emp] / PP_RATIO_SCALE, w, "liability points") ||
	    !money_ok(c, own_fen / PP_POINTS_SCALE, w, "own assessed") ||
	    !money_ok(c, liab_fen / PP_MICRO_SCALE, w, "liability assessed"))
		return;
	p.own_points = (int64_t)ownp;
	p.liability_points = (int64_t)c->liab_micro[w->emp];
	/* step 3 and the end of step 4: rounded half up, once */
	p.own_assessed = pp_div_half_up(own_fen, PP_POINTS_SCALE);
	p.liability_assessed = pp_div_half_up(liab_fen, PP_MICRO_SCALE);
	/* step 5: caps rounded down */
	p.wage_cap = pp_div_floor((i128)w->gross * rules->wage_ratio, PP_RATIO_SCALE);
	p.liability_cap = pp_div_floor((i128)w->allowance * rules->liability_ratio, PP_RATIO_SCALE);
	pp_rules_minimum_wage(rules, w->region, pp_month_first_day(m->month), &p.minimum_wage);
	p.room = MAX(0, w->floor_basis - p.minimum_wage);

	/* steps 6-7: the two buckets */
	p.first_claim = res->claims->len;
	n_own = add_carry_claims(c, res->claims, carry_idx, ncarry, PP_KIND_OWN);
	n_own += add_current_claim(c, res->claims, p.own_assessed, PP_KIND_OWN);
	n_liab = add_carry_claims(c, res->claims, carry_idx, ncarry, PP_KIND_LIABILITY);
	n_liab += add_current_claim(c, res->claims, p.liability_assessed, PP_KIND_LIABILITY);
	p.n_claims = n_own + n_liab;
	cl = &g_array_index(res->claims, PpClaim, p.first_claim);
	if (pay_bucket(cl, n_own, p.wage_cap, rules->own_over_cap))
		p.flags |= PP_FLAG_WAGE_CAP;
	if (pay_bucket(cl + n_own, n_liab, p.liability_cap, rules->liability_over_cap))
		p.flags |= PP_FLAG_LIABILITY_CAP;

	/* step 8: the minimum-wage floor, last claim first */
	for (guint i = 0; i < p.n_claims; i++)
		total += cl[i].paid;
	if (total > p.room) {
		int64_t excess = total - p.room;
		for (guint i = p.n_claims; i-- > 0 && excess > 0;) {
			int64_t cut = MIN(cl[i].paid, excess);
			cl[i].paid -= cut;
			cl[i].cut_by_floor = cut;
			excess -= cut;
		}
		p.flags |= PP_FLAG_FLOOR;
	}

	/* step 9 */
	for (guint i = 0; i < p.n_claims; i++) {
		int64_t carried = cl[i].cut_by_cap - cl[i].waived + cl[i].cut_by_floor;
		if (!cl[i].current)
			p.carry_in += cl[i].amount;
		p.deduction += cl[i].paid;
		p.waived += cl[i].waived;
		p.carry_out += carried;
		if (carried > 0) {
			PpCarry out = { .emp = w->emp, .origin = cl[i].origin,
				.kind = cl[i].kind, .amount = carried };
			g_array_append_val(res->carry_out, out);
		}
	}
	p.net_pay = w->gross - p.deduction;
	if (c->first_reset[w->emp] != G_MAXUINT32)
		p.flags |= PP_FLAG_RESET;
	if (c->held[w->emp])
		p.flags |= PP_FLAG_HELD;
	if (p.carry_in + p.own_assessed + p.liability_assessed !=
	    p.deduction + p.carry_out + p.waived)
		pp_diag_error(c->diags, PP_EXIT_SOFTWARE, NULL, 0, 0,
		    _("internal error: conservation fails for '%s'"), pp_month_emp_id(m, w->emp));
	g_array_append_val(res->payroll, p);
}

/* Steps 3, 5-9 for every wages row; carry-in without wages carried as is. */
static void
pay_everyone(Ctx *c)
{
	const PpMonth *m = c->m;
	guint nc = m->carry->len;
	g_autofree guint32 *idx = g_new(guint32, nc + 1);
	guint k = 0;

	for (guint i = 0; i < nc; i++)
		idx[i] = i;
	g_qsort_with_data(idx, (gint)(nc), sizeof(guint32), cmp_carry_idx, m->carry->data);
	/* wages rows that have no carry-in */
	{
		g_autofree guint8 *has_carry = g_new0(guint8, c->nemps + 1);
		for (guint i = 0; i < nc; i++)
			has_carry[g_array_index(m->carry, PpCarry, i).emp] = 1;
		for (guint wi = 0; wi < m->wages->len; wi++) {
			const PpWage *w = &g_array_index(m->wages, PpWage, wi);
			/* a row with errors is reported already: nothing will be written */
			if (!w->invalid && !has_carry[w->emp])
				pay_employee(c, wi, NULL, 0);
		}
	}
	/* employees with carry-in: with or without a wages row */
	while (k < nc) {
		PpEmp e = g_array_index(m->carry, PpCarry, idx[k]).emp;
		guint start = k;
		while (k < nc && g_array_index(m->carry, PpCarry, idx[k]).emp == e)
			k++;
		if (c->wage_of[e] >= 0) {
			if (!g_array_index(m->wages, PpWage, c->wage_of[e]).invalid)
				pay_employee(c, (guint)c->wage_of[e], idx + start, k - start);
			continue;
		}
		for (guint j = start; j < k; j++) {
			const PpCarry *it = &g_array_index(m->carry, PpCarry, idx[j]);
			g_array_append_val(c->res->carry_out, *it);
			c->res->carried_unpaid += it->amount;
		}
		{
			const PpCarry *first = &g_array_index(m->carry, PpCarry, idx[start]);
			pp_diag_warning(c->diags, "carried-forward", m->ledger_file.path, first->line,
			    _("'%s' has carry-in but no wages row: carried forward unchanged"),
			    pp_month_emp_id(m, e));
		}
	}
}

/* Sort orders of the outputs (§5). */
static int
cmp_payroll(gconstpointer a, gconstpointer b, gpointer user)
{
	const guint32 *rank = user;
	guint32 x = rank[((const PpPayRow *)a)->emp], y = rank[((const PpPayRow *)b)->emp];
	return x < y ? -1 : x > y;
}

static int
cmp_detail(gconstpointer a, gconstpointer b, gpointer user)
{
	const Ctx *c = user;
	const PpRecord *x = &g_array_index(c->m->records, PpRecord, *(const guint32 *)a);
	const PpRecord *y = &g_array_index(c->m->records, PpRecord, *(const guint32 *)b);
	guint32 rx = c->res->emp_rank[x->emp], ry = c->res->emp_rank[y->emp];
	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->record_id, y->record_id);
}

static int
cmp_liability(gconstpointer a, gconstpointer b, gpointer user)
{
	const Ctx *c = user;
	const PpLiabRow *x = a, *y = b;
	guint32 rx = c->res->emp_rank[x->supervisor], ry = c->res->emp_rank[y->supervisor];
	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	return strcmp(g_array_index(c->m->records, PpRecord, x->record).record_id,
	    g_array_index(c->m->records, PpRecord, y->record).record_id);
}

static int
cmp_carry_out(gconstpointer a, gconstpointer b, gpointer user)
{
	const guint32 *rank = user;
	const PpCarry *x = a, *y = b;
	if (x->emp != y->emp)
		return rank[x->emp] < rank[y->emp] ? -1 : 1;
	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* Sorts every output and adds up the totals. */
static void
finish(Ctx *c)
{
	PpResult *res = c->res;
	guint n = c->m->records->len;

	res->detail_order = g_new(guint32, n + 1);
	for (guint i = 0; i < n; i++)
		res->detail_order[i] = i;
	g_qsort_with_data(res->detail_order, (gint)(n), sizeof(guint32), cmp_detail, c);
	g_qsort_with_data(res->payroll->data, (gint)(res->payroll->len), sizeof(PpPayRow), cmp_payroll,
	    res->emp_rank);
	g_qsort_with_data(res->liability->data, (gint)(res->liability->len), sizeof(PpLiabRow),
	    cmp_liability, c);
	g_qsort_with_data(res->carry_out->data, (gint)(res->carry_out->len), sizeof(PpCarry),
	    cmp_carry_out, res->emp_rank);
	for (guint i = 0; i < res->payroll->len; i++) {
		const PpPayRow *p = &g_array_index(res->payroll, PpPayRow, i);
		const PpWage *w = &g_array_index(c->m->wages, PpWage, p->wage);
		res->total_gross += w->gross;
		res->total_allowance += w->allowance;
		res->total_own_assessed += p->own_assessed;
		res->total_liability_assessed += p->liability_assessed;
		res->total_carry_in += p->carry_in;
		res->total_wage_cap += p->wage_cap;
		res->total_liability_cap += p->liability_cap;
		res->total_minimum_wage += p->minimum_wage;
		res->total_deduction += p->deduction;
		res->total_net_pay += p->net_pay;
		res->total_carry_out += p->carry_out;
		res->total_waived += p->waived;
	}
	if (res->total_carry_in + res->total_own_assessed + res->total_liability_assessed !=
	    res->total_deduction + res->total_carry_out + res->total_waived)
		pp_diag_error(c->diags, PP_EXIT_SOFTWARE, NULL, 0, 0,
		    _("internal error: the month's totals do not balance"));
}

PpResult *
pp_compute(const PpMonth *m, PpDiags *diags)
{
	Ctx c = { 0 };
	PpResult *res = g_new0(PpResult, 1);
	guint n = m->records->len;

	c.m = m;
	c.rules = m->rules;
	c.diags = diags;
	c.res = res;
	c.nemps = pp_month_n_emps(m);
	res->charged = g_new0(guint8, n + 1);
	res->points = g_new0(int64_t, n + 1);
	res->direct = g_new(PpEmp, n + 1);
	res->indirect = g_new(PpEmp, n + 1);
	res->payroll = g_array_sized_new(FALSE, FALSE, sizeof(PpPayRow), m->wages->len);
	res->claims = g_array_new(FALSE, FALSE, sizeof(PpClaim));
	res->liability = g_array_new(FALSE, FALSE, sizeof(PpLiabRow));
	res->carry_out = g_array_new(FALSE, FALSE, sizeof(PpCarry));
	c.sum_other = g_new0(i128, c.nemps + 1);
	c.liab_micro = g_new0(i128, c.nemps + 1);
	c.first_reset = g_new(guint32, c.nemps + 1);
	memset(c.first_reset, 0xff, sizeof(guint32) * (c.nemps + 1));
	c.held = g_new0(guint8, c.nemps + 1);
	c.reported = g_new0(guint8, c.nemps + 1);

	rank_employees(&c);
	index_tables(&c);
	classify_records(&c);
	assess_liability(&c);
	pay_everyone(&c);
	/* with errors (here or in reading) nothing is written: no need to sort */
	if (pp_diags_error_count(diags) == 0)
		finish(&c);

	g_free(c.wage_of);
	g_free(c.org_start);
	g_free(c.org_count);
	g_free(c.sum_other);
	g_free(c.liab_micro);
	g_free(c.first_reset);
	g_free(c.held);
	g_free(c.reported);
	g_free(c.org_invalid);
	if (pp_diags_error_count(diags) > 0) {
		pp_result_free(res);
		return NULL;
	}
	return res;
}

void
pp_result_free(PpResult *r)
{
	if (r == NULL)
		return;
	g_free(r->charged);
	g_free(r->points);
	g_free(r->direct);
	g_free(r->indirect);
	g_free(r->detail_order);
	g_free(r->emp_rank);
	g_array_unref(r->payroll);
	g_array_unref(r->claims);
	g_array_unref(r->liability);
	g_array_unref(r->carry_out);
	g_free(r);
}
