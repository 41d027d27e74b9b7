#include "explain.h"

#include <glib/gi18n.h>
#include <string.h>

#include "common/fixed.h"
#include "write/outputs.h"

#define M(buf, v) pp_format_money(buf, v)

/* Why a record is or is not charged, in words. */
static const char *
charged_why(guint8 charged, guint8 status)
{
	switch (charged) {
	case PP_CHARGED_HELD:
		return _("held: appeal pending (policy pending_appeal: hold)");
	case PP_CHARGED_OVERTURNED:
		return _("not charged: overturned on appeal");
	default:
		return status == PP_STATUS_PENDING ?
		    _("charged: appeal pending (policy pending_appeal: deduct)") : _("charged");
	}
}

static const char *
kind_name(guint8 kind)
{
	return kind == PP_KIND_OWN ? "own" : "liability";
}

/* Prints one employee's own records; returns how many. */
static guint
own_records(FILE *fp, const PpMonth *m, const PpResult *res, PpEmp e)
{
	guint n = 0;
	char d[11], p[PP_FIXED_BUFSZ];

	/* the records lie in detail.csv's order */
	for (guint32 i = 0; i < m->records->len; i++) {
		const PpRecord *r = &g_array_index(m->records, PpRecord, i);
		const PpCode *c = &g_array_index(m->rules->codes, PpCode, r->code);
		if (r->emp != e)
			continue;
		if (n++ == 0)
			fprintf(fp, _("\nOwn violation records:\n"));
		guint8 charged = pp_record_charged(m->rules, r);
		fprintf(fp, "  %s  %s  %s %s (%s)  %s %s  %s\n", pp_month_record_id(m, r),
		    pp_format_date(d, r->date), c->code, c->name, pp_category_name(c->category),
		    pp_format_trim(p, pp_result_points(res, m, i), 2), _("points"),
		    charged_why(charged, r->status));
		if (c->reset && charged == PP_CHARGED_YES)
			fprintf(fp, _("      a reset code: the month's score goes to 0, own points become at least %s\n"),
			    pp_format_trim(p, m->rules->quality_score_base, 2));
		fprintf(fp, _("      from %s line %u\n"),
		    g_array_index(m->violation_files, PpInputFile, r->file).path, r->line);
	}
	return n;
}

/* Prints the subordinates' records charged to supervisor e. */
static void
liability_records(FILE *fp, const PpMonth *m, const PpResult *res, PpEmp e)
{
	guint n = 0;
	char a[PP_FIXED_BUFSZ], b[PP_FIXED_BUFSZ], c[PP_FIXED_BUFSZ];

	/* e's rows of liability.csv: its two (supervisor, level) blocks */
	for (guint32 k = res->liability_start[2 * e]; k < res->liability_start[2 * e + 2]; k++) {
		guint32 i = res->liability_order[k] >> 1;
		PpLevel l = (PpLevel)(res->liability_order[k] & 1);
		const PpRecord *r = &g_array_index(m->records, PpRecord, i);
		const PpCode *code = &g_array_index(m->rules->codes, PpCode, r->code);
		int64_t points = pp_result_points(res, m, i), ratio = pp_result_ratio(m, i, l);
		if (n++ == 0)
			fprintf(fp, _("\nCharged records of subordinates (supervisor liability):\n"));
		fprintf(fp, "  %-8s %s  %s  %s (%s)  %s x %s = %s\n", pp_level_name(l),
		    pp_month_emp_id(m, r->emp), pp_month_record_id(m, r), code->code,
		    pp_category_name(code->category), pp_format_trim(a, points, 2),
		    pp_format_trim(b, ratio, 4), pp_format_trim(c, points * ratio, 6));
	}
	if (n == 0)
		fprintf(fp, _("\nNo charged records of subordinates.\n"));
}

/* Prints one bucket's claims and what happened to each. */
static void
bucket(FILE *fp, const PpClaim *cl, guint n, const char *title,
    int64_t cap, PpOverCap policy)
{
	char a[PP_FIXED_BUFSZ], b[PP_FIXED_BUFSZ], mo[8];

	fprintf(fp, "\n%s (%s %s, %s):\n", title, _("cap"), M(a, cap),
	    policy == PP_OVER_CAP_CARRY ? _("over the cap: carry") : _("over the cap: waive"));
	if (n == 0)
		fprintf(fp, _("  nothing claimed\n"));
	for (guint i = 0; i < n; i++) {
		const PpClaim *c = &cl[i];
		fprintf(fp, "  %s %-9s %s %s: %s %s", pp_format_month(mo, c->origin), kind_name(c->kind),
		    c->current ? _("this month") : _("carry-in"), M(a, c->amount), _("paid"),
		    M(b, c->paid));
		if (c->cut_by_cap > 0) {
			g_autofree char *t = g_strdup_printf(_("; over the cap %s (%s)"),
			    M(a, c->cut_by_cap), c->waived > 0 ? _("waived") : _("carried"));
			fputs(t, fp);
		}
		if (c->cut_by_floor > 0) {
			g_autofree char *t = g_strdup_printf(_("; cut by the minimum-wage floor %s (carried)"),
			    M(a, c->cut_by_floor));
			fputs(t, fp);
		}
		fputc('\n', fp);
	}
}

