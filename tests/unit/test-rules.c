/*
 * Unit tests of read/rules.c: the rule table (SPEC §3) from YAML.
 */
#include <stdio.h>
#include <string.h>

#include "common/diag.h"
#include "common/fixed.h"
#include "read/rules.h"

/* The valid table the error tests change one line of (1-based below). */
static const char *const valid_lines[] = {
	/*  1 */ "schema: 1",
	/*  2 */ "name: 电销中心客服专员及管理人员品质管理办法",
	/*  3 */ "effective_from: 2013-01          # first month",
	/*  4 */ "yuan_per_point: 5",
	/*  5 */ "quality_score_base: 100",
	/*  6 */ "caps:",
	/*  7 */ "  wage_ratio: 0.20",
	/*  8 */ "  liability_ratio: 0.6",
	/*  9 */ "policy:",
	/* 10 */ "  own_over_cap: waive",
	/* 11 */ "  liability_over_cap: carry",
	/* 12 */ "  pending_appeal: deduct",
	/* 13 */ "liability:",
	/* 14 */ "  general: {direct: 0.60, indirect: 0.30}",
	/* 15 */ "  serious: {direct: 0.80, indirect: 0.40}",
	/* 16 */ "  major:   {direct: 1.00, indirect: 0.5}",
	/* 17 */ "minimum_wage:",
	/* 18 */ "  - {region: shanghai, amount: 2740.00, effective_from: 2025-07-01}",
	/* 19 */ "  - {region: shanghai, amount: 2690, effective_from: 2023-07-01}",
	/* 20 */ "  - {region: beijing, amount: 2540.5, effective_from: 2025-09-01}",
	/* 21 */ "codes:",
	/* 22 */ "  - {code: A01, name: 未核对客户信息, category: general, points: 5}",
	/* 23 */ "  - {code: A02, name: 态度, category: 严重, points: 7.5}",
	/* 24 */ "  - code: D-WARN",
	/* 25 */ "    name: 警告",
	/* 26 */ "    category: general",
	/* 27 */ "    points: 40",
	/* 28 */ "  - {code: D-PROBATION, name: 留司查看, category: major, reset: true}",
	/* 29 */ "  - {code: \"001\", name: x, category: 特大, points: 0.01, reset: false}",
};

/*
 * Returns the valid table with line `line` (1-based) replaced by repl (which
 * may hold several lines, or be "" to blank it); line 0 changes nothing.
 */
static char *
table_with(guint line, const char *repl)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < G_N_ELEMENTS(valid_lines); i++) {
		g_string_append(s, i + 1 == line ? repl : valid_lines[i]);
		g_string_append_c(s, '\n');
	}
	return g_string_free(s, FALSE);
}

/*
 * Returns the rules parsed from data[0..len) as "r.yaml" (or NULL), and in
 * *out everything pp_diags_print printed.
 */
static PpRules *
parse_len(const char *data, gsize len, char **out)
{
	g_autoptr(PpDiags) d = pp_diags_new();
	PpRules *r = pp_rules_parse("r.yaml", data, len, d);
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);

	g_assert_nonnull(fp);
	pp_diags_print(d, fp, TRUE);
	fclose(fp);
	*out = g_strdup(buf);
	free(buf);
	if (r != NULL)
		g_assert_cmpstr(*out, ==, "");
	else
		g_assert_cmpuint(pp_diags_error_count(d), >, 0);
	return r;
}

/* Returns the rules parsed from the string yaml, like parse_len. */
static PpRules *
parse(const char *yaml, char **out)
{
	return parse_len(yaml, strlen(yaml), out);
}

/* Asserts that yaml does not parse and prints exactly expected. */
static void
expect_errors(const char *yaml, const char *expected)
{
	g_autofree char *out = NULL;
	g_autoptr(PpRules) r = parse(yaml, &out);

	g_assert_null(r);
	g_assert_cmpstr(out, ==, expected);
}

/* Asserts that the valid table with line `line` replaced prints exactly expected. */
static void
expect_line_errors(guint line, const char *repl, const char *expected)
{
	g_autofree char *yaml = table_with(line, repl);

	expect_errors(yaml, expected);
}

/* Returns the code `code` of r, failing the test when it is missing. */
static const PpCode *
code(const PpRules *r, const char *c)
{
	const PpCode *pc = pp_rules_lookup(r, c, strlen(c));

	g_assert_nonnull(pc);
	return pc;
}

