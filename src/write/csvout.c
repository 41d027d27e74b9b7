#define _GNU_SOURCE /* O_DIRECT */

#include "csvout.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common/fixed.h"

/*
 * The buffer is a multiple of the page size and page-aligned, so that it
 * can be written with O_DIRECT: the outputs are written once and not read
 * back by this process, and going around the page cache costs the kernel
 * a fraction of a buffered write's CPU time (bench/README.md: 2.5 GB took
 * 4.5 s of system time buffered, 0.14 s direct, on ext4).  The file is
 * synced before the folder is renamed either way.
 */
#define OUT_BUF PP_CSV_OUT_BUF
#define OUT_ALIGN 4096u

/* Leaves O_DIRECT: for the last, partial block, or when the file system
 * turns an aligned write down. */
static void
leave_direct(PpCsvOut *o)
{
#ifdef O_DIRECT
	int fl = fcntl(o->fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(o->fd, F_SETFL, fl & ~O_DIRECT);
#endif
	o->direct = FALSE;
}

/* Writes buf[0..n) at the file's offset; remembers the first error. */
static void
write_all(PpCsvOut *o, const char *buf, gsize n)
{
	gsize off = 0;

	while (off < n && o->err == 0) {
		gssize k;
		if (o->direct && (n - off) % OUT_ALIGN != 0)
			leave_direct(o);
		k = write(o->fd, buf + off, n - off);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EINVAL && o->direct) {
				leave_direct(o);
				continue;
			}
			o->err = errno;
			break;
		}
		off += (gsize)k;
		/* a short direct write leaves the offset unaligned */
		if (o->direct && (gsize)k % OUT_ALIGN != 0)
			leave_direct(o);
	}
}

/* Hashes buf[0..len) and writes it to the file. */
static void
hash_and_write(PpCsvOut *o, const char *buf, gsize len)
{
	pp_sha256_update(o->hash, buf, len);
	write_all(o, buf, len);
}

/* An output's writing thread: writes each buffer once hashed, in turn,
 * until no more will come. */
static gpointer
writer_thread(gpointer data)
{
	PpCsvOut *o = data;
	guint64 *mine = &o->passed[PP_CSV_WRITTEN];
	const guint64 *before = &o->passed[PP_CSV_HASHED];

	g_mutex_lock(&o->lock);
	for (;;) {
		guint k;
		while (*mine == *before && !(o->done && *mine == o->passed[PP_CSV_FILLED]))
			g_cond_wait(&o->cond, &o->lock);
		if (*mine == *before)
			break;
		k = (guint)(*mine % PP_CSV_OUT_NBUF);
		g_mutex_unlock(&o->lock);
		write_all(o, o->bufs[k], o->lens[k]);
		g_mutex_lock(&o->lock);
		(*mine)++;
		g_cond_broadcast(&o->cond);
	}
	g_mutex_unlock(&o->lock);
	return NULL;
}

struct PpCsvHasher {
	GMutex lock;
	GCond cond;		/* an output has a buffer to hash, or stop */
	GPtrArray *outs;	/* the outputs hashed (borrowed), in the order given */
	gboolean stop;
	GThread *thread;
};

/* Returns whether o has a buffer filled and not hashed yet (its lock held). */
static gboolean
waiting(const PpCsvOut *o)
{
	return o->passed[PP_CSV_HASHED] < o->passed[PP_CSV_FILLED];
}

/* Marks o's next buffer hashed, for its writing thread. */
static void
hashed(PpCsvOut *o)
{
	g_mutex_lock(&o->lock);
	o->passed[PP_CSV_HASHED]++;
	g_cond_broadcast(&o->cond);
	g_mutex_unlock(&o->lock);
}

/*
 * The hasher's thread: hashes each output's buffers in turn as they are
 * filled, until stopped.  Two outputs with a buffer waiting are hashed
 * side by side.  One alone waits for a partner while another output is
 * being filled, up to PARTNER_WAIT buffers (its filler then still has
 * buffers to fill: waiting costs no CPU, and the outputs are filled at
 * about the same pace, a buffer every few milliseconds); an output that
 * is done, or without a partner, is hashed at once.
 */
