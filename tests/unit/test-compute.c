/*
 * Unit tests: each step of SPEC §4 (compute/compute), on months built in
 * memory.  Every expected figure is worked out by hand in the comment
 * beside it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "compute/compute.h"
#include "read/tables.h"

/* ypp 5 yuan; base 100; caps 20%; ratios 0.6/0.3, 0.8/0.4, 1/0.5 */
#define RULES(policy, ypp) \
	"schema: 1\nname: t\neffective_from: 2013-01\nyuan_per_point: " ypp "\n" \
	"quality_score_base: 100\ncaps: {wage_ratio: 0.2, liability_ratio: 0.2}\n" \
	policy \
	"liability:\n  general: {direct: 0.6, indirect: 0.3}\n" \
	"  serious: {direct: 0.8, indirect: 0.4}\n  major: {direct: 1, indirect: 0.5}\n" \
	"minimum_wage:\n  - {region: sh, amount: 2740.00, effective_from: 2025-07-01}\n" \
	"codes:\n  - {code: G5, name: g, category: general, points: 5}\n" \
	"  - {code: G001, name: tiny, category: general, points: 0.01}\n" \
	"  - {code: S20, name: s, category: serious, points: 20}\n" \
	"  - {code: M50, name: m, category: major, points: 50}\n" \
	"  - {code: X33, name: r, category: general, points: 0.33}\n" \
	"  - {code: RESET, name: reset, category: major, reset: true}\n"

typedef struct {
	PpMonth *m;
	PpDiags *d;
	PpResult *res;
} Fx;

static Fx
fx_new(const char *yaml)
{
	Fx f = { pp_month_new(202609), pp_diags_new(), NULL };
	PpInputFile vf = { 0 };

	f.m->rules = pp_rules_parse("r.yaml", yaml, strlen(yaml), f.d);
	g_assert_nonnull(f.m->rules);
	f.m->has_org = TRUE;
	f.m->wages_file.path = g_strdup("w.csv");
	f.m->org_file.path = g_strdup("o.csv");
	f.m->ledger_file.path = g_strdup("l.csv");
	vf.path = g_strdup("v.csv");
	g_array_append_val(f.m->violation_files, vf);
	return f;
}

static void
fx_free(Fx *f)
{
	pp_result_free(f->res);
	pp_diags_free(f->d);
	pp_month_free(f->m);
}

static PpEmp
emp(Fx *f, const char *id)
{
	return id == NULL ? PP_NO_EMP : pp_month_intern(f->m, id, strlen(id));
}

/* A wages row; amounts in fen; floor_basis < 0: gross. */
static void
wage(Fx *f, const char *id, int64_t gross, int64_t allow, int64_t fb)
{
	PpWage w = { emp(f, id), "", "sh", gross, allow, fb < 0 ? gross : fb, f->m->wages->len + 2, FALSE };
	g_array_append_val(f->m->wages, w);
}

static void
org(Fx *f, const char *id, const char *dir, const char *ind, int32_t from, int32_t to)
{
	PpOrgRow o = { emp(f, id), emp(f, dir), emp(f, ind), from, to, f->m->org->len + 2, FALSE };
	g_array_append_val(f->m->org, o);
}

static void
rec(Fx *f, const char *rid, const char *id, int32_t date, const char *code, PpStatus st)
{
	PpRecord r = { 0 };
	r.id = pp_month_keep_ids(f->m, rid, strlen(rid), "", 0);
	r.source = 0;
	r.emp = emp(f, id);
	r.code = GPOINTER_TO_UINT(g_hash_table_lookup(f->m->rules->code_index, code)) - 1;
	r.date = date;
	r.line = f->m->records->len + 2;
	r.status = (guint8)st;
	g_array_append_val(f->m->records, r);
}

static void
carry(Fx *f, const char *id, int32_t origin, PpKind kind, int64_t amount)
{
	PpCarry c = { emp(f, id), origin, (guint8)kind, amount, f->m->carry->len + 2 };
	g_array_append_val(f->m->carry, c);
}

/* The record_id of the record at index i. */
#define RID(f, i) pp_month_record_id((f)->m, &g_array_index((f)->m->records, PpRecord, (i)))

/* The index of the record with ID rid (pp_month_validate reorders them). */
static guint32
R(const Fx *f, const char *rid)
{
	for (guint32 i = 0; i < f->m->records->len; i++)
		if (strcmp(pp_month_record_id(f->m, &g_array_index(f->m->records, PpRecord, i)), rid) == 0)
			return i;
	g_assert_not_reached();
}