static void
test_valid(void)
{
	g_autofree char *yaml = table_with(0, NULL);
	g_autofree char *out = NULL;
	g_autoptr(PpRules) r = parse(yaml, &out);
	const PpCode *pc;

	g_assert_nonnull(r);
	g_assert_cmpstr(r->path, ==, "r.yaml");
	g_assert_cmpint(r->schema, ==, 1);
	g_assert_cmpstr(r->name, ==, "电销中心客服专员及管理人员品质管理办法");
	g_assert_cmpint(r->effective_from, ==, 201301);
	g_assert_cmpuint(r->effective_from_line, ==, 3);
	g_assert_cmpuint(r->effective_from_col, ==, 17);
	g_assert_cmpint(r->yuan_per_point, ==, 500);
	g_assert_cmpint(r->quality_score_base, ==, 10000);
	g_assert_cmpint(r->wage_ratio, ==, 2000);
	g_assert_cmpint(r->liability_ratio, ==, 6000);
	g_assert_cmpint(r->own_over_cap, ==, PP_OVER_CAP_WAIVE);
	g_assert_cmpint(r->liability_over_cap, ==, PP_OVER_CAP_CARRY);
	g_assert_cmpint(r->pending_appeal, ==, PP_PENDING_DEDUCT);
	g_assert_cmpint(r->liability[PP_CAT_GENERAL][PP_LEVEL_DIRECT], ==, 6000);
	g_assert_cmpint(r->liability[PP_CAT_GENERAL][PP_LEVEL_INDIRECT], ==, 3000);
	g_assert_cmpint(r->liability[PP_CAT_SERIOUS][PP_LEVEL_DIRECT], ==, 8000);
	g_assert_cmpint(r->liability[PP_CAT_SERIOUS][PP_LEVEL_INDIRECT], ==, 4000);
	g_assert_cmpint(r->liability[PP_CAT_MAJOR][PP_LEVEL_DIRECT], ==, 10000);
	g_assert_cmpint(r->liability[PP_CAT_MAJOR][PP_LEVEL_INDIRECT], ==, 5000);
	g_assert_true(pp_rules_has_liability(r));

	g_assert_cmpuint(r->minimum_wage->len, ==, 3);
	{
		const PpMinWage *mw = &g_array_index(r->minimum_wage, PpMinWage, 1);
		g_assert_cmpstr(mw->region, ==, "shanghai");
		g_assert_cmpint(mw->amount, ==, 269000);
		g_assert_cmpint(mw->effective_from, ==, 20230701);
		g_assert_cmpuint(mw->line, ==, 19);
	}

	g_assert_cmpuint(r->codes->len, ==, 5);
	g_assert_cmpuint(g_hash_table_size(r->code_index), ==, 5);
	pc = &g_array_index(r->codes, PpCode, 0);
	g_assert_cmpstr(pc->code, ==, "A01");
	g_assert_cmpstr(pc->name, ==, "未核对客户信息");
	g_assert_cmpint(pc->category, ==, PP_CAT_GENERAL);
	g_assert_cmpint(pc->points, ==, 500);
	g_assert_false(pc->reset);
	g_assert_cmpuint(pc->line, ==, 22);
	g_assert_true(code(r, "A01") == pc);
	pc = code(r, "A02");
	g_assert_cmpint(pc->category, ==, PP_CAT_SERIOUS);
	g_assert_cmpint(pc->points, ==, 750);
	pc = code(r, "D-WARN");
	g_assert_cmpstr(pc->name, ==, "警告");
	g_assert_cmpint(pc->points, ==, 4000);
	g_assert_cmpuint(pc->line, ==, 24);
	pc = code(r, "D-PROBATION");
	g_assert_cmpint(pc->category, ==, PP_CAT_MAJOR);
	g_assert_true(pc->reset);
	g_assert_cmpint(pc->points, ==, 0);
	pc = code(r, "001");	/* quoted, and kept as text */
	g_assert_cmpint(pc->category, ==, PP_CAT_MAJOR);
	g_assert_cmpint(pc->points, ==, 1);
	g_assert_false(pc->reset);
}

static void
test_policy_defaults(void)
{
	g_autofree char *yaml = table_with(9, "# no policy");
	g_autofree char *out = NULL;
	g_autoptr(PpRules) r = NULL;

	/* Lines 10-12 are indented under a comment: blank them too. */
	{
		char *p;
		while ((p = strstr(yaml, "  own_over_cap")) != NULL ||
		    (p = strstr(yaml, "  liability_over_cap")) != NULL ||
		    (p = strstr(yaml, "  pending_appeal")) != NULL)
			p[0] = p[1] = '#';
	}
	r = parse(yaml, &out);
	g_assert_nonnull(r);
	g_assert_cmpint(r->own_over_cap, ==, PP_OVER_CAP_CARRY);
	g_assert_cmpint(r->liability_over_cap, ==, PP_OVER_CAP_WAIVE);
	g_assert_cmpint(r->pending_appeal, ==, PP_PENDING_HOLD);
}