#define PARTNER_WAIT 2
G_STATIC_ASSERT(PARTNER_WAIT < PP_CSV_OUT_NBUF);

static gpointer
hasher_thread(gpointer data)
{
	PpCsvHasher *hs = data;

	g_mutex_lock(&hs->lock);
	for (;;) {
		PpCsvOut *two[2];
		const char *buf[2];
		gsize len[2];
		guint n = 0;
		gboolean alone = FALSE, partner = FALSE;

		for (guint i = 0; i < hs->outs->len; i++) {
			PpCsvOut *o = g_ptr_array_index(hs->outs, i);

			g_mutex_lock(&o->lock);
			if (waiting(o) && n < 2) {
				guint k = (guint)(o->passed[PP_CSV_HASHED] % PP_CSV_OUT_NBUF);
				two[n] = o;
				buf[n] = o->bufs[k];
				len[n++] = o->lens[k];
				alone |= o->done ||
				    o->passed[PP_CSV_FILLED] - o->passed[PP_CSV_HASHED] >= PARTNER_WAIT;
			} else if (!o->done)
				partner = TRUE;
			g_mutex_unlock(&o->lock);
		}
		if (n == 0 || (n == 1 && partner && !alone)) {
			if (hs->stop)
				break;
			g_cond_wait(&hs->cond, &hs->lock);
			continue;
		}
		g_mutex_unlock(&hs->lock);
		if (n == 2)
			pp_sha256_update2(two[0]->hash, buf[0], len[0], two[1]->hash, buf[1], len[1]);
		else
			pp_sha256_update(two[0]->hash, buf[0], len[0]);
		for (guint i = 0; i < n; i++)
			hashed(two[i]);
		g_mutex_lock(&hs->lock);
	}
	g_mutex_unlock(&hs->lock);
	return NULL;
}

/* Has hs look at its outputs again (a buffer filled, an output done). */
static void
wake(PpCsvHasher *hs)
{
	g_mutex_lock(&hs->lock);
	g_cond_broadcast(&hs->cond);
	g_mutex_unlock(&hs->lock);
}

PpCsvHasher *
pp_csv_hasher_new(void)
{
	PpCsvHasher *hs = g_new0(PpCsvHasher, 1);

	g_mutex_init(&hs->lock);
	g_cond_init(&hs->cond);
	hs->outs = g_ptr_array_new();
	hs->thread = g_thread_new("csv-hash", hasher_thread, hs);
	return hs;
}

void
pp_csv_hasher_free(PpCsvHasher *hs)
{
	if (hs == NULL)
		return;
	g_mutex_lock(&hs->lock);
	g_assert(hs->outs->len == 0);
	hs->stop = TRUE;
	g_mutex_unlock(&hs->lock);
	wake(hs);
	g_thread_join(hs->thread);
	g_ptr_array_unref(hs->outs);
	g_mutex_clear(&hs->lock);
	g_cond_clear(&hs->cond);
	g_free(hs);
}

/* Starts o's writing thread and gives o to its hasher. */
static void
start(PpCsvOut *o)
{
	o->writer = g_thread_new("csv-write", writer_thread, o);
	g_mutex_lock(&o->hasher->lock);
	g_ptr_array_add(o->hasher->outs, o);
	g_mutex_unlock(&o->hasher->lock);
}

/* Hashes and writes the buffer out: here, or (async) by handing it to the
 * hasher and the writing thread and going on in the next buffer, once
 * that one is written. */
static void
flush(PpCsvOut *o)
{
	o->bytes += o->len;
	if (o->hasher == NULL) {
		hash_and_write(o, o->buf, o->len);
		o->len = 0;
		return;
	}
	if (o->writer == NULL)
		start(o);
	g_mutex_lock(&o->lock);
	o->lens[o->passed[PP_CSV_FILLED] % PP_CSV_OUT_NBUF] = o->len;
	o->passed[PP_CSV_FILLED]++;
	g_cond_broadcast(&o->cond);
	g_mutex_unlock(&o->lock);
	wake(o->hasher);	/* (after o's lock: the hasher takes its own, then o's) */
	g_mutex_lock(&o->lock);
	/* the next buffer is free once written */
	while (o->passed[PP_CSV_FILLED] - o->passed[PP_CSV_WRITTEN] >= PP_CSV_OUT_NBUF)
		g_cond_wait(&o->cond, &o->lock);
	g_mutex_unlock(&o->lock);
	o->buf = o->bufs[o->passed[PP_CSV_FILLED] % PP_CSV_OUT_NBUF];
	o->len = 0;
}

