/*
 * The rule table (SPEC §3 "rule table"): loaded from YAML with libyaml.
 *
 * A PpRules owns all its strings and arrays; free it with pp_rules_free()
 * (or g_autoptr(PpRules)).  Amounts are fen, points centipoints, ratios
 * 1/10000 (see common/fixed.h).  Lines and columns are 1-based.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "common/diag.h"

typedef enum {
	PP_CAT_GENERAL = 0,
	PP_CAT_SERIOUS,
	PP_CAT_MAJOR,
	PP_CAT_N,
} PpCategory;

typedef enum {
	PP_LEVEL_DIRECT = 0,
	PP_LEVEL_INDIRECT,
	PP_LEVEL_N,
} PpLevel;

typedef enum { PP_OVER_CAP_CARRY, PP_OVER_CAP_WAIVE } PpOverCap;
typedef enum { PP_PENDING_HOLD, PP_PENDING_DEDUCT } PpPending;

/* The most codes one rule table may have (a record keeps its code's
 * index in 16 bits). */
#define PP_MAX_CODES 65535u

typedef struct {
	char *code;
	char *name;
	PpCategory category;
	int64_t points;		/* centipoints; 0 when reset */
	gboolean reset;		/* takes the month's score to 0 (留司查看, 辞退) */
	guint line;		/* of the code's mapping in the YAML */
} PpCode;

typedef struct {
	char *region;
	int64_t amount;		/* fen */
	int32_t effective_from;	/* yyyymmdd */
	guint line;
} PpMinWage;

typedef struct {
	char *path;			/* as given */
	int schema;			/* 1 */
	char *name;
	int32_t effective_from;		/* yyyymm */
	guint effective_from_line, effective_from_col;
	int64_t yuan_per_point;		/* fen per point */
	int64_t quality_score_base;	/* centipoints */
	int64_t wage_ratio;		/* 1/10000 */
	int64_t liability_ratio;	/* 1/10000 */
	PpOverCap own_over_cap;		/* default carry */
	PpOverCap liability_over_cap;	/* default waive */
	PpPending pending_appeal;	/* default hold */
	int64_t liability[PP_CAT_N][PP_LEVEL_N]; /* 1/10000 */
	GArray *minimum_wage;		/* PpMinWage, in file order */
	GArray *codes;			/* PpCode, in file order; at most PP_MAX_CODES */
	GHashTable *code_index;		/* code (borrowed) -> index + 1 */
	GHashTable *minimum_wage_index;	/* region (borrowed) -> GArray of guint
					 * indexes into minimum_wage, by
					 * effective_from; NULL: scan */
} PpRules;

/*
 * Parses the rule table held in data[0..len) (path names it in messages).
 * Returns the table, or NULL after adding every problem found to diags as
 * "PATH:LINE:COL: error: ..." (exit status 65).  Never aborts on bad input.
 */
PpRules *pp_rules_parse(const char *path, const char *data, gsize len, PpDiags *diags);

void pp_rules_free(PpRules *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PpRules, pp_rules_free)

/* Returns the code named code[0..len), or NULL. */
const PpCode *pp_rules_lookup(const PpRules *r, const char *code, gsize len);

/*
 * Returns the minimum wage (fen) for region on date (yyyymmdd): the entry
 * with the latest effective_from on or before date.  FALSE when none.
 */
gboolean pp_rules_minimum_wage(const PpRules *r, const char *region, int32_t date, int64_t *out);

/* TRUE when any liability ratio is above 0 (then --org is required). */
gboolean pp_rules_has_liability(const PpRules *r);

/* "general", "serious", "major" */
const char *pp_category_name(PpCategory c);
/* "direct", "indirect" */
const char *pp_level_name(PpLevel l);
