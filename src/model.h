/*
 * The month as read: what the readers fill and the computation reads.
 *
 * A PpMonth owns everything in it: its strings live in `strings` (a
 * GStringChunk) and every const char * of its rows points there.  Employee
 * IDs are interned: a PpEmp is an index into `emp_ids`.  The rule table is
 * owned by the month too (`rules`, may be NULL when it did not load).
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "common/progress.h"
#include "read/rules.h"

typedef guint32 PpEmp;
#define PP_NO_EMP G_MAXUINT32

typedef enum {
	PP_STATUS_CONFIRMED = 0,
	PP_STATUS_PENDING,
	PP_STATUS_OVERTURNED,
	PP_STATUS_INVALID,	/* the row had errors: kept for the checks across rows only */
} PpStatus;

typedef enum { PP_KIND_OWN = 0, PP_KIND_LIABILITY = 1 } PpKind;

/* Open ends of an org row's validity. */
#define PP_DATE_MIN 0
#define PP_DATE_MAX 99991231

typedef struct {
	const char *record_id;
	const char *source;	/* as written */
	const char *case_id;	/* as written */
	PpEmp emp;
	guint32 code;		/* index into rules->codes */
	int32_t date;		/* yyyymmdd */
	guint32 file;		/* index into PpMonth.violation_files */
	guint32 line;
	guint8 status;		/* PpStatus */
} PpRecord;

typedef struct {
	PpEmp emp;
	const char *name;	/* as written */
	const char *region;
	int64_t gross;		/* fen */
	int64_t allowance;	/* fen */
	int64_t floor_basis;	/* fen */
	guint32 line;
	gboolean invalid;	/* the row had errors: kept for the checks across rows only */
} PpWage;

typedef struct {
	PpEmp emp;
	PpEmp direct;		/* PP_NO_EMP: none */
	PpEmp indirect;		/* PP_NO_EMP: none */
	int32_t from, to;	/* inclusive; PP_DATE_MIN / PP_DATE_MAX when open */
	guint32 line;
	gboolean invalid;	/* the row had errors: covers nothing, hides "no org row" errors */
} PpOrgRow;

typedef struct {
	PpEmp emp;
	int32_t origin;		/* yyyymm */
	guint8 kind;		/* PpKind */
	int64_t amount;		/* fen, > 0 */
	guint32 line;
} PpCarry;

typedef struct {
	char *path;		/* as given on the command line */
	char sha256[65];
	guint64 bytes;
	guint64 rows;
	const char *encoding;	/* "utf-8" or "gb18030"; NULL for YAML */
} PpInputFile;

typedef struct {
	int32_t month;		/* yyyymm */
	PpRules *rules;
	GStringChunk *strings;
	GHashTable *emp_index;	/* id (in strings) -> PpEmp + 1 */
	GPtrArray *emp_ids;	/* PpEmp -> id */
	GArray *records;	/* PpRecord, files in byte order of path, then line order */
	GArray *wages;		/* PpWage, file order */
	GArray *org;		/* PpOrgRow, file order */
	GArray *carry;		/* PpCarry, file order */
	gboolean has_org;	/* --org was given */
	gboolean has_ledger;	/* --carry-in was given */
	PpInputFile rules_file;
	PpInputFile wages_file;
	PpInputFile org_file;
	PpInputFile ledger_file;
	GArray *violation_files;	/* PpInputFile, byte order of path */
	PpProgress *progress;		/* borrowed; NULL: none */
} PpMonth;

PpMonth *pp_month_new(int32_t month);
void pp_month_free(PpMonth *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PpMonth, pp_month_free)

/* Returns the interned employee for id[0..len), adding it when new. */
PpEmp pp_month_intern(PpMonth *m, const char *id, gsize len);

/* Returns the employee for id, or PP_NO_EMP when it was never seen. */
PpEmp pp_month_find(const PpMonth *m, const char *id);

static inline const char *
pp_month_emp_id(const PpMonth *m, PpEmp e)
{
	return g_ptr_array_index(m->emp_ids, e);
}

static inline guint
pp_month_n_emps(const PpMonth *m)
{
	return m->emp_ids->len;
}