#define CHARGED(f, rid) \
	pp_record_charged((f)->m->rules, &g_array_index((f)->m->records, PpRecord, R((f), (rid))))

static void
run(Fx *f)
{
	pp_month_validate(f->m, 1, f->d);
	f->res = pp_compute(f->m, f->d);
}

static const PpPayRow *
pay(Fx *f, const char *id)
{
	PpEmp e = pp_month_find(f->m, id);
	for (guint i = 0; i < f->res->payroll->len; i++)
		if (pp_pay_emp(f->m, &g_array_index(f->res->payroll, PpPayRow, i)) == e)
			return &g_array_index(f->res->payroll, PpPayRow, i);
	g_error("no payroll row for %s", id);
	return NULL;
}

/* The terms (caps, minimum wage, room) of id's payroll row. */
static PpPayTerms
terms(Fx *f, const char *id)
{
	PpPayTerms t;
	pp_pay_terms(f->m, &g_array_index(f->m->wages, PpWage, pay(f, id)->wage), &t);
	return t;
}

/* Every payroll row balances (conservation, checked independently here),
 * and the claims explain rebuilds add up to it. */
static void
assert_conserved(Fx *f)
{
	g_autoptr(GArray) claims = g_array_new(FALSE, FALSE, sizeof(PpClaim));

	for (guint i = 0; i < f->res->payroll->len; i++) {
		const PpPayRow *p = &g_array_index(f->res->payroll, PpPayRow, i);
		int64_t carry_in = 0, paid = 0, carried = 0, waived = 0;
		g_assert_cmpint(p->carry_in + pp_pay_own_assessed(f->m, p) +
		    pp_pay_liability_assessed(f->m, p), ==,
		    p->deduction + p->carry_out + p->waived);
		pp_result_claims(f->m, p, claims);
		for (guint k = 0; k < claims->len; k++) {
			const PpClaim *c = &g_array_index(claims, PpClaim, k);
			carry_in += c->current ? 0 : c->amount;
			paid += c->paid;
			carried += c->cut_by_cap - c->waived + c->cut_by_floor;
			waived += c->waived;
		}
		g_assert_cmpint(carry_in, ==, p->carry_in);
		g_assert_cmpint(paid, ==, p->deduction);
		g_assert_cmpint(carried, ==, p->carry_out);
		g_assert_cmpint(waived, ==, p->waived);
	}
}

static char *
diag_text(Fx *f)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	pp_diags_print(f->d, fp, FALSE);
	fclose(fp);
	return buf;
}

/* Step 1: overturned never charged; pending held under hold, charged under deduct. */
static void
test_step1_charged(void)
{
	for (int deduct = 0; deduct <= 1; deduct++) {
		Fx f = fx_new(deduct ? RULES("policy: {pending_appeal: deduct}\n", "5")
				     : RULES("", "5"));
		wage(&f, "E1", 500000, 0, -1);
		org(&f, "E1", NULL, NULL, PP_DATE_MIN, PP_DATE_MAX);
		rec(&f, "R1", "E1", 20260901, "G5", PP_STATUS_CONFIRMED);
		rec(&f, "R2", "E1", 20260902, "S20", PP_STATUS_PENDING);
		rec(&f, "R3", "E1", 20260903, "M50", PP_STATUS_OVERTURNED);
		run(&f);
		g_assert_nonnull(f.res);
		g_assert_cmpint(CHARGED(&f, "R1"), ==, PP_CHARGED_YES);
		g_assert_cmpint(CHARGED(&f, "R2"), ==, deduct ? PP_CHARGED_YES : PP_CHARGED_HELD);
		g_assert_cmpint(CHARGED(&f, "R3"), ==, PP_CHARGED_OVERTURNED);
		/* hold: 5 points; deduct: 5 + 20 = 25 points */
		g_assert_cmpint(pay(&f, "E1")->own_points, ==, deduct ? 2500 : 500);
		g_assert_cmpint(pay(&f, "E1")->flags & PP_FLAG_HELD, ==, deduct ? 0 : PP_FLAG_HELD);
		/* the overturned record still shows its code's points in detail */
		g_assert_cmpint(pp_result_points(f.res, f.m, R(&f, "R3")), ==, 5000);
		fx_free(&f);
	}
}