gboolean
pp_explain(FILE *fp, const PpMonth *m, const PpResult *res, PpEmp e)
{
	const PpRules *rules = m->rules;
	const PpPayRow *p = NULL;
	const PpWage *w;
	PpPayTerms t;
	char a[PP_FIXED_BUFSZ], b[PP_FIXED_BUFSZ], c[PP_FIXED_BUFSZ], d[PP_FIXED_BUFSZ];
	char x[PP_FIXED_BUFSZ], y[PP_FIXED_BUFSZ];
	char mo[8], fl[64];
	guint nrec;

	for (guint i = 0; i < res->payroll->len; i++)
		if (pp_pay_emp(m, &g_array_index(res->payroll, PpPayRow, i)) == e)
			p = &g_array_index(res->payroll, PpPayRow, i);
	if (p == NULL) {
		gboolean carried = FALSE;
		for (guint i = 0; i < res->carry_out->len; i++) {
			const PpCarry *it = &g_array_index(res->carry_out, PpCarry, i);
			if (it->emp != e)
				continue;
			if (!carried)
				fprintf(fp, _("%s has no wages row in %s: the carry-in is carried forward unchanged:\n"),
				    pp_month_emp_id(m, e), pp_format_month(mo, m->month));
			carried = TRUE;
			fprintf(fp, "  %s %s %s\n", pp_format_month(mo, it->origin), kind_name(it->kind),
			    M(a, it->amount));
		}
		nrec = own_records(fp, m, res, e);
		if (nrec > 0 && !carried)
			fprintf(fp, _("\n%s has no wages row: none of these records is charged this month.\n"),
			    pp_month_emp_id(m, e));
		return carried || nrec > 0;
	}
	w = &g_array_index(m->wages, PpWage, p->wage);
	pp_pay_terms(m, w, &t);
	fprintf(fp, _("Employee %s %s (%s), month %s\n"), pp_month_emp_id(m, e), w->name, w->region,
	    pp_format_month(mo, m->month));
	fprintf(fp, _("gross wage %s, management allowance %s, floor basis %s\n"),
	    M(a, w->gross), M(b, w->allowance), M(c, w->floor_basis));

	nrec = own_records(fp, m, res, e);
	if (nrec == 0)
		fprintf(fp, _("\nNo own violation records.\n"));
	fprintf(fp, _("\nOwn points %s; own assessed = %s x %s yuan = %s (half up to the fen)\n"),
	    pp_format_trim(a, p->own_points, 2), pp_format_trim(b, p->own_points, 2),
	    pp_format_money(c, rules->yuan_per_point), M(d, pp_pay_own_assessed(m, p)));

	liability_records(fp, m, res, e);
	fprintf(fp, _("Liability points %s; liability assessed = %s x %s yuan = %s (half up to the fen)\n"),
	    pp_format_trim(a, p->liability_points, 6), pp_format_trim(b, p->liability_points, 6),
	    pp_format_money(c, rules->yuan_per_point), M(d, pp_pay_liability_assessed(m, p)));

	fprintf(fp, _("\nCaps (rounded down): wage cap = %s x %s = %s; liability cap = %s x %s = %s\n"),
	    M(a, w->gross), pp_format_trim(b, rules->wage_ratio, 4), M(c, t.wage_cap),
	    M(d, w->allowance), pp_format_trim(x, rules->liability_ratio, 4),
	    M(y, t.liability_cap));
	fprintf(fp, _("Minimum wage in %s on %s-01: %s; room under it = max(0, %s - %s) = %s\n"),
	    w->region, pp_format_month(mo, m->month), M(a, t.minimum_wage), M(b, w->floor_basis),
	    M(c, t.minimum_wage), M(d, t.room));

	{
		g_autoptr(GArray) claims = g_array_new(FALSE, FALSE, sizeof(PpClaim));
		guint n_own = pp_result_claims(m, p, claims);
		const PpClaim *cl = (const PpClaim *)(void *)claims->data;
		bucket(fp, cl, n_own, _("Own bucket"), t.wage_cap, rules->own_over_cap);
		bucket(fp, cl + n_own, claims->len - n_own, _("Liability bucket"), t.liability_cap,
		    rules->liability_over_cap);
	}
	if (p->flags & PP_FLAG_FLOOR)
		fprintf(fp, _("\nThe payments exceeded the room %s: cut from the last claim first (liability, then own), all carried.\n"),
		    M(a, t.room));
	else
		fprintf(fp, _("\nThe payments fit under the room %s: nothing cut by the floor.\n"), M(a, t.room));

	fprintf(fp, _("\nResult\n"));
	fprintf(fp, "  %-12s %s\n", "carry_in", M(a, p->carry_in));
	fprintf(fp, "  %-12s %s\n", "deduction", M(a, p->deduction));
	fprintf(fp, "  %-12s %s\n", "net_pay", M(a, pp_pay_net(m, p)));
	fprintf(fp, "  %-12s %s\n", "carry_out", M(a, p->carry_out));
	fprintf(fp, "  %-12s %s\n", "waived", M(a, p->waived));
	fprintf(fp, "  %-12s %s\n", "flags", pp_flags_str(fl, p->flags));
	fprintf(fp, _("Check: carry-in %s + own %s + liability %s = deduction %s + carry-out %s + waived %s\n"),
	    M(a, p->carry_in), M(b, pp_pay_own_assessed(m, p)), M(c, pp_pay_liability_assessed(m, p)),
	    M(d, p->deduction), M(x, p->carry_out), M(y, p->waived));
	return TRUE;
}
