/*
 * Copying the short pieces a CSV row is made of (fields, IDs, dates)
 * without a call to memcpy: up to 32 bytes with two loads and two stores
 * that overlap, never outside src[0..n) and dst[0..n).  With n == 0,
 * src and dst may be NULL.
 */
#pragma once

#include <glib.h>
#include <string.h>

static inline void
pp_copy_short(char *dst, const char *src, gsize n)
{
	if (n >= 16 && n <= 32) {
		memcpy(dst, src, 16);
		memcpy(dst + n - 16, src + n - 16, 16);
	} else if (n >= 8 && n < 16) {
		memcpy(dst, src, 8);
		memcpy(dst + n - 8, src + n - 8, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(dst, src, 4);
		memcpy(dst + n - 4, src + n - 4, 4);
	} else if (n > 0 && n < 4) {
		dst[0] = src[0];
		dst[n / 2] = src[n / 2];
		dst[n - 1] = src[n - 1];
	} else if (n > 32)
		memcpy(dst, src, n);
	/* n == 0: nothing, and src may be NULL */
}
