/*
 * The month's computation, SPEC §4: pure (no I/O, no globals), data in,
 * results out.  Problems that only the computation can see (a charged
 * violator or supervisor without a wages row, a charged record without an
 * org row on its date) are added to diags as errors with the record's
 * place.
 *
 * A PpResult owns its arrays and is reference-counted (pp_result_ref,
 * pp_result_free drops a reference: a writer still reading it keeps it);
 * the PpMonth it was computed from must outlive it (rows point into the
 * month's strings).  Units: fen, centipoints,
 * micropoints (liability points), ratio 1/10000.
 */
#pragma once

#include "common/diag.h"
#include "model.h"

typedef enum {
	PP_CHARGED_YES = 0,
	PP_CHARGED_HELD,
	PP_CHARGED_OVERTURNED,
} PpCharged;

/* payroll.csv flags, in the order §5 lists them */
enum {
	PP_FLAG_WAGE_CAP = 1 << 0,
	PP_FLAG_LIABILITY_CAP = 1 << 1,
	PP_FLAG_FLOOR = 1 << 2,
	PP_FLAG_RESET = 1 << 3,
	PP_FLAG_HELD = 1 << 4,
};

/* How one claim of a bucket ended (pp_result_claims). */
typedef struct {
	int32_t origin;		/* yyyymm; the month itself for this month's charge */
	guint8 kind;		/* PpKind */
	gboolean current;	/* this month's assessed, not a carry-in item */
	int64_t amount;		/* claimed */
	int64_t paid;		/* after the cap and the floor */
	int64_t cut_by_cap;	/* not paid because of the cap */
	int64_t cut_by_floor;	/* not paid because of the floor */
	int64_t waived;		/* part of cut_by_cap waived by policy */
} PpClaim;

/* One payroll.csv row (56 bytes, a million of them in a big month);
 * what follows from its wages row or its points is not kept: the
 * employee (pp_pay_emp()), the assessed amounts (pp_pay_own_assessed(),
 * pp_pay_liability_assessed()), caps, minimum wage and room
 * (pp_pay_terms()), net pay (pp_pay_net()). */
typedef struct {
	guint32 wage;			/* index into month->wages */
	guint flags;
	int64_t own_points;		/* centipoints */
	int64_t liability_points;	/* micropoints */
	int64_t carry_in;
	int64_t deduction;
	int64_t carry_out;
	int64_t waived;
} PpPayRow;

/* What bounds one employee's deduction (step 5 and the floor of step 8). */
typedef struct {
	int64_t wage_cap;
	int64_t liability_cap;
	int64_t minimum_wage;
	int64_t room;			/* max(0, floor_basis - minimum_wage) */
} PpPayTerms;

typedef struct {
	guint32 record;		/* index into month->records */
	int64_t points;		/* centipoints shown */
} PpResetPoints;

typedef struct {
	/* per record: the org row covering its date (index into month->org),
	 * PP_NO_ROW when none; supervisors come from it */
	guint32 *org_row;
	GArray *reset_points;	/* PpResetPoints of reset records, by record */
	guint32 *liability_order; /* (record << 1) | level, in liability.csv order */
	guint64 n_liability;
	guint32 *liability_start; /* [rank * 2 + level]: first of that supervisor's rows */

	GArray *payroll;	/* PpPayRow, sorted by employee_id */
	GArray *carry_out;	/* PpCarry, sorted as carryover.csv */

	/* counts and totals for the summary and the manifest */
	guint64 n_charged, n_held, n_overturned;
	int64_t total_gross, total_allowance, total_own_assessed, total_liability_assessed;
	int64_t total_carry_in, total_deduction, total_net_pay, total_carry_out, total_waived;
	int64_t total_wage_cap, total_liability_cap, total_minimum_wage;
	int64_t carried_unpaid;	/* carry-in of employees with no wages row, carried as is */
} PpResult;

#define PP_NO_ROW G_MAXUINT32

/* Returns whether record r is charged, held or overturned (step 1). */
guint8 pp_record_charged(const PpRules *rules, const PpRecord *r);

/* Returns the centipoints record i shows (a reset record: its share). */
int64_t pp_result_points(const PpResult *res, const PpMonth *m, guint32 i);

/* Returns record i's supervisor at level on its date, or PP_NO_EMP. */
PpEmp pp_result_supervisor(const PpResult *res, const PpMonth *m, guint32 i, PpLevel level);

/* Returns the ratio (1/10000) of record i's category at level. */
int64_t pp_result_ratio(const PpMonth *m, guint32 i, PpLevel level);

/* Returns the terms of wages row w (step 5, rounded down; the minimum
 * wage in force on the first day of the month, 0 when none). */
void pp_pay_terms(const PpMonth *m, const PpWage *w, PpPayTerms *t);

/* Returns row p's net pay: gross wage minus deduction. */
int64_t pp_pay_net(const PpMonth *m, const PpPayRow *p);

/* Returns row p's employee (its wages row's). */
PpEmp pp_pay_emp(const PpMonth *m, const PpPayRow *p);

/* Returns row p's own assessed (step 3) and liability assessed (step 4):
 * its points times yuan_per_point, rounded half up to the fen, once. */
int64_t pp_pay_own_assessed(const PpMonth *m, const PpPayRow *p);
int64_t pp_pay_liability_assessed(const PpMonth *m, const PpPayRow *p);

/*
 * Sets claims (a GArray of PpClaim) to row p's claims, as the computation
 * paid them: the own bucket, then the liability bucket, each its carry-in
 * items oldest first, then this month's.  Returns the number in the own
 * bucket.  (Claims are not kept per row: a month of a million employees
 * would hold them all only for explain.)
 */
guint pp_result_claims(const PpMonth *m, const PpPayRow *p, GArray *claims);

/*
 * Computes the month.  Returns the result, or NULL when diags holds an
 * error (then nothing may be written; the month may have had errors from
 * reading, and rows marked invalid are skipped).  The conservation check of §4 is
 * made here: a failure is an internal error (exit status 70).
 */
PpResult *pp_compute(const PpMonth *m, PpDiags *diags);

/*
 * Called by pp_compute_staged() once the records' org rows, the reset
 * records' shares and liability.csv's order are final (all detail.csv and
 * liability.csv need: pp_result_supervisor, pp_result_points,
 * res->org_row, res->reset_points, res->liability_order,
 * res->liability_start), before the payroll is computed.  Those may then
 * be read from another thread while the computation goes on; nothing
 * else of res may.  Take a reference to keep res past
 * pp_compute_staged's return: it drops its own when the month turns out
 * to have errors.  The computation reads the month's rid_order no more
 * after this call: the callback may free it.  Not called when an error
 * or a charged employee without a wages row is known by then.
 */
typedef void (*PpRecordsDone)(const PpResult *res, gpointer user);

/* pp_compute(), calling done (when not NULL) at that point, with steps
 * 1-2 on up to `threads` threads (the result does not depend on how
 * many). */
PpResult *pp_compute_staged(const PpMonth *m, PpDiags *diags, guint threads,
    PpRecordsDone done, gpointer user);

/* Returns r with one more reference. */
PpResult *pp_result_ref(const PpResult *r);
/* Drops a reference; frees r with the last one.  NULL is ignored. */
void pp_result_free(PpResult *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PpResult, pp_result_free)