static void
test_policy_partial(void)
{
	static const char yaml[] =
	    "schema: 1\nname: n\neffective_from: 2026-03\nyuan_per_point: 0.5\n"
	    "quality_score_base: 99.99\ncaps: {wage_ratio: 1, liability_ratio: 0}\n"
	    "policy: {liability_over_cap: carry}\n"
	    "liability:\n  general: {direct: 0, indirect: 0}\n"
	    "  serious: {direct: 0, indirect: 0}\n  major: {direct: 0.0000, indirect: 0}\n"
	    "minimum_wage: []\ncodes: []\n";
	g_autofree char *out = NULL;
	g_autoptr(PpRules) r = parse(yaml, &out);
	int64_t v = -1;

	g_assert_nonnull(r);
	g_assert_cmpint(r->effective_from, ==, 202603);
	g_assert_cmpint(r->yuan_per_point, ==, 50);
	g_assert_cmpint(r->quality_score_base, ==, 9999);
	g_assert_cmpint(r->wage_ratio, ==, 10000);
	g_assert_cmpint(r->liability_ratio, ==, 0);
	g_assert_cmpint(r->own_over_cap, ==, PP_OVER_CAP_CARRY);
	g_assert_cmpint(r->liability_over_cap, ==, PP_OVER_CAP_CARRY);
	g_assert_cmpint(r->pending_appeal, ==, PP_PENDING_HOLD);
	g_assert_false(pp_rules_has_liability(r));
	g_assert_false(pp_rules_minimum_wage(r, "shanghai", 20260301, &v));
	g_assert_null(pp_rules_lookup(r, "A01", 3));
	g_assert_cmpint(v, ==, -1);
}

static void
test_minimum_wage(void)
{
	g_autofree char *yaml = table_with(0, NULL);
	g_autofree char *out = NULL;
	g_autoptr(PpRules) r = parse(yaml, &out);
	int64_t v = -1;

	g_assert_nonnull(r);
	g_assert_false(pp_rules_minimum_wage(r, "shanghai", 20230630, &v));
	g_assert_cmpint(v, ==, -1);
	g_assert_true(pp_rules_minimum_wage(r, "shanghai", 20230701, &v));
	g_assert_cmpint(v, ==, 269000);
	g_assert_true(pp_rules_minimum_wage(r, "shanghai", 20250630, &v));
	g_assert_cmpint(v, ==, 269000);
	g_assert_true(pp_rules_minimum_wage(r, "shanghai", 20250701, &v));
	g_assert_cmpint(v, ==, 274000);
	g_assert_true(pp_rules_minimum_wage(r, "shanghai", 29991231, &v));
	g_assert_cmpint(v, ==, 274000);
	g_assert_false(pp_rules_minimum_wage(r, "beijing", 20250831, &v));
	g_assert_true(pp_rules_minimum_wage(r, "beijing", 20250901, &v));
	g_assert_cmpint(v, ==, 254050);
	g_assert_false(pp_rules_minimum_wage(r, "Shanghai", 20250701, &v));
	g_assert_false(pp_rules_minimum_wage(r, "guangzhou", 20250701, &v));
}

/* A table built by hand (no indexes) is looked up by scanning. */
static void
test_hand_built(void)
{
	PpRules r = { 0 };
	PpMinWage mw[] = {
		{ .region = (char *)"x", .amount = 100, .effective_from = 20250101 },
		{ .region = (char *)"x", .amount = 300, .effective_from = 20260101 },
		{ .region = (char *)"x", .amount = 200, .effective_from = 20250601 },
	};
	PpCode pc = { .code = (char *)"B7", .points = 300 };
	int64_t v = 0;

	r.minimum_wage = g_array_new(FALSE, FALSE, sizeof(PpMinWage));
	g_array_append_vals(r.minimum_wage, mw, G_N_ELEMENTS(mw));
	r.codes = g_array_new(FALSE, FALSE, sizeof(PpCode));
	g_array_append_val(r.codes, pc);
	g_assert_true(pp_rules_minimum_wage(&r, "x", 20251231, &v));
	g_assert_cmpint(v, ==, 200);
	g_assert_false(pp_rules_minimum_wage(&r, "x", 20241231, &v));
	g_assert_nonnull(pp_rules_lookup(&r, "B7!", 2));
	g_assert_null(pp_rules_lookup(&r, "B", 1));
	g_array_unref(r.minimum_wage);
	g_array_unref(r.codes);
}