/* Step 2: a reset takes own points to max(others, base); the earliest shows the gap. */
static void
test_step2_reset(void)
{
	Fx f = fx_new(RULES("", "5"));
	wage(&f, "E1", 900000, 0, -1);
	wage(&f, "E2", 900000, 0, -1);
	org(&f, "E1", NULL, NULL, PP_DATE_MIN, PP_DATE_MAX);
	org(&f, "E2", NULL, NULL, PP_DATE_MIN, PP_DATE_MAX);
	/* E1: others 5 + 20 = 25; two resets: the earlier (09-03, "B") shows 75 */
	rec(&f, "A", "E1", 20260905, "RESET", PP_STATUS_CONFIRMED);
	rec(&f, "B", "E1", 20260903, "RESET", PP_STATUS_CONFIRMED);
	rec(&f, "C", "E1", 20260901, "G5", PP_STATUS_CONFIRMED);
	rec(&f, "D", "E1", 20260902, "S20", PP_STATUS_CONFIRMED);
	rec(&f, "E", "E1", 20260902, "RESET", PP_STATUS_OVERTURNED);
	/* E2: others 50 + 50 + 20 = 120 > 100: own stays 120, the reset shows 0 */
	rec(&f, "F", "E2", 20260901, "M50", PP_STATUS_CONFIRMED);
	rec(&f, "G", "E2", 20260901, "M50", PP_STATUS_CONFIRMED);
	rec(&f, "H", "E2", 20260901, "S20", PP_STATUS_CONFIRMED);
	rec(&f, "I", "E2", 20260902, "RESET", PP_STATUS_CONFIRMED);
	run(&f);
	g_assert_nonnull(f.res);
	g_assert_cmpint(pay(&f, "E1")->own_points, ==, 10000);
	g_assert_cmpint(pp_result_points(f.res, f.m, R(&f, "B")), ==, 7500);
	g_assert_cmpint(pp_result_points(f.res, f.m, R(&f, "A")), ==, 0);
	g_assert_cmpint(pp_result_points(f.res, f.m, R(&f, "E")), ==, 0);
	g_assert_true(pay(&f, "E1")->flags & PP_FLAG_RESET);
	g_assert_cmpint(pay(&f, "E2")->own_points, ==, 12000);
	g_assert_cmpint(pp_result_points(f.res, f.m, R(&f, "I")), ==, 0);
	assert_conserved(&f);
	fx_free(&f);
}

/* Step 3: own assessed = points x yuan per point, half up to the fen. */
static void
test_step3_assessed(void)
{
	Fx f = fx_new(RULES("", "5.55"));
	wage(&f, "E1", 900000, 0, -1);
	wage(&f, "E2", 900000, 0, -1);
	org(&f, "E1", NULL, NULL, PP_DATE_MIN, PP_DATE_MAX);
	org(&f, "E2", NULL, NULL, PP_DATE_MIN, PP_DATE_MAX);
	rec(&f, "R1", "E1", 20260901, "G001", PP_STATUS_CONFIRMED); /* 0.01 x 5.55 = 0.0555 -> 0.06 */
	rec(&f, "R2", "E2", 20260901, "X33", PP_STATUS_CONFIRMED);  /* 0.33 x 5.55 = 1.8315 -> 1.83 */
	run(&f);
	g_assert_nonnull(f.res);
	g_assert_cmpint(pp_pay_own_assessed(f.m, pay(&f, "E1")), ==, 6);
	g_assert_cmpint(pp_pay_own_assessed(f.m, pay(&f, "E2")), ==, 183);
	fx_free(&f);
}

