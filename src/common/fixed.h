/*
 * Exact fixed-point numbers and calendar dates.
 *
 * Money is int64_t fen (1/100 yuan).  Points are int64_t centipoints
 * (1/100 point, PP_POINTS_SCALE).  Ratios are int64_t in 1/10000
 * (PP_RATIO_SCALE).  Points times a ratio are micropoints (1/1000000).
 * Dates are int32_t yyyymmdd (ordering is date ordering); months are
 * int32_t yyyymm.  Nothing here allocates except the formatters that
 * say so; nothing uses floating point.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#define PP_MONEY_SCALE  100
#define PP_POINTS_SCALE 100
#define PP_RATIO_SCALE  10000
#define PP_MICRO_SCALE  1000000

/* Why a decimal did not parse. */
typedef enum {
	PP_NUM_OK = 0,
	PP_NUM_EMPTY,		/* nothing but spaces */
	PP_NUM_SYNTAX,		/* not digits[.digits] (signs, separators, letters) */
	PP_NUM_DECIMALS,	/* more fractional digits than allowed */
	PP_NUM_NEGATIVE,	/* a leading '-' */
	PP_NUM_RANGE,		/* larger than PP_DECIMAL_MAX */
} PpNumError;

/* The largest integer part accepted: 10^12 (a trillion yuan or points). */
#define PP_DECIMAL_MAX_INT 1000000000000LL

/*
 * Parses the non-negative decimal s[0..len) (ASCII spaces and tabs around it
 * are ignored) with at most max_decimals fractional digits, into an integer
 * scaled by 10^max_decimals.  Returns PP_NUM_OK and sets *out, or the reason
 * it failed (and leaves *out alone).  "4500", "4500.5" and "4500.50" are
 * accepted; "+1", "1,000", "¥5", "1.", ".5", "1e3" and "-1" are not.
 */
PpNumError pp_parse_decimal(const char *s, gsize len, guint max_decimals, int64_t *out);

/* A sentence fragment for err ("has more than 2 decimals" needs the count). */
const char *pp_num_error_str(PpNumError err);

/*
 * Formats the scaled value v (scale 10^decimals, v >= 0 or < 0) into buf
 * with exactly `decimals` fractional digits ("1234.50" for 123450, 2).
 * Returns buf.  buf must hold PP_FIXED_BUFSZ bytes.
 */
#define PP_FIXED_BUFSZ 32
char *pp_format_fixed(char *buf, int64_t v, guint decimals);

/*
 * Formats v like pp_format_fixed, then strips trailing fractional zeros and
 * a bare point ("7.5", "12", "0.003").  Returns buf.
 */
char *pp_format_trim(char *buf, int64_t v, guint decimals);

/* money: "1234.50" */
static inline char *pp_format_money(char *buf, int64_t fen) { return pp_format_fixed(buf, fen, 2); }

/*
 * The same texts written backwards so that they end at `end` (no NUL):
 * what the writers copy straight into a row.  pp_fixed_before() writes
 * pp_format_fixed()'s text, or with trim pp_format_trim()'s;
 * pp_uint_before() writes v's decimal digits.  Both return where the
 * text begins; it takes at most PP_FIXED_BUFSZ - 1 bytes before end.
 */
char *pp_fixed_before(char *end, int64_t v, guint decimals, gboolean trim);
char *pp_uint_before(char *end, guint64 v);

/* Returns n / d rounded half up, for n >= 0 and d > 0. */
static inline int64_t pp_div_half_up(__int128 n, int64_t d) { return (int64_t)((n + d / 2) / d); }

/* Returns floor(n / d) for n >= 0 and d > 0. */
static inline int64_t pp_div_floor(__int128 n, int64_t d) { return (int64_t)(n / d); }

/* Returns TRUE when y-m-d is a real calendar day (1..9999). */
gboolean pp_date_valid(int y, int m, int d);

/* Days in month m of year y. */
int pp_days_in_month(int y, int m);

/*
 * Parses s[0..len) (spaces around ignored) as YYYY-MM-DD or YYYY/M/D (one or
 * two digit month and day) into *out as yyyymmdd.  Returns FALSE for any
 * other form or for a day that does not exist (2026-02-30).
 */
gboolean pp_parse_date(const char *s, gsize len, int32_t *out);

/* Like pp_parse_date, saying why not: the form, or a day that does not exist. */
typedef enum { PP_DATE_OK = 0, PP_DATE_FORM, PP_DATE_NO_SUCH_DAY } PpDateError;
PpDateError pp_parse_date_why(const char *s, gsize len, int32_t *out);

/* Parses "YYYY-MM" into *out as yyyymm; returns FALSE otherwise. */
gboolean pp_parse_month(const char *s, gsize len, int32_t *out);

/* Writes yyyymmdd as "YYYY-MM-DD" into buf (11 bytes); returns buf. */
char *pp_format_date(char *buf, int32_t date);

/* Writes yyyymm as "YYYY-MM" into buf (8 bytes); returns buf. */
char *pp_format_month(char *buf, int32_t month);

/* First and last day (yyyymmdd) of month yyyymm. */
int32_t pp_month_first_day(int32_t month);
int32_t pp_month_last_day(int32_t month);

/* Trims ASCII spaces and tabs: adjusts *s and *len in place.  (Inline:
 * five fields of each of ten million rows go through it.) */
static inline void
pp_trim(const char **s, gsize *len)
{
	const char *p = *s;
	gsize n = *len;

	while (n > 0 && (p[0] == ' ' || p[0] == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	*s = p;
	*len = n;
}