void
pp_csv_out_put(PpCsvOut *o, const char *s, gsize n)
{
	while (n > 0) {
		gsize room = OUT_BUF - o->len, k = MIN(room, n);
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
		if (o->len == OUT_BUF)
			flush(o);
	}
}

#define put pp_csv_out_put

static inline void
putc_(PpCsvOut *o, char ch)
{
	if (o->len == OUT_BUF)
		flush(o);
	o->buf[o->len++] = ch;
}

gboolean
pp_csv_out_open(PpCsvOut *o, int dirfd, const char *name, gboolean bom, PpCsvHasher *hasher)
{
	int flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;

	memset(o, 0, sizeof *o);
#ifdef O_DIRECT
	o->fd = openat(dirfd, name, flags | O_DIRECT, 0644);
	o->direct = o->fd >= 0;
	/* file systems without O_DIRECT refuse it with EINVAL */
	if (o->fd < 0 && errno == EINVAL)
#endif
		o->fd = openat(dirfd, name, flags, 0644);
	if (o->fd < 0)
		return FALSE;
	/* (pages never touched cost nothing: a small file uses one) */
	for (guint k = 0; k < PP_CSV_OUT_NBUF; k++)
		o->bufs[k] = g_aligned_alloc(1, OUT_BUF, OUT_ALIGN);
	o->buf = o->bufs[0];
	o->hasher = hasher;
	g_mutex_init(&o->lock);
	g_cond_init(&o->cond);
	o->hash = pp_sha256_new();
	if (bom)
		put(o, "\xEF\xBB\xBF", 3);
	return TRUE;
}

static void
sep(PpCsvOut *o)
{
	if (o->row_started)
		putc_(o, ',');
	o->row_started = TRUE;
}

void
pp_csv_out_plain(PpCsvOut *o, const char *s)
{
	sep(o);
	put(o, s, strlen(s));
}

#if defined(__SSE2__)
/*
 * Returns the length of s up to its NUL or the first byte that needs
 * quotes, sixteen bytes at a time.  The loads are aligned, so that none
 * crosses into a page the string does not reach; the bytes of the first
 * block before s, and of the last after the NUL, are read but not used
 * (AddressSanitizer would take them for an overflow: not instrumented).
 */
__attribute__((no_sanitize_address)) static gsize
plain_len(const char *s)
{
	const char *p = (const char *)((guintptr)s & ~(guintptr)15);
	const __m128i nul = _mm_setzero_si128(), comma = _mm_set1_epi8(',');
	const __m128i quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n');
	const __m128i cr = _mm_set1_epi8('\r');
	unsigned mask;

	for (guint first = 1;; first = 0, p += 16) {
		__m128i v = _mm_load_si128((const __m128i *)(const void *)p);
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, nul), _mm_cmpeq_epi8(v, comma)),
		    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, lf)),
			_mm_cmpeq_epi8(v, cr)));
		mask = (unsigned)_mm_movemask_epi8(hit);
		if (first)
			mask &= ~0u << (s - p);	/* the bytes before s */
		if (mask != 0)
			return (gsize)(p + __builtin_ctz(mask) - s);
	}
}
#else
/* The bytes that end the scan of a field: NUL, and those needing quotes. */
static const guint8 stop[256] = {
	['\0'] = 1, [','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1,
};

/* Returns the length of s up to its NUL or the first byte that needs quotes. */
static inline gsize
plain_len(const char *s)
{
	const char *p = s;
	while (!stop[(guchar)*p])
		p++;
	return (gsize)(p - s);
}
#endif

gsize
pp_csv_out_text(PpCsvOut *o, const char *s)
{
	gsize n = plain_len(s);

	/* most fields need no quotes: one scan, one copy */
	if (s[n] == '\0')
		pp_csv_out_raw(o, s, n);
	else {
		g_autoptr(GString) q = g_string_new(NULL);
		pp_csv_quote_to(q, s);
		pp_csv_out_raw(o, q->str, q->len);
		n = strlen(s);
	}
	return n;
}

void
pp_csv_out_field(PpCsvOut *o, const char *s)
{
	sep(o);
	pp_csv_out_text(o, s);
}

void
pp_csv_quote_to(GString *g, const char *s)
{
	gsize n = plain_len(s);

	if (s[n] == '\0') {
		g_string_append_len(g, s, (gssize)n);
		return;
	}
	g_string_append_c(g, '"');
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			g_string_append_c(g, '"');
		g_string_append_c(g, *p);
	}
	g_string_append_c(g, '"');
}

