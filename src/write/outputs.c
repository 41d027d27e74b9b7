#include "outputs.h"

#include <errno.h>
#include <string.h>

#include "common/fixed.h"
#include "write/csvout.h"

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

static const char *
emp_or_empty(const PpMonth *m, PpEmp e)
{
	return e == PP_NO_EMP ? "" : pp_month_emp_id(m, e);
}

static void
write_payroll(PpCsvOut *o, const PpMonth *m, const PpResult *res)
{
	char mo[8], fl[64];

	pp_format_month(mo, m->month);
	pp_csv_out_header(o, "month,employee_id,name,region,gross_wage,management_allowance,"
	    "own_points,own_assessed,liability_points,liability_assessed,carry_in,wage_cap,"
	    "liability_cap,minimum_wage,deduction,net_pay,carry_out,waived,flags");
	for (guint i = 0; i < res->payroll->len; i++) {
		const PpPayRow *p = &g_array_index(res->payroll, PpPayRow, i);
		const PpWage *w = &g_array_index(m->wages, PpWage, p->wage);
		pp_csv_out_plain(o, mo);
		pp_csv_out_field(o, pp_month_emp_id(m, p->emp));
		pp_csv_out_field(o, w->name);
		pp_csv_out_field(o, w->region);
		pp_csv_out_money(o, w->gross);
		pp_csv_out_money(o, w->allowance);
		pp_csv_out_trim(o, p->own_points, 2);
		pp_csv_out_money(o, p->own_assessed);
		pp_csv_out_trim(o, p->liability_points, 6);
		pp_csv_out_money(o, p->liability_assessed);
		pp_csv_out_money(o, p->carry_in);
		pp_csv_out_money(o, p->wage_cap);
		pp_csv_out_money(o, p->liability_cap);
		pp_csv_out_money(o, p->minimum_wage);
		pp_csv_out_money(o, p->deduction);
		pp_csv_out_money(o, p->net_pay);
		pp_csv_out_money(o, p->carry_out);
		pp_csv_out_money(o, p->waived);
		pp_csv_out_plain(o, pp_flags_str(fl, p->flags));
		pp_csv_out_end(o, FALSE);
	}
}

/*
 * The rows of detail.csv and liability.csv take records in an order far
 * from the one they were read in, so each row's record, org row and
 * strings are cold: fetch them a few rows ahead (first the record and its
 * org row index, then what they point to), to overlap the waits.
 */
#define AHEAD 8

static inline void
prefetch_record(const PpMonth *m, const PpResult *res, guint32 i)
{
	__builtin_prefetch(&g_array_index(m->records, PpRecord, i));
	__builtin_prefetch(&res->org_row[i]);
}

static inline void
prefetch_strings(const PpMonth *m, const PpResult *res, guint32 i)
{
	const PpRecord *r = &g_array_index(m->records, PpRecord, i);
	__builtin_prefetch(r->record_id);
	__builtin_prefetch(g_ptr_array_index(m->emp_ids, r->emp));
	if (res->org_row[i] != PP_NO_ROW)
		__builtin_prefetch(&g_array_index(m->org, PpOrgRow, res->org_row[i]));
}

static void
write_detail(PpCsvOut *o, const PpMonth *m, const PpResult *res)
{
	char d[11];

	pp_csv_out_header(o, "record_id,employee_id,date,code,category,points,source,case_id,"
	    "status,charged,direct_supervisor_id,indirect_supervisor_id,file,line");
	/* the records lie in detail.csv's order (pp_month_validate) */
	for (guint32 i = 0; i < m->records->len; i++) {
		const PpRecord *r = &g_array_index(m->records, PpRecord, i);
		const PpCode *c = &g_array_index(m->rules->codes, PpCode, r->code);
		pp_csv_out_field(o, r->record_id);
		pp_csv_out_field(o, pp_month_emp_id(m, r->emp));
		pp_csv_out_plain(o, pp_format_date(d, r->date));
		pp_csv_out_field(o, c->code);
		pp_csv_out_plain(o, pp_category_name(c->category));
		pp_csv_out_trim(o, pp_result_points(res, m, i), 2);
		pp_csv_out_field(o, pp_month_source(m, r->source));
		pp_csv_out_field(o, pp_record_case_id(r));
		pp_csv_out_plain(o, pp_status_name(r->status));
		pp_csv_out_plain(o, pp_charged_name(pp_record_charged(m->rules, r)));
		pp_csv_out_field(o, emp_or_empty(m, pp_result_supervisor(res, m, i, PP_LEVEL_DIRECT)));
		pp_csv_out_field(o, emp_or_empty(m, pp_result_supervisor(res, m, i, PP_LEVEL_INDIRECT)));
		pp_csv_out_field(o, g_array_index(m->violation_files, PpInputFile, r->file).path);
		pp_csv_out_uint(o, r->line);
		pp_csv_out_end(o, FALSE);
	}
}