/* Step 4: liability by the org row on the date, summed exactly, rounded once. */
static void
test_step4_liability(void)
{
	Fx f = fx_new(RULES("", "5"));
	wage(&f, "A1", 500000, 0, -1);
	wage(&f, "T1", 1200000, 1000000, -1);
	wage(&f, "T2", 1200000, 1000000, -1);
	wage(&f, "P1", 1800000, 1000000, -1);
	org(&f, "A1", "T1", "P1", PP_DATE_MIN, 20260915);
	org(&f, "A1", "T2", "P1", 20260916, PP_DATE_MAX);
	org(&f, "T1", "P1", NULL, PP_DATE_MIN, PP_DATE_MAX);
	/* three X33 (0.33 points, general) under T1: 0.198 each at 0.6.  Summed:
	 * 0.594 x 5 = 2.97 yuan.  Rounded per record it would be 3 x 0.99 = 2.97
	 * too, so use P1 at 0.3: 0.099 each, 0.297 x 5 = 1.485 -> 1.49 (per record
	 * 0.495 -> 0.50 x 3 = 1.50). */
	rec(&f, "R1", "A1", 20260901, "X33", PP_STATUS_CONFIRMED);
	rec(&f, "R2", "A1", 20260902, "X33", PP_STATUS_CONFIRMED);
	rec(&f, "R3", "A1", 20260903, "X33", PP_STATUS_CONFIRMED);
	/* after the transfer: serious 20 points -> T2 0.8 = 16, P1 0.4 = 8 */
	rec(&f, "R4", "A1", 20260920, "S20", PP_STATUS_CONFIRMED);
	run(&f);
	g_assert_nonnull(f.res);
	g_assert_cmpint(pay(&f, "T1")->liability_points, ==, 594000);
	g_assert_cmpint(pp_pay_liability_assessed(f.m, pay(&f, "T1")), ==, 297);
	g_assert_cmpint(pay(&f, "T2")->liability_points, ==, 16000000);
	g_assert_cmpint(pp_pay_liability_assessed(f.m, pay(&f, "T2")), ==, 8000);
	/* P1: 0.297 + 8 = 8.297 points x 5 = 41.485 -> 41.49 */
	g_assert_cmpint(pay(&f, "P1")->liability_points, ==, 8297000);
	g_assert_cmpint(pp_pay_liability_assessed(f.m, pay(&f, "P1")), ==, 4149);
	/* one liability row per charged record and level: 4 x 2 */
	g_assert_cmpint(f.res->n_liability, ==, 8);
	g_assert_cmpint(pp_result_supervisor(f.res, f.m, R(&f, "R4"), PP_LEVEL_DIRECT), ==, pp_month_find(f.m, "T2"));
	assert_conserved(&f);
	fx_free(&f);
}

/* pp_month_validate puts the records in detail.csv's order: employee_id
 * (bytes), date, record_id; case IDs travel with their records. */
static void
test_validate_detail_order(void)
{
	Fx f = fx_new(RULES("", "5"));
	char rid[16], cid[16];
	/* E10 sorts between E1 and E2; E1 has 40 records (the merge sort) */
	const char *want[] = { "B", "A", "C" };

	wage(&f, "E2", 900000, 0, -1);
	wage(&f, "E10", 900000, 0, -1);
	wage(&f, "E1", 900000, 0, -1);
	for (guint k = 0; k < 40; k++) {
		PpRecord r = { 0 };
		/* dates from 30 down to 1 and again; record IDs "r39" .. "r00" */
		g_snprintf(rid, sizeof rid, "r%02u", 39 - k);
		g_snprintf(cid, sizeof cid, "case-%u", 39 - k);
		r.id = pp_month_keep_ids(f.m, rid, strlen(rid), cid, strlen(cid));
		r.emp = emp(&f, "E1");
		r.date = 20260900 + 30 - (gint)(k % 30);
		r.line = k + 2;
		g_array_append_val(f.m->records, r);
		if (k == 20) {
			rec(&f, "C", "E2", 20260901, "G5", PP_STATUS_CONFIRMED);
			rec(&f, "A", "E10", 20260903, "G5", PP_STATUS_CONFIRMED);
			rec(&f, "B", "E10", 20260902, "G5", PP_STATUS_CONFIRMED);
		}
	}
	pp_month_validate(f.m, 1, f.d);
	g_assert_cmpuint(f.m->records->len, ==, 43);
	for (guint i = 0; i < 43; i++) {
		const PpRecord *r = &g_array_index(f.m->records, PpRecord, i);
		/* the IDs lie in the records' order, one after the other */
		if (i > 0)
			g_assert_cmpuint(r->id, ==, r[-1].id + strlen(RID(&f, i - 1)) + 1 +
			    strlen(pp_month_case_id(f.m, &r[-1])) + 1);
		if (i < 40) {
			const PpRecord *p = &g_array_index(f.m->records, PpRecord, i - (i > 0));
			g_assert_cmpstr(pp_month_emp_id(f.m, r->emp), ==, "E1");
			g_assert_true(i == 0 || p->date < r->date ||
			    (p->date == r->date &&
			    strcmp(pp_month_record_id(f.m, p), pp_month_record_id(f.m, r)) < 0));
			g_snprintf(cid, sizeof cid, "case-%u", (guint)atoi(pp_month_record_id(f.m, r) + 1));
			g_assert_cmpstr(pp_month_case_id(f.m, r), ==, cid);
		} else
			g_assert_cmpstr(pp_month_record_id(f.m, r), ==, want[i - 40]);
	}
	/* 09-01 holds r10 alone; 09-30 holds r39 and r09: r09 first */
	g_assert_cmpstr(RID(&f, 0), ==, "r10");
	g_assert_cmpstr(RID(&f, 38), ==, "r09");
	g_assert_cmpstr(RID(&f, 39), ==, "r39");
	/* the ID index is gone: IDs are found in the sorted order */
	g_assert_null(f.m->emp_index.slots);
	for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
		const char *id = i == 0 ? "E1" : i == 1 ? "E10" : "E2";
		g_assert_cmpstr(pp_month_emp_id(f.m, pp_month_find(f.m, id)), ==, id);
	}
	g_assert_cmpuint(pp_month_find(f.m, "E0"), ==, PP_NO_EMP);
	g_assert_cmpuint(pp_month_find(f.m, "E11"), ==, PP_NO_EMP);
	g_assert_cmpuint(pp_month_find(f.m, "E3"), ==, PP_NO_EMP);
	g_assert_cmpuint(pp_month_find(f.m, ""), ==, PP_NO_EMP);
	fx_free(&f);
}

