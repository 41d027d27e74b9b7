#include "fixed.h"

#include <glib/gi18n.h>
#include <string.h>

PpNumError
pp_parse_decimal(const char *s, gsize len, guint max_decimals, int64_t *out)
{
	int64_t ip = 0, fp = 0;
	guint nfrac = 0;
	gsize i = 0;

	pp_trim(&s, &len);
	if (len == 0)
		return PP_NUM_EMPTY;
	if (s[0] == '-') {
		/* A negative that is otherwise well formed says so (one level
		 * only: "--5" is a syntax error, however many dashes follow). */
		int64_t dummy;
		PpNumError e;
		if (len < 2 || s[1] < '0' || s[1] > '9')
			return PP_NUM_SYNTAX;
		e = pp_parse_decimal(s + 1, len - 1, max_decimals, &dummy);
		return e == PP_NUM_OK || e == PP_NUM_DECIMALS || e == PP_NUM_RANGE ?
		    PP_NUM_NEGATIVE : PP_NUM_SYNTAX;
	}
	if (s[0] < '0' || s[0] > '9')
		return PP_NUM_SYNTAX;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (ip > PP_DECIMAL_MAX_INT)
			continue; /* keep scanning for syntax; range reported below */
		ip = ip * 10 + (s[i] - '0');
	}
	if (i < len) {
		if (s[i] != '.' || i + 1 == len)
			return PP_NUM_SYNTAX;
		for (i++; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return PP_NUM_SYNTAX;
			if (nfrac < 18)
				fp = fp * 10 + (s[i] - '0');
			nfrac++;
		}
		if (nfrac > max_decimals) {
			/* Trailing zeros beyond the limit still mean more decimals. */
			return PP_NUM_DECIMALS;
		}
	}
	if (ip > PP_DECIMAL_MAX_INT)
		return PP_NUM_RANGE;
	for (guint k = nfrac; k < max_decimals; k++)
		fp *= 10;
	{
		int64_t scale = 1;
		for (guint k = 0; k < max_decimals; k++)
			scale *= 10;
		*out = ip * scale + fp;
	}
	return PP_NUM_OK;
}

const char *
pp_num_error_str(PpNumError err)
{
	switch (err) {
	case PP_NUM_OK:
		return "ok";
	case PP_NUM_EMPTY:
		return _("is empty");
	case PP_NUM_SYNTAX:
		return _("is not a plain decimal number");
	case PP_NUM_DECIMALS:
		return _("has too many decimals");
	case PP_NUM_NEGATIVE:
		return _("is negative");
	case PP_NUM_RANGE:
		return _("is too large");
	}
	return "?";
}

/* "00" to "99": two digits per division. */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

char *
pp_uint_before(char *end, guint64 v)
{
	char *p = end;

	while (v >= 100) {
		guint k = (guint)(v % 100) * 2;
		v /= 100;
		*--p = digit_pairs[k + 1];
		*--p = digit_pairs[k];
	}
	if (v >= 10) {
		*--p = digit_pairs[v * 2 + 1];
		*--p = digit_pairs[v * 2];
	} else
		*--p = (char)('0' + v);
	return p;
}

char *
pp_fixed_before(char *end, int64_t v, guint decimals, gboolean trim)
{
	char *p = end;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	gboolean any = !trim;	/* a digit written: the zeros before it stay */

	for (guint k = 0; k < decimals; k++) {
		guint d = (guint)(u % 10);
		u /= 10;
		if (d != 0 || any) {
			*--p = (char)('0' + d);
			any = TRUE;
		}
	}
	if (any && decimals > 0)
		*--p = '.';
	p = pp_uint_before(p, u);
	if (v < 0)
		*--p = '-';
	return p;
}

/* Copies the text of [p, end) to buf with its NUL; returns buf. */
static char *
copy_out(char *buf, const char *p, const char *end)
{
	memcpy(buf, p, (gsize)(end - p));
	buf[end - p] = '\0';
	return buf;
}

char *
pp_format_fixed(char *buf, int64_t v, guint decimals)
{
	char tmp[PP_FIXED_BUFSZ];
	char *end = tmp + sizeof tmp;

	return copy_out(buf, pp_fixed_before(end, v, decimals, FALSE), end);
}

