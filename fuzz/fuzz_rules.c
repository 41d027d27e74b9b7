/*
 * libFuzzer harness: the rule-table loader (read/rules.h, pp_rules_parse).
 *
 * Input: the whole YAML file (not NUL-terminated, so an over-read shows).
 * When a table comes back, every code and every region is looked up,
 * through the indexes and through the scans used for hand-built tables,
 * and the two must agree with each other and with rules.h:
 *   - pp_rules_parse returns NULL exactly when it added an error;
 *   - pp_rules_lookup(code) returns that code (the first of that text);
 *   - pp_rules_minimum_wage returns the entry of the region with the
 *     latest effective_from on or before the date.
 * A broken promise aborts, like any sanitizer report.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/rules.h"

#define FUZZ_NAME "fuzz_rules"
#include "check.h"

static FILE *devnull;

/* The brute-force answer of pp_rules_minimum_wage. */
static const PpMinWage *
brute_min_wage(const PpRules *r, const char *region, int32_t date)
{
	const PpMinWage *best = NULL;

	for (guint i = 0; i < r->minimum_wage->len; i++) {
		const PpMinWage *mw = &g_array_index(r->minimum_wage, PpMinWage, i);
		if (strcmp(mw->region, region) == 0 && mw->effective_from <= date &&
		    (best == NULL || mw->effective_from > best->effective_from))
			best = mw;
	}
	return best;
}

/* Looks region up on date through the index and the scan; checks both. */
static void
check_min_wage(PpRules *r, const char *region, int32_t date)
{
	const PpMinWage *want = brute_min_wage(r, region, date);
	GHashTable *idx = r->minimum_wage_index;
	int64_t a = -1, b = -1;
	gboolean fa, fb;

	fa = pp_rules_minimum_wage(r, region, date, &a);
	r->minimum_wage_index = NULL;	/* the path of a table built by hand */
	fb = pp_rules_minimum_wage(r, region, date, &b);
	r->minimum_wage_index = idx;
	CHECK(fa == (want != NULL));
	CHECK(fb == (want != NULL));
	if (want != NULL) {
		CHECK(a == want->amount);
		CHECK(b == want->amount);
	}
}

/* Looks code[0..len) up through the index and the scan; checks both. */
static void
check_lookup(PpRules *r, const char *code, gsize len)
{
	GHashTable *idx = r->code_index;
	const PpCode *a, *b;

	a = pp_rules_lookup(r, code, len);
	r->code_index = NULL;
	b = pp_rules_lookup(r, code, len);
	r->code_index = idx;
	CHECK(a == b);
	if (a != NULL) {
		CHECK(strlen(a->code) == len);
		CHECK(memcmp(a->code, code, len) == 0);
	}
}

static void
exercise(PpRules *r, const uint8_t *data, size_t size)
{
	static const int32_t dates[] = { G_MININT32, -1, 0, 1, 19700101, 20260901,
		20261231, 99991231, G_MAXINT32 };
	char region[32];
	gsize n;

	CHECK(r->schema == 1);
	CHECK(r->name != NULL && r->name[0] != '\0');
	CHECK(r->wage_ratio >= 0 && r->wage_ratio <= 10000);
	CHECK(r->liability_ratio >= 0 && r->liability_ratio <= 10000);
	CHECK(r->yuan_per_point >= 0 && r->quality_score_base >= 0);
	for (guint i = 0; i < PP_CAT_N; i++) {
		CHECK(strcmp(pp_category_name((PpCategory)i), "?") != 0);
		for (guint j = 0; j < PP_LEVEL_N; j++) {
			CHECK(r->liability[i][j] >= 0 && r->liability[i][j] <= 10000);
			if (r->liability[i][j] > 0)
				CHECK(pp_rules_has_liability(r));
		}
	}
	CHECK(strcmp(pp_level_name(PP_LEVEL_INDIRECT), "?") != 0);
	CHECK(strcmp(pp_category_name(PP_CAT_N), "?") == 0);

	for (guint i = 0; i < r->codes->len; i++) {
		const PpCode *pc = &g_array_index(r->codes, PpCode, i);
		gsize len;

		CHECK(pc->code != NULL && pc->name != NULL);
		CHECK((guint)pc->category < PP_CAT_N);
		CHECK(pc->points >= 0);
		CHECK(!pc->reset || pc->points == 0);
		len = strlen(pc->code);
		CHECK(pp_rules_lookup(r, pc->code, len) == pc);	/* no duplicates */
		check_lookup(r, pc->code, len);
		if (len > 0)
			check_lookup(r, pc->code, len - 1);
	}
	for (guint i = 0; i < r->minimum_wage->len; i++) {
		const PpMinWage *mw = &g_array_index(r->minimum_wage, PpMinWage, i);

		CHECK(mw->region != NULL);
		CHECK(mw->amount >= 0);
		check_min_wage(r, mw->region, mw->effective_from);
		check_min_wage(r, mw->region, mw->effective_from - 1);
		check_min_wage(r, mw->region, mw->effective_from + 1);
		for (guint k = 0; k < G_N_ELEMENTS(dates); k++)
			check_min_wage(r, mw->region, dates[k]);
	}

	/* Strings that are no code or region: from the input itself. */
	check_lookup(r, "", 0);
	n = MIN(size, sizeof region - 1);
	memcpy(region, data, n);
	region[n] = '\0';
	check_min_wage(r, region, 20260901);
	check_min_wage(r, "", 20260901);
	if (size > 0) {
		const char *s = (const char *)data;
		if (memchr(s, '\0', size) == NULL)
			check_lookup(r, s, size);	/* > 64 bytes: the heap path */
		else
			CHECK(pp_rules_lookup(r, s, size) == NULL);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	PpDiags *diags;
	PpRules *r;

	if (devnull == NULL)
		devnull = fopen("/dev/null", "w");
	diags = pp_diags_new();
	r = pp_rules_parse("fuzz.yaml", (const char *)data, size, diags);
	if (r == NULL) {
		CHECK(pp_diags_error_count(diags) > 0);
	} else {
		CHECK(pp_diags_error_count(diags) == 0);
		exercise(r, data, size);
		pp_rules_free(r);
	}
	if (devnull != NULL)
		pp_diags_print(diags, devnull, TRUE);
	pp_diags_free(diags);
	return 0;
}