static void
write_liability(PpCsvOut *o, const PpMonth *m, const PpResult *res)
{
	guint nb = 2 * pp_month_n_emps(m);

	pp_csv_out_header(o, "supervisor_id,level,subordinate_id,record_id,category,points,"
	    "ratio,liability_points");
	for (guint b = 0; b < nb; b++) {
		/* one supervisor at one level: its rows in record_id order */
		const char *sup = pp_month_emp_id(m, m->emp_order[b / 2]);
		PpLevel l = (PpLevel)(b % 2);
		guint32 end = res->liability_start[b + 1];
		for (guint32 k = res->liability_start[b]; k < end; k++) {
			guint32 i = res->liability_order[k] >> 1;
			const PpRecord *r = &g_array_index(m->records, PpRecord, i);
			const PpCode *c = &g_array_index(m->rules->codes, PpCode, r->code);
			int64_t points, ratio;
			if (k + 2 * AHEAD < res->n_liability)
				prefetch_record(m, res, res->liability_order[k + 2 * AHEAD] >> 1);
			if (k + AHEAD < res->n_liability)
				prefetch_strings(m, res, res->liability_order[k + AHEAD] >> 1);
			points = pp_result_points(res, m, i);
			ratio = m->rules->liability[c->category][l];
			pp_csv_out_field(o, sup);
			pp_csv_out_plain(o, pp_level_name(l));
			pp_csv_out_field(o, pp_month_emp_id(m, r->emp));
			pp_csv_out_field(o, r->record_id);
			pp_csv_out_plain(o, pp_category_name(c->category));
			pp_csv_out_trim(o, points, 2);
			pp_csv_out_trim(o, ratio, 4);
			pp_csv_out_trim(o, points * ratio, 6);
			pp_csv_out_end(o, FALSE);
		}
	}
}

static void
write_carryover(PpCsvOut *o, const PpMonth *m, const PpResult *res)
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
	void (*write)(PpCsvOut *, const PpMonth *, const PpResult *);
} Output;

static const Output outputs[PP_OUT_N] = {
	{ "payroll.csv", write_payroll },
	{ "detail.csv", write_detail },
	{ "liability.csv", write_liability },
	{ "carryover.csv", write_carryover },
};

typedef struct {
	int dirfd;
	const PpMonth *m;
	const PpResult *res;
	gboolean bom;
	PpOutputFile *files;
	int err[PP_OUT_N];
	gint next;		/* the next output to write, taken atomically */
} Job;

/* Writes one output; returns 0 or an errno. */
static int
write_one(Job *j, guint i)
{
	PpCsvOut o;

	if (!pp_csv_out_open(&o, j->dirfd, outputs[i].name, j->bom))
		return errno;
	outputs[i].write(&o, j->m, j->res);
	if (!pp_csv_out_close(&o))
		return o.err;
	j->files[i].name = outputs[i].name;
	memcpy(j->files[i].sha256, o.sha256, sizeof j->files[i].sha256);
	j->files[i].rows = o.rows;
	j->files[i].bytes = o.bytes;
	return 0;
}

/* A writer thread: takes outputs until none is left. */
static gpointer
writer(gpointer data)
{
	Job *j = data;
	gint i;

	while ((i = g_atomic_int_add(&j->next, 1)) < PP_OUT_N)
		j->err[i] = write_one(j, (guint)i);
	return NULL;
}

int
pp_write_outputs(int dirfd, const PpMonth *m, const PpResult *res, gboolean bom,
    guint threads, PpOutputFile files[PP_OUT_N])
{
	/* the big two (detail, liability) first, so that they run side by side */
	Job j = { dirfd, m, res, bom, files, { 0 }, 0 };
	GThread *extra[PP_OUT_N];
	guint n = MIN(MAX(threads, 1), PP_OUT_N);

	for (guint t = 1; t < n; t++)
		extra[t] = g_thread_new("writer", writer, &j);
	writer(&j);
	for (guint t = 1; t < n; t++)
		g_thread_join(extra[t]);
	for (guint i = 0; i < PP_OUT_N; i++)
		if (j.err[i] != 0)
			return j.err[i];
	return 0;
}