/* Step 5: caps round down. */
static void
test_step5_caps(void)
{
	Fx f = fx_new(RULES("", "5"));
	wage(&f, "E1", 499999, 100001, -1); /* 4999.99 x 0.2 = 999.998 -> 999.99; 1000.01 x 0.2 = 200.002 -> 200.00 */
	run(&f);
	g_assert_nonnull(f.res);
	g_assert_cmpint(terms(&f, "E1").wage_cap, ==, 99999);
	g_assert_cmpint(terms(&f, "E1").liability_cap, ==, 20000);
	fx_free(&f);
}

/* Step 6: carry-in own items oldest first, then this month's; over the cap carried or waived. */
static void
test_step6_own_bucket(void)
{
	for (int waive = 0; waive <= 1; waive++) {
		Fx f = fx_new(waive ? RULES("policy: {own_over_cap: waive}\n", "5") : RULES("", "5"));
		/* gross 5000: cap 1000.00; carry-in 2026-07 300, 2026-08 600; this month 50 points = 250 */
		wage(&f, "E1", 500000, 0, -1);
		org(&f, "E1", NULL, NULL, PP_DATE_MIN, PP_DATE_MAX);
		carry(&f, "E1", 202608, PP_KIND_OWN, 60000);
		carry(&f, "E1", 202607, PP_KIND_OWN, 30000);
		rec(&f, "R1", "E1", 20260901, "M50", PP_STATUS_CONFIRMED);
		run(&f);
		g_assert_nonnull(f.res);
		/* pays 300 + 600 + 100 of 250: 150 of this month's is cut by the cap */
		g_assert_cmpint(pay(&f, "E1")->deduction, ==, 100000);
		g_assert_cmpint(pay(&f, "E1")->carry_in, ==, 90000);
		g_assert_cmpint(pay(&f, "E1")->carry_out, ==, waive ? 0 : 15000);
		g_assert_cmpint(pay(&f, "E1")->waived, ==, waive ? 15000 : 0);
		g_assert_cmpint(pay(&f, "E1")->flags, ==, PP_FLAG_WAGE_CAP);
		g_assert_cmpint(f.res->carry_out->len, ==, waive ? 0 : 1);
		if (!waive)
			g_assert_cmpint(g_array_index(f.res->carry_out, PpCarry, 0).origin, ==, 202609);
		assert_conserved(&f);
		fx_free(&f);
	}
	{
		/* carry-in items alone exceed the cap: the older is paid first, never waived */
		Fx f = fx_new(RULES("policy: {own_over_cap: waive}\n", "5"));
		wage(&f, "E1", 500000, 0, -1);
		carry(&f, "E1", 202608, PP_KIND_OWN, 80000);
		carry(&f, "E1", 202607, PP_KIND_OWN, 70000);
		run(&f);
		g_assert_nonnull(f.res);
		/* 700 from 2026-07, 300 of 800 from 2026-08; 500 of 2026-08 carried */
		g_assert_cmpint(pay(&f, "E1")->deduction, ==, 100000);
		g_assert_cmpint(pay(&f, "E1")->waived, ==, 0);
		g_assert_cmpint(f.res->carry_out->len, ==, 1);
		g_assert_cmpint(g_array_index(f.res->carry_out, PpCarry, 0).origin, ==, 202608);
		g_assert_cmpint(g_array_index(f.res->carry_out, PpCarry, 0).amount, ==, 50000);
		fx_free(&f);
	}
}