static void
test_lookup(void)
{
	g_autofree char *long_code = g_strnfill(200, 'L');
	g_autofree char *line = g_strdup_printf(
	    "  - {code: %s, name: long, category: general, points: 1}", long_code);
	g_autofree char *yaml = table_with(29, line);
	g_autofree char *out = NULL;
	g_autoptr(PpRules) r = parse(yaml, &out);
	g_autofree char *buf = g_strdup_printf("%sXYZ", long_code);

	g_assert_nonnull(r);
	/* Not NUL-terminated: only the first len bytes count. */
	g_assert_true(pp_rules_lookup(r, "A01,5", 3) == code(r, "A01"));
	g_assert_null(pp_rules_lookup(r, "A01,5", 4));
	g_assert_null(pp_rules_lookup(r, "A0", 2));
	g_assert_null(pp_rules_lookup(r, "", 0));
	g_assert_null(pp_rules_lookup(r, "A01\0", 4));
	g_assert_null(pp_rules_lookup(r, "a01", 3));
	g_assert_nonnull(pp_rules_lookup(r, buf, 200));
	g_assert_null(pp_rules_lookup(r, buf, 201));
	g_assert_cmpstr(pp_rules_lookup(r, buf, 200)->name, ==, "long");
}

static void
test_names(void)
{
	g_assert_cmpstr(pp_category_name(PP_CAT_GENERAL), ==, "general");
	g_assert_cmpstr(pp_category_name(PP_CAT_SERIOUS), ==, "serious");
	g_assert_cmpstr(pp_category_name(PP_CAT_MAJOR), ==, "major");
	g_assert_cmpstr(pp_level_name(PP_LEVEL_DIRECT), ==, "direct");
	g_assert_cmpstr(pp_level_name(PP_LEVEL_INDIRECT), ==, "indirect");
}

/* Quoted numbers are numbers; a BOM and CRLF line ends are fine. */
static void
test_lenient_forms(void)
{
	g_autofree char *yaml = table_with(4, "yuan_per_point: \"5.5\"");
	g_autoptr(GString) crlf = g_string_new("\xEF\xBB\xBF");
	g_autofree char *out = NULL;
	g_autoptr(PpRules) r = NULL;

	for (const char *p = yaml; *p != '\0'; p++) {
		if (*p == '\n')
			g_string_append_c(crlf, '\r');
		g_string_append_c(crlf, *p);
	}
	r = parse(crlf->str, &out);
	g_assert_nonnull(r);
	g_assert_cmpint(r->yuan_per_point, ==, 550);
	g_assert_cmpuint(r->effective_from_line, ==, 3);
	g_assert_cmpuint(r->effective_from_col, ==, 17);
}

/* Diagnostics already in the list do not make a good table fail. */
static void
test_earlier_errors(void)
{
	g_autofree char *yaml = table_with(0, NULL);
	g_autoptr(PpDiags) d = pp_diags_new();
	g_autoptr(PpRules) r = NULL;

	pp_diag_error(d, PP_EXIT_DATAERR, "other.csv", 1, 1, "earlier");
	r = pp_rules_parse("r.yaml", yaml, strlen(yaml), d);
	g_assert_nonnull(r);
	g_assert_cmpuint(pp_diags_error_count(d), ==, 1);
}

static void
test_unknown_key(void)
{
	expect_line_errors(12, "  foo: deduct", "r.yaml:12:3: error: unknown key 'foo'\n");
	expect_line_errors(1, "schema: 1\nextra: 2",
	    "r.yaml:2:1: error: unknown key 'extra'\n");
	expect_line_errors(14, "  general: {direct: 0.60, indirect: 0.30, other: 1}",
	    "r.yaml:14:43: error: unknown key 'other'\n");
	expect_line_errors(22, "  - {code: A01, name: n, category: general, points: 5, Points: 5}",
	    "r.yaml:22:56: error: unknown key 'Points'\n");
	expect_line_errors(14, "  general: {direct: 0.60, indirect: 0.30}\n  fatal: {direct: 0, indirect: 0}",
	    "r.yaml:15:3: error: unknown key 'fatal'\n");
	expect_line_errors(1, "schema: 1\n[a]: 1",
	    "r.yaml:2:1: error: a key must be a single word, not a list or mapping\n");
}

static void
test_missing_key(void)
{
	expect_line_errors(8, "  # none",
	    "r.yaml:7:3: error: missing key 'liability_ratio'\n");
	expect_line_errors(5, "",
	    "r.yaml:1:1: error: missing key 'quality_score_base'\n");
	expect_line_errors(14, "  general: {direct: 0.60}",
	    "r.yaml:14:12: error: missing key 'indirect'\n");
	expect_line_errors(16, "  # no major",
	    "r.yaml:14:3: error: missing key 'major'\n");
	expect_line_errors(22, "  - {code: A01, category: general, points: 5}",
	    "r.yaml:22:5: error: missing key 'name'\n");
	expect_line_errors(18, "  - {region: shanghai, amount: 2740.00}",
	    "r.yaml:18:5: error: missing key 'effective_from'\n");
	expect_line_errors(25, "",
	    "r.yaml:24:5: error: missing key 'name'\n");
}

