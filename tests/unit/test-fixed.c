/* Unit tests: exact decimals, formatting, rounding and dates (common/fixed). */
#include <string.h>

#include "common/fixed.h"

static void
check_parse(const char *s, guint dec, PpNumError want, int64_t want_v)
{
	int64_t v = -777;
	PpNumError e = pp_parse_decimal(s, strlen(s), dec, &v);
	if (e != want)
		g_error("'%s' (%u decimals): error %d, want %d", s, dec, e, want);
	if (want == PP_NUM_OK && v != want_v)
		g_error("'%s': %" G_GINT64_FORMAT ", want %" G_GINT64_FORMAT, s, v, want_v);
}

static void
test_money(void)
{
	check_parse("4500", 2, PP_NUM_OK, 450000);
	check_parse("4500.5", 2, PP_NUM_OK, 450050);
	check_parse("4500.50", 2, PP_NUM_OK, 450050);
	check_parse(" 0.01\t", 2, PP_NUM_OK, 1);
	check_parse("0", 2, PP_NUM_OK, 0);
	check_parse("4500.505", 2, PP_NUM_DECIMALS, 0);
	check_parse("4500.500", 2, PP_NUM_DECIMALS, 0);
	check_parse("4,500", 2, PP_NUM_SYNTAX, 0);
	check_parse("¥4500", 2, PP_NUM_SYNTAX, 0);
	check_parse("$1", 2, PP_NUM_SYNTAX, 0);
	check_parse("-5", 2, PP_NUM_NEGATIVE, 0);
	check_parse("-5.123", 2, PP_NUM_NEGATIVE, 0);
	check_parse("+5", 2, PP_NUM_SYNTAX, 0);
	check_parse("--5", 2, PP_NUM_SYNTAX, 0);
	check_parse("-", 2, PP_NUM_SYNTAX, 0);
	{
		/* a field of a million dashes: no recursion, a syntax error */
		g_autofree char *dashes = g_malloc(1000001);
		int64_t v;
		memset(dashes, '-', 1000000);
		dashes[1000000] = '\0';
		g_assert_cmpint(pp_parse_decimal(dashes, 1000000, 2, &v), ==, PP_NUM_SYNTAX);
	}
	check_parse("5.", 2, PP_NUM_SYNTAX, 0);
	check_parse(".5", 2, PP_NUM_SYNTAX, 0);
	check_parse("1e3", 2, PP_NUM_SYNTAX, 0);
	check_parse("abc", 2, PP_NUM_SYNTAX, 0);
	check_parse("", 2, PP_NUM_EMPTY, 0);
	check_parse("   ", 2, PP_NUM_EMPTY, 0);
	check_parse("1000000000000", 2, PP_NUM_OK, 100000000000000LL);
	check_parse("1000000000001", 2, PP_NUM_RANGE, 0);
	check_parse("99999999999999999999999999", 2, PP_NUM_RANGE, 0);
}

static void
test_points_ratios(void)
{
	check_parse("7.5", 2, PP_NUM_OK, 750);
	check_parse("0.6", 4, PP_NUM_OK, 6000);
	check_parse("0.1234", 4, PP_NUM_OK, 1234);
	check_parse("0.12345", 4, PP_NUM_DECIMALS, 0);
	check_parse("1", 4, PP_NUM_OK, 10000);
	check_parse("12", 0, PP_NUM_OK, 12);
	check_parse("12.0", 0, PP_NUM_DECIMALS, 0);
}

static void
test_format(void)
{
	char b[PP_FIXED_BUFSZ];
	g_assert_cmpstr(pp_format_money(b, 123450), ==, "1234.50");
	g_assert_cmpstr(pp_format_money(b, 0), ==, "0.00");
	g_assert_cmpstr(pp_format_money(b, 5), ==, "0.05");
	g_assert_cmpstr(pp_format_money(b, -5), ==, "-0.05");
	g_assert_cmpstr(pp_format_trim(b, 750, 2), ==, "7.5");
	g_assert_cmpstr(pp_format_trim(b, 1200, 2), ==, "12");
	g_assert_cmpstr(pp_format_trim(b, 0, 2), ==, "0");
	g_assert_cmpstr(pp_format_trim(b, 3000, 6), ==, "0.003");
	g_assert_cmpstr(pp_format_trim(b, 6000, 4), ==, "0.6");
	g_assert_cmpstr(pp_format_trim(b, 10000, 4), ==, "1");
	g_assert_cmpstr(pp_format_trim(b, 2250000, 6), ==, "2.25");
	g_assert_cmpstr(pp_format_trim(b, G_MAXINT64, 6), ==, "9223372036854.775807");
}