/* Step 7: the liability bucket is capped separately (不累计), waived by default. */
static void
test_step7_liability_bucket(void)
{
	Fx f = fx_new(RULES("", "5"));
	/* T1: gross 10000 (cap 2000), allowance 1000 (cap 200) */
	wage(&f, "A1", 500000, 0, -1);
	wage(&f, "T1", 1000000, 100000, -1);
	org(&f, "A1", "T1", NULL, PP_DATE_MIN, PP_DATE_MAX);
	org(&f, "T1", NULL, NULL, PP_DATE_MIN, PP_DATE_MAX);
	/* T1's own: M50 = 250.00 (under 2000); liability: 2 x M50 x 1 = 100 points = 500.00 */
	rec(&f, "R1", "T1", 20260901, "M50", PP_STATUS_CONFIRMED);
	rec(&f, "R2", "A1", 20260901, "M50", PP_STATUS_CONFIRMED);
	rec(&f, "R3", "A1", 20260902, "M50", PP_STATUS_CONFIRMED);
	carry(&f, "T1", 202608, PP_KIND_LIABILITY, 5000);
	run(&f);
	g_assert_nonnull(f.res);
	/* liability bucket: 50 carry-in + 500 now, cap 200: pays 50 + 150, waives 350 */
	g_assert_cmpint(pp_pay_own_assessed(f.m, pay(&f, "T1")), ==, 25000);
	g_assert_cmpint(pp_pay_liability_assessed(f.m, pay(&f, "T1")), ==, 50000);
	g_assert_cmpint(pay(&f, "T1")->deduction, ==, 25000 + 20000);
	g_assert_cmpint(pay(&f, "T1")->waived, ==, 35000);
	g_assert_cmpint(pay(&f, "T1")->carry_out, ==, 0);
	g_assert_cmpint(pay(&f, "T1")->flags, ==, PP_FLAG_LIABILITY_CAP);
	assert_conserved(&f);
	fx_free(&f);
}

/* Step 8: the floor cuts the liability bucket from its last claim, then own; all carried. */
static void
test_step8_floor(void)
{
	Fx f = fx_new(RULES("", "5"));
	/* gross 9000, floor_basis 3000, minimum 2740: room 260.00 */
	wage(&f, "A1", 500000, 0, -1);
	wage(&f, "T1", 900000, 500000, 300000);
	org(&f, "A1", "T1", NULL, PP_DATE_MIN, PP_DATE_MAX);
	org(&f, "T1", NULL, NULL, PP_DATE_MIN, PP_DATE_MAX);
	carry(&f, "T1", 202608, PP_KIND_OWN, 10000);       /* own claim 1: 100 */
	rec(&f, "R1", "T1", 20260901, "S20", PP_STATUS_CONFIRMED); /* own claim 2: 100 */
	carry(&f, "T1", 202608, PP_KIND_LIABILITY, 4000);   /* liability claim 1: 40 */
	rec(&f, "R2", "A1", 20260901, "S20", PP_STATUS_CONFIRMED); /* 16 points: 80 */
	run(&f);
	g_assert_nonnull(f.res);
	/* paid before the floor: 100 + 100 + 40 + 80 = 320 > 260: cut 60 from the
	 * liability claim of this month (80 -> 20) */
	g_assert_cmpint(terms(&f, "T1").room, ==, 26000);
	g_assert_cmpint(pay(&f, "T1")->deduction, ==, 26000);
	g_assert_cmpint(pay(&f, "T1")->carry_out, ==, 6000);
	g_assert_cmpint(pay(&f, "T1")->flags, ==, PP_FLAG_FLOOR);
	g_assert_cmpint(pp_pay_net(f.m, pay(&f, "T1")), ==, 900000 - 26000);
	{
		/* the claims as explain shows them: own 100 + 100, liability 40 + 80 of
		 * which the floor cut 60 */
		g_autoptr(GArray) cl = g_array_new(FALSE, FALSE, sizeof(PpClaim));
		const int64_t amount[] = { 10000, 10000, 4000, 8000 }, paid[] = { 10000, 10000, 4000, 2000 };
		g_assert_cmpuint(pp_result_claims(f.m, pay(&f, "T1"), cl), ==, 2);
		g_assert_cmpuint(cl->len, ==, 4);
		for (guint k = 0; k < 4; k++) {
			const PpClaim *c = &g_array_index(cl, PpClaim, k);
			g_assert_cmpint(c->amount, ==, amount[k]);
			g_assert_cmpint(c->paid, ==, paid[k]);
			g_assert_cmpint(c->cut_by_floor, ==, amount[k] - paid[k]);
			g_assert_cmpint(c->current, ==, k % 2 == 1);
		}
	}
	assert_conserved(&f);
	fx_free(&f);
	{
		/* room 0: everything is cut, the own bucket too, and carried (R4), never waived */
		Fx g = fx_new(RULES("policy: {own_over_cap: waive}\n", "5"));
		wage(&g, "E1", 500000, 0, 274000);
		org(&g, "E1", NULL, NULL, PP_DATE_MIN, PP_DATE_MAX);
		carry(&g, "E1", 202607, PP_KIND_OWN, 1234);
		rec(&g, "R1", "E1", 20260901, "G5", PP_STATUS_CONFIRMED);
		run(&g);
		g_assert_nonnull(g.res);
		g_assert_cmpint(pay(&g, "E1")->deduction, ==, 0);
		g_assert_cmpint(pay(&g, "E1")->carry_out, ==, 1234 + 2500);
		g_assert_cmpint(pay(&g, "E1")->waived, ==, 0);
		/* kept per origin month and kind, sorted */
		g_assert_cmpint(g.res->carry_out->len, ==, 2);
		g_assert_cmpint(g_array_index(g.res->carry_out, PpCarry, 0).origin, ==, 202607);
		g_assert_cmpint(g_array_index(g.res->carry_out, PpCarry, 1).origin, ==, 202609);
		fx_free(&g);
	}
}