void
pp_csv_out_date(PpCsvOut *o, int32_t d)
{
	char b[PP_FIXED_BUFSZ];
	pp_csv_out_raw(o, pp_format_date(b, d), 10);	/* always YYYY-MM-DD */
}

void
pp_csv_out_uint_raw(PpCsvOut *o, guint64 v)
{
	char b[PP_FIXED_BUFSZ];
	char *p = pp_uint_before(b + sizeof b, v);

	pp_csv_out_raw(o, p, (gsize)(b + sizeof b - p));
}

/* Adds v with `decimals` decimals (trim: without trailing zeros),
 * written straight from its digits (a payroll row has twelve amounts). */
static void
fixed_raw(PpCsvOut *o, int64_t v, guint decimals, gboolean trim)
{
	char b[PP_FIXED_BUFSZ];
	char *p = pp_fixed_before(b + sizeof b, v, decimals, trim);

	pp_csv_out_raw(o, p, (gsize)(b + sizeof b - p));
}

void
pp_csv_out_trim_raw(PpCsvOut *o, int64_t v, guint decimals)
{
	fixed_raw(o, v, decimals, TRUE);
}

/* The same as a field. */
static void
out_fixed(PpCsvOut *o, int64_t v, guint decimals, gboolean trim)
{
	sep(o);
	fixed_raw(o, v, decimals, trim);
}

void
pp_csv_out_money(PpCsvOut *o, int64_t fen)
{
	out_fixed(o, fen, 2, FALSE);
}

void
pp_csv_out_trim(PpCsvOut *o, int64_t v, guint decimals)
{
	out_fixed(o, v, decimals, TRUE);
}

void
pp_csv_out_end(PpCsvOut *o, gboolean header)
{
	putc_(o, '\n');
	o->row_started = FALSE;
	if (!header)
		o->rows++;
}

void
pp_csv_out_header(PpCsvOut *o, const char *names)
{
	put(o, names, strlen(names));
	pp_csv_out_end(o, TRUE);
}

gboolean
pp_csv_out_close(PpCsvOut *o)
{
	if (o->fd < 0)
		return FALSE;
	if (o->writer == NULL)
		o->hasher = NULL;	/* a small file: no threads for its one buffer */
	flush(o);
	if (o->writer != NULL) {
		g_mutex_lock(&o->lock);
		o->done = TRUE;
		g_cond_broadcast(&o->cond);
		g_mutex_unlock(&o->lock);
		wake(o->hasher);	/* o's last buffers wait for no partner now */
		/* the writing thread ends after the last buffer is hashed and written */
		g_thread_join(o->writer);
		o->writer = NULL;
		g_mutex_lock(&o->hasher->lock);
		g_ptr_array_remove(o->hasher->outs, o);
		g_mutex_unlock(&o->hasher->lock);
	}
	g_mutex_clear(&o->lock);
	g_cond_clear(&o->cond);
	pp_sha256_hex(o->hash, o->sha256);
	if (o->err == 0 && fsync(o->fd) != 0)
		o->err = errno;
	if (close(o->fd) != 0 && o->err == 0)
		o->err = errno;
	o->fd = -1;
	for (guint k = 0; k < PP_CSV_OUT_NBUF; k++)
		g_aligned_free(o->bufs[k]);
	o->buf = NULL;
	pp_sha256_free(o->hash);
	o->hash = NULL;
	return o->err == 0;
}