static void
test_rounding(void)
{
	/* half up to the fen: 2.5 fen -> 3, 2.4999 -> 2 */
	g_assert_cmpint(pp_div_half_up(25, 10), ==, 3);
	g_assert_cmpint(pp_div_half_up(24, 10), ==, 2);
	g_assert_cmpint(pp_div_half_up(2500000, 1000000), ==, 3);
	g_assert_cmpint(pp_div_half_up(2499999, 1000000), ==, 2);
	/* caps round down: floor(4999.99 yuan x 0.2) = 999.99 (99999.8 fen) */
	g_assert_cmpint(pp_div_floor((__int128)499999 * 2000, 10000), ==, 99999);
	g_assert_cmpint(pp_div_floor(0, 10000), ==, 0);
}

static void
test_dates(void)
{
	int32_t d = 0, m = 0;
	char b[11];

	g_assert_true(pp_parse_date("2026-09-05", 10, &d));
	g_assert_cmpint(d, ==, 20260905);
	g_assert_true(pp_parse_date("2026/9/5", 8, &d));
	g_assert_cmpint(d, ==, 20260905);
	g_assert_true(pp_parse_date(" 2026/10/31 ", 12, &d));
	g_assert_cmpstr(pp_format_date(b, d), ==, "2026-10-31");
	g_assert_true(pp_parse_date("2024-02-29", 10, &d));
	g_assert_false(pp_parse_date("2026-02-29", 10, &d));
	g_assert_false(pp_parse_date("2026-02-30", 10, &d));
	g_assert_false(pp_parse_date("2026-13-01", 10, &d));
	g_assert_false(pp_parse_date("2026-9-5", 8, &d));
	g_assert_false(pp_parse_date("2026/09/05x", 11, &d));
	g_assert_false(pp_parse_date("05.09.2026", 10, &d));
	g_assert_false(pp_parse_date("", 0, &d));
	/* the YYYY-MM-DD fast path says what the general reader says */
	g_assert_cmpint(pp_parse_date_why("2026-02-30", 10, &d), ==, PP_DATE_NO_SUCH_DAY);
	g_assert_cmpint(pp_parse_date_why("2026-00-10", 10, &d), ==, PP_DATE_NO_SUCH_DAY);
	g_assert_cmpint(pp_parse_date_why("0000-01-01", 10, &d), ==, PP_DATE_NO_SUCH_DAY);
	g_assert_cmpint(pp_parse_date_why("20x6-01-01", 10, &d), ==, PP_DATE_FORM);
	g_assert_cmpint(pp_parse_date_why("2026-1a-01", 10, &d), ==, PP_DATE_FORM);
	g_assert_cmpint(pp_parse_date_why("2026-01-0 ", 10, &d), ==, PP_DATE_FORM);
	g_assert_cmpint(pp_parse_date_why("2026-01+01", 10, &d), ==, PP_DATE_FORM);
	g_assert_cmpint(pp_parse_date_why("9999-12-31", 10, &d), ==, PP_DATE_OK);
	g_assert_cmpint(d, ==, 99991231);
	g_assert_true(pp_parse_month("2026-09", 7, &m));
	g_assert_cmpint(m, ==, 202609);
	g_assert_false(pp_parse_month("2026-9", 6, &m));
	g_assert_false(pp_parse_month("2026-13", 7, &m));
	g_assert_cmpint(pp_month_last_day(202602), ==, 20260228);
	g_assert_cmpint(pp_month_last_day(202402), ==, 20240229);
	g_assert_cmpint(pp_month_first_day(202610), ==, 20261001);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/fixed/money", test_money);
	g_test_add_func("/fixed/points-ratios", test_points_ratios);
	g_test_add_func("/fixed/format", test_format);
	g_test_add_func("/fixed/rounding", test_rounding);
	g_test_add_func("/fixed/dates", test_dates);
	return g_test_run();
}