/* Step 9 and conservation over a mixed month; carry-in without wages carried as is. */
static void
test_step9_conservation(void)
{
	Fx f = fx_new(RULES("", "5"));
	wage(&f, "A1", 300000, 0, -1);
	wage(&f, "T1", 1000000, 200000, -1);
	org(&f, "A1", "T1", NULL, PP_DATE_MIN, PP_DATE_MAX);
	org(&f, "T1", NULL, NULL, PP_DATE_MIN, PP_DATE_MAX);
	rec(&f, "R1", "A1", 20260901, "M50", PP_STATUS_CONFIRMED);
	rec(&f, "R2", "A1", 20260902, "M50", PP_STATUS_CONFIRMED);
	rec(&f, "R3", "A1", 20260903, "S20", PP_STATUS_CONFIRMED);
	carry(&f, "GONE", 202608, PP_KIND_OWN, 777);
	run(&f);
	g_assert_nonnull(f.res);
	assert_conserved(&f);
	g_assert_cmpint(f.res->total_carry_in + f.res->total_own_assessed +
	    f.res->total_liability_assessed, ==,
	    f.res->total_deduction + f.res->total_carry_out + f.res->total_waived);
	g_assert_cmpint(f.res->carried_unpaid, ==, 777);
	g_assert_cmpint(f.res->payroll->len, ==, 2);
	{
		g_autofree char *t = diag_text(&f);
		g_assert_cmpstr(t, ==, "l.csv:2: warning: 'GONE' has carry-in but no wages row: carried forward unchanged\n");
	}
	fx_free(&f);
}

/* Problems only the computation sees, each with the record's place. */
static void
test_errors(void)
{
	Fx f = fx_new(RULES("", "5"));
	wage(&f, "A1", 500000, 0, -1);
	org(&f, "A1", "T9", NULL, PP_DATE_MIN, 20260910);
	rec(&f, "R1", "A1", 20260901, "G5", PP_STATUS_CONFIRMED);
	rec(&f, "R2", "A1", 20260920, "G5", PP_STATUS_CONFIRMED);
	rec(&f, "R3", "NOWAGE", 20260920, "G5", PP_STATUS_CONFIRMED);
	rec(&f, "R4", "HELDONLY", 20260920, "G5", PP_STATUS_PENDING);
	run(&f);
	g_assert_null(f.res);
	{
		g_autofree char *t = diag_text(&f);
		g_assert_cmpstr(t, ==,
		    "v.csv:2: error: supervisor 'T9' (direct of 'A1' on 2026-09-01) is charged but has no wages row\n"
		    "v.csv:3: error: no org row covers 'A1' on 2026-09-20 (needed for supervisor liability)\n"
		    "v.csv:4: error: no org row covers 'NOWAGE' on 2026-09-20 (needed for supervisor liability)\n"
		    "v.csv:4: error: 'NOWAGE' has a charged violation (record 'R3') but no wages row\n");
	}
	g_assert_cmpint(pp_diags_exit_status(f.d), ==, PP_EXIT_DATAERR);
	fx_free(&f);
}