static void
test_wrong_type(void)
{
	expect_line_errors(2, "name: {a: 1}",
	    "r.yaml:2:7: error: 'name' must be a single value, not a list or mapping\n");
	expect_line_errors(6, "caps: [0.2, 0.2]\nx_caps:",
	    "r.yaml:6:7: error: 'caps' must be a mapping\n"
	    "r.yaml:7:1: error: unknown key 'x_caps'\n");
	expect_line_errors(17, "minimum_wage: {region: shanghai}\nx:",
	    "r.yaml:17:15: error: 'minimum_wage' must be a list\n"
	    "r.yaml:18:1: error: unknown key 'x'\n");
	expect_line_errors(19, "  - shanghai",
	    "r.yaml:19:5: error: each item of 'minimum_wage' must be a mapping\n");
	expect_line_errors(4, "yuan_per_point: 5元",
	    "r.yaml:4:17: error: 'yuan_per_point' is not a plain decimal number: '5元'\n");
	expect_line_errors(4, "yuan_per_point: 1,000",
	    "r.yaml:4:17: error: 'yuan_per_point' is not a plain decimal number: '1,000'\n");
	expect_line_errors(4, "yuan_per_point: 1e3",
	    "r.yaml:4:17: error: 'yuan_per_point' is not a plain decimal number: '1e3'\n");
	expect_line_errors(4, "yuan_per_point: 5.001",
	    "r.yaml:4:17: error: 'yuan_per_point' has more than 2 decimals\n");
	expect_line_errors(4, "yuan_per_point:",
	    "r.yaml:4:16: error: 'yuan_per_point' has no value\n");
	expect_line_errors(4, "yuan_per_point: 10000000000000",
	    "r.yaml:4:17: error: 'yuan_per_point' is too large\n");
	expect_line_errors(4, "yuan_per_point: ------------5",
	    "r.yaml:4:17: error: 'yuan_per_point' is not a plain decimal number: '------------5'\n");
	expect_line_errors(5, "quality_score_base: -100",
	    "r.yaml:5:21: error: 'quality_score_base' is negative\n");
	expect_line_errors(18, "  - {region: shanghai, amount: 2740.001, effective_from: 2025-07-01}",
	    "r.yaml:18:32: error: 'amount' has more than 2 decimals\n");
	expect_line_errors(18, "  - {region: shanghai, amount: 2740, effective_from: 2025-07}",
	    "r.yaml:18:54: error: 'effective_from' is not a date (YYYY-MM-DD): '2025-07'\n");
	expect_line_errors(3, "effective_from: 2013-1",
	    "r.yaml:3:17: error: 'effective_from' is not a month (YYYY-MM): '2013-1'\n");
	expect_line_errors(1, "schema: 2",
	    "r.yaml:1:9: error: unsupported schema '2' (expected 1)\n");
	expect_line_errors(10, "  own_over_cap: keep",
	    "r.yaml:10:17: error: 'own_over_cap' must be carry or waive, not 'keep'\n");
	expect_line_errors(12, "  pending_appeal: Hold",
	    "r.yaml:12:19: error: 'pending_appeal' must be hold or deduct, not 'Hold'\n");
	expect_line_errors(23, "  - {code: A02, name: 态度, category: 中等, points: 7.5}",
	    "r.yaml:23:37: error: 'category' must be general, serious or major (一般, 严重 or 特大), not '中等'\n");
	expect_line_errors(28, "  - {code: D-PROBATION, name: 留司查看, category: major, reset: yes}",
	    "r.yaml:28:61: error: 'reset' must be true or false, not 'yes'\n");
	expect_line_errors(9, "policy: ~\nx_policy:",
	    "r.yaml:9:9: error: 'policy' must be a mapping\n"
	    "r.yaml:10:1: error: unknown key 'x_policy'\n");
	expect_line_errors(21, "codes: 5\nx:",
	    "r.yaml:21:8: error: 'codes' must be a list\n"
	    "r.yaml:22:1: error: unknown key 'x'\n");
}

static void
test_duplicates(void)
{
	expect_line_errors(12, "  own_over_cap: carry",
	    "r.yaml:12:3: error: duplicate key 'own_over_cap' (first at line 10)\n");
	expect_line_errors(1, "schema: 1\nschema: 1",
	    "r.yaml:2:1: error: duplicate key 'schema' (first at line 1)\n");
	expect_line_errors(29, "  - {code: A01, name: x, category: general, points: 1}",
	    "r.yaml:29:12: error: duplicate code 'A01' (first at line 22)\n");
	/* Trimmed like the CSV side trims codes. */
	expect_line_errors(29, "  - {code: ' D-WARN ', name: x, category: general, points: 1}",
	    "r.yaml:29:12: error: duplicate code 'D-WARN' (first at line 24)\n");
	expect_line_errors(20, "  - {region: shanghai, amount: 1, effective_from: 2025-07-01}",
	    "r.yaml:20:5: error: duplicate minimum wage for region 'shanghai' from 2025-07-01 (first at line 18)\n");
}

