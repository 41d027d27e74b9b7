/*
 * The month's computation, SPEC §4: pure (no I/O, no globals), data in,
 * results out.  Problems that only the computation can see (a charged
 * violator or supervisor without a wages row, a charged record without an
 * org row on its date) are added to diags as errors with the record's
 * place.
 *
 * A PpResult owns its arrays; the PpMonth it was computed from must outlive
 * it (rows point into the month's strings).  Units: fen, centipoints,
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

/* How one claim of a bucket ended (for explain). */
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

typedef struct {
	PpEmp emp;
	guint32 wage;			/* index into month->wages */
	int64_t own_points;		/* centipoints */
	int64_t own_assessed;
	int64_t liability_points;	/* micropoints */
	int64_t liability_assessed;
	int64_t carry_in;
	int64_t wage_cap;
	int64_t liability_cap;
	int64_t minimum_wage;
	int64_t room;			/* max(0, floor_basis - minimum_wage) */
	int64_t deduction;
	int64_t net_pay;
	int64_t carry_out;
	int64_t waived;
	guint flags;
	guint32 first_claim, n_claims;	/* into PpResult.claims: own bucket, then liability */
} PpPayRow;

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
	GArray *claims;		/* PpClaim, referenced by PpPayRow */
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

/*
 * Computes the month.  Returns the result, or NULL when diags holds an
 * error (then nothing may be written; the month may have had errors from
 * reading, and rows marked invalid are skipped).  The conservation check of §4 is
 * made here: a failure is an internal error (exit status 70).
 */
PpResult *pp_compute(const PpMonth *m, PpDiags *diags);

void pp_result_free(PpResult *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PpResult, pp_result_free)