char *
pp_format_trim(char *buf, int64_t v, guint decimals)
{
	char tmp[PP_FIXED_BUFSZ];
	char *end = tmp + sizeof tmp;

	return copy_out(buf, pp_fixed_before(end, v, decimals, TRUE), end);
}

int
pp_days_in_month(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

gboolean
pp_date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= pp_days_in_month(y, m);
}

/* Reads 1..maxd digits at s[*i]; returns the value or -1. */
static int
read_digits(const char *s, gsize len, gsize *i, int mind, int maxd)
{
	int v = 0, n = 0;
	while (*i < len && s[*i] >= '0' && s[*i] <= '9' && n < maxd) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	return n >= mind ? v : -1;
}

gboolean
pp_parse_date(const char *s, gsize len, int32_t *out)
{
	return pp_parse_date_why(s, len, out) == PP_DATE_OK;
}

PpDateError
pp_parse_date_why(const char *s, gsize len, int32_t *out)
{
	gsize i = 0;
	int y, m, d;
	char sep;

	pp_trim(&s, &len);
	if (len == 10 && s[4] == '-' && s[7] == '-') {
		/* the usual YYYY-MM-DD, without the general reader's loops */
		static const guint8 at[8] = { 0, 1, 2, 3, 5, 6, 8, 9 };
		int dg[8];
		for (guint k = 0; k < 8; k++) {
			dg[k] = (guchar)s[at[k]] - '0';
			if (dg[k] < 0 || dg[k] > 9)
				return PP_DATE_FORM;
		}
		y = dg[0] * 1000 + dg[1] * 100 + dg[2] * 10 + dg[3];
		m = dg[4] * 10 + dg[5];
		d = dg[6] * 10 + dg[7];
		if (!pp_date_valid(y, m, d))
			return PP_DATE_NO_SUCH_DAY;
		*out = y * 10000 + m * 100 + d;
		return PP_DATE_OK;
	}
	if ((y = read_digits(s, len, &i, 4, 4)) < 0 || i >= len)
		return PP_DATE_FORM;
	sep = s[i++];
	if (sep == '-') {
		gsize st = i;
		if ((m = read_digits(s, len, &i, 2, 2)) < 0 || i - st != 2)
			return PP_DATE_FORM;
		if (i >= len || s[i++] != '-')
			return PP_DATE_FORM;
		st = i;
		if ((d = read_digits(s, len, &i, 2, 2)) < 0 || i - st != 2)
			return PP_DATE_FORM;
	} else if (sep == '/') {
		if ((m = read_digits(s, len, &i, 1, 2)) < 0)
			return PP_DATE_FORM;
		if (i >= len || s[i++] != '/')
			return PP_DATE_FORM;
		if ((d = read_digits(s, len, &i, 1, 2)) < 0)
			return PP_DATE_FORM;
	} else
		return PP_DATE_FORM;
	if (i != len)
		return PP_DATE_FORM;
	if (!pp_date_valid(y, m, d))
		return PP_DATE_NO_SUCH_DAY;
	*out = y * 10000 + m * 100 + d;
	return PP_DATE_OK;
}

gboolean
pp_parse_month(const char *s, gsize len, int32_t *out)
{
	gsize i = 0;
	int y, m;

	pp_trim(&s, &len);
	if ((y = read_digits(s, len, &i, 4, 4)) < 0 || i >= len || s[i++] != '-')
		return FALSE;
	{
		gsize st = i;
		if ((m = read_digits(s, len, &i, 2, 2)) < 0 || i - st != 2)
			return FALSE;
	}
	if (i != len || y < 1 || m < 1 || m > 12)
		return FALSE;
	*out = y * 100 + m;
	return TRUE;
}

char *
pp_format_date(char *buf, int32_t date)
{
	int y = date / 10000, m = date / 100 % 100, d = date % 100;

	buf[0] = (char)('0' + y / 1000 % 10);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return buf;
}

char *
pp_format_month(char *buf, int32_t month)
{
	g_snprintf(buf, 8, "%04d-%02d", month / 100, month % 100);
	return buf;
}

int32_t
pp_month_first_day(int32_t month)
{
	return month * 100 + 1;
}

int32_t
pp_month_last_day(int32_t month)
{
	return month * 100 + pp_days_in_month(month / 100, month % 100);
}