static void
test_ratios(void)
{
	expect_line_errors(7, "  wage_ratio: 1.5",
	    "r.yaml:7:15: error: 'wage_ratio' is greater than 1\n");
	expect_line_errors(7, "  wage_ratio: 1.0001",
	    "r.yaml:7:15: error: 'wage_ratio' is greater than 1\n");
	expect_line_errors(7, "  wage_ratio: 0.12345",
	    "r.yaml:7:15: error: 'wage_ratio' has more than 4 decimals\n");
	expect_line_errors(7, "  wage_ratio: -0.2",
	    "r.yaml:7:15: error: 'wage_ratio' is negative\n");
	expect_line_errors(15, "  serious: {direct: 0.80, indirect: 40%}",
	    "r.yaml:15:37: error: 'indirect' is not a plain decimal number: '40%'\n");
	expect_line_errors(16, "  major:   {direct: 1.00001, indirect: 2}",
	    "r.yaml:16:21: error: 'direct' has more than 4 decimals\n"
	    "r.yaml:16:40: error: 'indirect' is greater than 1\n");
}

static void
test_points(void)
{
	expect_line_errors(27, "    points: -40",
	    "r.yaml:27:13: error: 'points' is negative\n");
	expect_line_errors(27, "    points: 40.005",
	    "r.yaml:27:13: error: 'points' has more than 2 decimals\n");
	expect_line_errors(27, "    points: 40.000",
	    "r.yaml:27:13: error: 'points' has more than 2 decimals\n");
	expect_line_errors(28, "  - {code: D-PROBATION, name: 留司查看, category: major, reset: true, points: 1}",
	    "r.yaml:28:5: error: a code cannot have both 'points' and 'reset: true'\n");
	expect_line_errors(22, "  - {code: A01, name: n, category: general}",
	    "r.yaml:22:5: error: a code needs 'points' or 'reset: true'\n");
	expect_line_errors(22, "  - {code: A01, name: n, category: general, reset: false}",
	    "r.yaml:22:5: error: a code needs 'points' or 'reset: true'\n");
	expect_line_errors(22, "  - {code: '', name: n, category: general, points: 1}",
	    "r.yaml:22:12: error: 'code' is empty\n");
	expect_line_errors(22, "  - {code: ' ', name: n, category: general, points: 1}",
	    "r.yaml:22:12: error: 'code' is empty\n");
	expect_line_errors(22, "  - {code: , name: n, category: general, points: 1}",
	    "r.yaml:22:12: error: 'code' has no value\n");
	expect_line_errors(22, "  - {code: \"A\\0B\", name: n, category: general, points: 1}",
	    "r.yaml:22:12: error: 'code' must not contain a NUL character\n");
}

/* Every problem is reported, in the order of the file. */
static void
test_many_errors(void)
{
	static const char yaml[] =
	    "schema: 1\n"
	    "name: ''\n"
	    "effective_from: 2013-13\n"
	    "yuan_per_point: 5\n"
	    "quality_score_base: 100\n"
	    "caps: {wage_ratio: 2, liability_ratio: 0.2, bogus: 1}\n"
	    "liability:\n"
	    "  general: {direct: 0.6, indirect: 0.3}\n"
	    "  serious: {direct: 0.8}\n"
	    "minimum_wage:\n"
	    "  - {region: x, amount: -1, effective_from: 2025-02-30}\n"
	    "codes:\n"
	    "  - {code: A, name: a, category: general, points: 1}\n"
	    "  - {code: A, name: a, category: minor, points: 1.234}\n";

	expect_errors(yaml,
	    "r.yaml:2:7: error: 'name' is empty\n"
	    "r.yaml:3:17: error: 'effective_from' is not a month (YYYY-MM): '2013-13'\n"
	    "r.yaml:6:20: error: 'wage_ratio' is greater than 1\n"
	    "r.yaml:6:45: error: unknown key 'bogus'\n"
	    "r.yaml:8:3: error: missing key 'major'\n"
	    "r.yaml:9:12: error: missing key 'indirect'\n"
	    "r.yaml:11:25: error: 'amount' is negative\n"
	    "r.yaml:11:45: error: 'effective_from' is not a date (YYYY-MM-DD): '2025-02-30'\n"
	    "r.yaml:14:12: error: duplicate code 'A' (first at line 13)\n"
	    "r.yaml:14:34: error: 'category' must be general, serious or major (一般, 严重 or 特大), not 'minor'\n"
	    "r.yaml:14:49: error: 'points' has more than 2 decimals\n");
}