/* PpRecord.id is 32 bits: IDs past the month's limit are an error at
 * the row that crosses it, and a part whose IDs do not fit with the
 * month's is not merged.  (A small limit stands for 4 GiB.) */
static void
test_id_limit(void)
{
	Fx f = fx_new(RULES("", "5"));
	g_autofree char *dir = g_dir_make_tmp("pp-ids-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "v.csv", NULL);
	g_autofree char *text = NULL;
	PpMonth *part = pp_month_new_part(f.m);
	g_autofree char *want = NULL;

	/* each row's IDs take 5 + 1 + 5 + 1 = 12 bytes: four fit in 50 */
	g_assert_true(g_file_set_contents(path,
	    "record_id,employee_id,date,code,source,case_id,status\n"
	    "R0001,E1,2026-09-01,G5,qa,C0001,\n"
	    "R0002,E1,2026-09-02,G5,qa,C0002,\n"
	    "R0003,E1,2026-09-03,G5,qa,C0003,\n"
	    "R0004,E1,2026-09-04,G5,qa,C0004,\n"
	    "R0005,E1,2026-09-05,G5,qa,C0005,\n", -1, NULL));
	part->max_id_bytes = 50;
	pp_read_violations(part, path, PP_ENC_UTF8, f.d);
	g_assert_cmpuint(part->records->len, ==, 4);
	g_assert_cmpuint(part->ids->len, ==, 48);
	text = diag_text(&f);
	want = g_strdup_printf("%s:6:1: error: the record and case IDs of one run take more than 50 bytes\n", path);
	g_assert_cmpstr(text, ==, want);
	g_assert_cmpuint(pp_month_part_fits(f.m, part), ==, 0);
	f.m->max_id_bytes = 47;
	g_assert_cmpuint(pp_month_part_fits(f.m, part), ==, 47);
	f.m->max_id_bytes = 60;
	/* the month's own records and IDs, then the part's as a segment */
	rec(&f, "A", "E1", 20260901, "G5", PP_STATUS_CONFIRMED);
	g_assert_cmpuint(pp_month_part_fits(f.m, part), ==, 0);
	f.m->max_id_bytes = 50;
	g_assert_cmpuint(pp_month_part_fits(f.m, part), ==, 50);
	f.m->max_id_bytes = 51;
	pp_month_merge(f.m, part);
	g_assert_cmpuint(f.m->records->len, ==, 1);
	g_assert_cmpuint(pp_month_n_records(f.m), ==, 5);
	pp_month_validate(f.m, 1, f.d);
	g_assert_cmpuint(f.m->records->len, ==, 5);
	g_assert_cmpuint(f.m->segments->len, ==, 0);
	g_assert_cmpuint(f.m->ids->len, ==, 51);
	g_assert_cmpstr(RID(&f, 0), ==, "A");
	g_assert_cmpstr(RID(&f, 4), ==, "R0004");
	g_assert_cmpstr(pp_month_case_id(f.m, &g_array_index(f.m->records, PpRecord, 4)), ==, "C0004");
	g_unlink(path);
	g_rmdir(dir);
	fx_free(&f);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/compute/validate-detail-order", test_validate_detail_order);
	g_test_add_func("/compute/step1-charged", test_step1_charged);
	g_test_add_func("/compute/step2-reset", test_step2_reset);
	g_test_add_func("/compute/step3-assessed", test_step3_assessed);
	g_test_add_func("/compute/step4-liability", test_step4_liability);
	g_test_add_func("/compute/step5-caps", test_step5_caps);
	g_test_add_func("/compute/step6-own-bucket", test_step6_own_bucket);
	g_test_add_func("/compute/step7-liability-bucket", test_step7_liability_bucket);
	g_test_add_func("/compute/step8-floor", test_step8_floor);
	g_test_add_func("/compute/step9-conservation", test_step9_conservation);
	g_test_add_func("/compute/errors", test_errors);
	g_test_add_func("/compute/id-limit", test_id_limit);
	return g_test_run();
}