static void
test_yaml_problems(void)
{
	expect_errors("", "r.yaml:1:1: error: the rule table is empty\n");
	expect_errors("# only a comment\n", "r.yaml:1:1: error: the rule table is empty\n");
	expect_errors("just a scalar\n",
	    "r.yaml:1:1: error: the rule table must be a mapping of keys to values\n");
	expect_errors("- a\n- b\n",
	    "r.yaml:1:1: error: the rule table must be a mapping of keys to values\n");
	expect_errors("a: [1, 2\nb: 3\n",
	    "r.yaml:2:2: error: did not find expected ',' or ']' (while parsing a flow sequence at line 1)\n");
	expect_errors("schema: 1\n  name: x\n",
	    "r.yaml:2:7: error: mapping values are not allowed in this context\n");
	expect_errors("name: \"\xB5\xE7\"\n",
	    "r.yaml:1:8: error: invalid leading UTF-8 octet (0xB5)\n");
	expect_errors("schema: 1\n\x01\n",
	    "r.yaml:2:1: error: control characters are not allowed (0x1)\n");
	{
		g_autofree char *out = NULL;
		g_autoptr(PpRules) r = parse_len("a: 1\n\0b: 2\n", 11, &out);
		g_assert_null(r);
		g_assert_cmpstr(out, ==, "r.yaml:2:1: error: control characters are not allowed (0x0)\n");
	}
	/* An alias is refused where it stands; the rest is still checked. */
	{
		g_autofree char *yaml = table_with(8, "  liability_ratio: &r 0.6\nx: *r");
		expect_errors(yaml,
		    "r.yaml:9:1: error: unknown key 'x'\n"
		    "r.yaml:9:4: error: aliases are not supported\n");
	}
	{
		g_autofree char *yaml = table_with(8, "  liability_ratio: *r");
		expect_errors(yaml, "r.yaml:8:20: error: aliases are not supported\n");
	}
	{
		g_autofree char *yaml = table_with(29, "---\nschema: 1");
		expect_errors(yaml, "r.yaml:29:1: error: only one YAML document is allowed\n");
	}
}

/* Returns a malloc'd string of n copies of s. */
static char *
repeat(const char *s, guint n)
{
	GString *g = g_string_new(NULL);

	while (n-- > 0)
		g_string_append(g, s);
	return g_string_free(g, FALSE);
}

/* Hostile input: deep nesting, alias bombs, garbage bytes.  None may crash. */
static void
test_hostile(void)
{
	{
		/* Well formed but 100000 deep, where a code should be (libyaml is
		 * quadratic in the depth: this must be refused early). */
		g_autofree char *open = repeat("[", 100000);
		g_autofree char *close = repeat("]", 100000);
		g_autofree char *line = g_strdup_printf("  - %s%s", open, close);
		g_autofree char *yaml = table_with(29, line);
		expect_errors(yaml, "r.yaml:29:35: error: lists and mappings are nested more than 32 deep\n");
	}
	{
		g_autofree char *open = repeat("{a: ", 20000);
		g_autofree char *out = NULL;
		g_autoptr(PpRules) r = parse(open, &out);
		g_assert_null(r);
		g_assert_cmpstr(out, ==, "r.yaml:1:129: error: lists and mappings are nested more than 32 deep\n");
	}
	{
		/* Not too deep is only the wrong type. */
		g_autofree char *open = repeat("[", 29);
		g_autofree char *close = repeat("]", 29);
		g_autofree char *line = g_strdup_printf("  - %s%s", open, close);
		g_autofree char *yaml = table_with(29, line);
		expect_errors(yaml, "r.yaml:29:5: error: each item of 'codes' must be a mapping\n");
	}
	{
		g_autofree char *dashes = repeat("- ", 50000);
		g_autofree char *out = NULL;
		g_autoptr(PpRules) r = parse(dashes, &out);
		g_assert_null(r);
		g_assert_cmpstr(out, ==, "r.yaml:1:65: error: lists and mappings are nested more than 32 deep\n");
	}
	{
		static const char bomb[] =
		    "a: &a [x, x, x, x, x, x, x, x, x]\n"
		    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		    "codes: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
		g_autofree char *out = NULL;
		g_autoptr(PpRules) r = parse(bomb, &out);
		g_assert_null(r);
		g_assert_nonnull(strstr(out, "\nr.yaml:2:8: error: aliases are not supported\n"));
	}
	{
		/* Many errors: kept up to the limit, the rest counted. */
		g_autofree char *many = repeat("  - 1\n", 500);
		g_autofree char *yaml = table_with(21, "codes:");
		g_autofree char *all = NULL;
		g_autofree char *out = NULL;
		g_autoptr(PpRules) r = NULL;
		char *p = strstr(yaml, "  - {code: A01");
		*p = '\0';
		all = g_strconcat(yaml, many, NULL);
		r = parse(all, &out);
		g_assert_null(r);
		g_assert_true(g_str_has_suffix(out, "payroll-penalty: error: 400 more errors not shown (500 in all)\n"));
	}
	{
		/* Pseudo-random garbage, reproducibly. */
		GRand *rand = g_rand_new_with_seed(20130101);
		for (guint round = 0; round < 300; round++) {
			gsize len = g_rand_int_range(rand, 0, 2000);
			g_autofree char *buf = g_malloc(len + 1);
			g_autofree char *out = NULL;
			g_autoptr(PpRules) r = NULL;
			for (gsize i = 0; i < len; i++)
				buf[i] = (char)g_rand_int_range(rand, 0, 256);
			r = parse_len(buf, len, &out);
			g_assert_null(r);
			g_assert_true(g_str_has_prefix(out, "r.yaml:"));
		}
		/* Garbage made of YAML's own punctuation. */
		for (guint round = 0; round < 300; round++) {
			static const char alphabet[] = "[]{}:,-?&*!|>'\"%@` \n\t#abc01.";
			gsize len = g_rand_int_range(rand, 0, 400);
			g_autofree char *buf = g_malloc(len + 1);
			g_autofree char *out = NULL;
			g_autoptr(PpRules) r = NULL;
			for (gsize i = 0; i < len; i++)
				buf[i] = alphabet[g_rand_int_range(rand, 0, sizeof(alphabet) - 1)];
			r = parse_len(buf, len, &out);
			g_assert_null(r);
			g_assert_true(g_str_has_prefix(out, "r.yaml:"));
		}
		/* Every prefix of a valid table. */
		{
			g_autofree char *yaml = table_with(0, NULL);
			gsize n = strlen(yaml);
			for (gsize len = 0; len < n; len += 7) {
				g_autofree char *out = NULL;
				g_autoptr(PpRules) r = parse_len(yaml, len, &out);
				if (r == NULL)
					g_assert_true(g_str_has_prefix(out, "r.yaml:"));
			}
		}
		g_rand_free(rand);
	}
}

/* The valid table with `extra` codes before its own five. */
static char *
table_with_codes(guint extra)
{
	GString *g = g_string_new("codes:\n");

	for (guint i = 0; i < extra; i++)
		g_string_append_printf(g, "  - {code: X%u, name: x, category: general, points: 1}\n", i);
	g_string_truncate(g, g->len - 1);
	{
		g_autofree char *repl = g_string_free(g, FALSE);
		return table_with(21, repl);
	}
}

/* A record keeps its code in 16 bits: 65535 codes are read, 65536 are an
 * error at the list. */
static void
test_too_many_codes(void)
{
	g_autofree char *ok = table_with_codes(PP_MAX_CODES - 5);
	g_autofree char *bad = table_with_codes(PP_MAX_CODES - 4);
	g_autofree char *out = NULL;
	g_autoptr(PpRules) r = parse(ok, &out);

	g_assert_nonnull(r);
	g_assert_cmpuint(r->codes->len, ==, PP_MAX_CODES);
	expect_errors(bad, "r.yaml:22:3: error: too many codes: 65536 (at most 65535)\n");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/rules/valid", test_valid);
	g_test_add_func("/rules/policy-defaults", test_policy_defaults);
	g_test_add_func("/rules/policy-partial", test_policy_partial);
	g_test_add_func("/rules/minimum-wage", test_minimum_wage);
	g_test_add_func("/rules/hand-built", test_hand_built);
	g_test_add_func("/rules/lookup", test_lookup);
	g_test_add_func("/rules/names", test_names);
	g_test_add_func("/rules/lenient-forms", test_lenient_forms);
	g_test_add_func("/rules/earlier-errors", test_earlier_errors);
	g_test_add_func("/rules/error/unknown-key", test_unknown_key);
	g_test_add_func("/rules/error/missing-key", test_missing_key);
	g_test_add_func("/rules/error/wrong-type", test_wrong_type);
	g_test_add_func("/rules/error/duplicates", test_duplicates);
	g_test_add_func("/rules/error/ratios", test_ratios);
	g_test_add_func("/rules/error/points", test_points);
	g_test_add_func("/rules/error/many", test_many_errors);
	g_test_add_func("/rules/error/yaml", test_yaml_problems);
	g_test_add_func("/rules/error/hostile", test_hostile);
	g_test_add_func("/rules/error/too-many-codes", test_too_many_codes);
	return g_test_run();
}
