/* Unit tests: the output CSV writer (write/csvout): quoting, rows and
 * bytes counted, the SHA-256 of exactly the bytes in the file, and files
 * of every size around the buffer (PP_CSV_OUT_BUF), the ring of buffers
 * and the direct-I/O block (4096 bytes), whose last partial block is
 * written without O_DIRECT, hashed and written on the caller's thread or
 * (async) by a hasher, which several outputs may share, and a writing
 * thread of their own. */
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/fixed.h"
#include "common/sha256.h"
#include "write/csvout.h"

/* Returns a new temporary folder's fd; its path in *path. */
static int
tmp_dir(char **path)
{
	g_autoptr(GError) error = NULL;
	int fd;

	*path = g_dir_make_tmp("test-csvout-XXXXXX", &error);
	g_assert_no_error(error);
	fd = open(*path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	g_assert_cmpint(fd, >=, 0);
	return fd;
}

static void
remove_dir(char *path, int fd, const char *name)
{
	g_assert_cmpint(unlinkat(fd, name, 0), ==, 0);
	close(fd);
	g_assert_cmpint(rmdir(path), ==, 0);
	g_free(path);
}

static void
test_quoting(void)
{
	g_autofree char *path = NULL, *file = NULL, *got = NULL;
	int dfd = tmp_dir(&path);
	PpCsvOut o;
	gsize len;

	g_assert_true(pp_csv_out_open(&o, dfd, "q.csv", TRUE, NULL));
	pp_csv_out_header(&o, "a,b,c,d,e,f");
	pp_csv_out_field(&o, "plain");
	pp_csv_out_field(&o, "a,b");
	pp_csv_out_field(&o, "say \"hi\"");
	pp_csv_out_field(&o, "two\nlines");
	pp_csv_out_field(&o, "");
	pp_csv_out_money(&o, -123405);
	pp_csv_out_end(&o, FALSE);
	pp_csv_out_trim(&o, 750, 2);
	pp_csv_out_trim(&o, 3, 6);
	pp_csv_out_raw(&o, ",", 1);
	pp_csv_out_uint_raw(&o, 0);
	pp_csv_out_raw(&o, ",", 1);
	pp_csv_out_uint_raw(&o, 18446744073709551615u);
	pp_csv_out_plain(&o, "yes");
	pp_csv_out_field(&o, "\r");
	pp_csv_out_end(&o, FALSE);
	g_assert_true(pp_csv_out_close(&o));
	g_assert_cmpuint(o.rows, ==, 2);

	file = g_build_filename(path, "q.csv", NULL);
	g_assert_true(g_file_get_contents(file, &got, &len, NULL));
	g_assert_cmpstr(got, ==, "\xEF\xBB\xBF" "a,b,c,d,e,f\n"
	    "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,-1234.05\n"
	    "7.5,0.000003,0,18446744073709551615,yes,\"\r\"\n");
	g_assert_cmpuint(o.bytes, ==, len);
	remove_dir(g_steal_pointer(&path), dfd, "q.csv");
}

/* Amounts written by pp_csv_out_money() read as pp_format_money() writes
 * them, at the edges of int64_t too; pp_csv_out_trim() as pp_format_trim()
 * with 0 to 6 decimals. */
static void
test_money(void)
{
	static const int64_t v[] = { 0, 5, -5, 10, 99, 100, -100, 123405, -123405, 100000000,
		750, 3, 1200000, -60, G_MAXINT64, G_MININT64, G_MININT64 + 1 };
	g_autofree char *path = NULL, *file = NULL, *got = NULL;
	g_autoptr(GString) want = g_string_new(NULL);
	int dfd = tmp_dir(&path);
	PpCsvOut o;
	gsize len;

	g_assert_true(pp_csv_out_open(&o, dfd, "m.csv", FALSE, NULL));
	for (guint i = 0; i < G_N_ELEMENTS(v); i++) {
		char b[PP_FIXED_BUFSZ];
		pp_csv_out_money(&o, v[i]);
		pp_csv_out_end(&o, FALSE);
		g_string_append_printf(want, "%s\n", pp_format_money(b, v[i]));
	}
	/* and without trailing zeros (points, ratios), as pp_format_trim */
	for (guint i = 0; i < G_N_ELEMENTS(v); i++)
		for (guint d = 0; d <= 6; d++) {
			char b[PP_FIXED_BUFSZ];
			pp_csv_out_trim(&o, v[i], d);
			pp_csv_out_end(&o, FALSE);
			g_string_append_printf(want, "%s\n", pp_format_trim(b, v[i], d));
		}
	g_assert_true(pp_csv_out_close(&o));
	file = g_build_filename(path, "m.csv", NULL);
	g_assert_true(g_file_get_contents(file, &got, &len, NULL));
	g_assert_cmpstr(got, ==, want->str);
	g_assert_true(g_str_has_prefix(got, "0.00\n0.05\n-0.05\n0.10\n0.99\n1.00\n-1.00\n1234.05\n"
	    "-1234.05\n1000000.00\n7.50\n0.03\n12000.00\n-0.60\n92233720368547758.07\n"
	    "-92233720368547758.08\n"));
	remove_dir(g_steal_pointer(&path), dfd, "m.csv");
}

/* Unsigned numbers (line numbers) as printf writes them: every value to
 * 1000 and each power of ten, one off either side, to the top. */
static void
test_numbers(void)
{
	g_autofree char *path = NULL, *file = NULL, *got = NULL;
	g_autoptr(GString) want = g_string_new(NULL);
	g_autoptr(GArray) v = g_array_new(FALSE, FALSE, sizeof(guint64));
	int dfd = tmp_dir(&path);
	PpCsvOut o;

	for (guint64 k = 0; k <= 1000; k++)
		g_array_append_val(v, k);
	for (guint64 p = 10000; p <= G_GUINT64_CONSTANT(10000000000000000000); p *= 10) {
		guint64 w[] = { p - 1, p, p + 1 };
		g_array_append_vals(v, w, 3);
		if (p > G_MAXUINT64 / 10)
			break;
	}
	{
		guint64 top = G_MAXUINT64;
		g_array_append_val(v, top);
	}
	g_assert_true(pp_csv_out_open(&o, dfd, "n.csv", FALSE, NULL));
	for (guint i = 0; i < v->len; i++) {
		pp_csv_out_uint_raw(&o, g_array_index(v, guint64, i));
		pp_csv_out_end(&o, FALSE);
		g_string_append_printf(want, "%" G_GUINT64_FORMAT "\n", g_array_index(v, guint64, i));
	}
	g_assert_true(pp_csv_out_close(&o));
	file = g_build_filename(path, "n.csv", NULL);
	g_assert_true(g_file_get_contents(file, &got, NULL, NULL));
	g_assert_cmpstr(got, ==, want->str);
	remove_dir(g_steal_pointer(&path), dfd, "n.csv");
}

/* A file of exactly `size` bytes: rows of 63 'x' and a newline, the last
 * row shorter; compares the file, its length and its hash. */
static void
check_size(int dfd, const char *dir, gsize size, gboolean async)
{
	g_autofree char *want = g_malloc(size + 1), *got = NULL;
	g_autofree char *file = g_build_filename(dir, "s.csv", NULL);
	g_autoptr(PpSha256) h = pp_sha256_new();
	char hex[PP_SHA256_HEX], row[64];
	PpCsvOut o;
	gsize len, off = 0;
	guint64 rows = 0;

	PpCsvHasher *hs = async ? pp_csv_hasher_new() : NULL;

	g_assert_true(pp_csv_out_open(&o, dfd, "s.csv", FALSE, hs));
	while (off < size) {
		gsize n = MIN(size - off, sizeof row) - 1;	/* the row's text */
		/* rows differ, so that buffers written out of turn show */
		memset(row, 'a' + (int)(rows % 26), n);
		row[n] = '\0';
		pp_csv_out_plain(&o, row);
		pp_csv_out_end(&o, FALSE);
		memcpy(want + off, row, n);
		want[off + n] = '\n';
		off += n + 1;
		rows++;
	}
	g_assert_true(pp_csv_out_close(&o));
	pp_csv_hasher_free(hs);
	g_assert_cmpuint(o.rows, ==, rows);
	g_assert_cmpuint(o.bytes, ==, size);

	g_assert_true(g_file_get_contents(file, &got, &len, NULL));
	g_assert_cmpuint(len, ==, size);
	g_assert_true(memcmp(got, want, size) == 0);
	pp_sha256_update(h, want, size);
	g_assert_cmpstr(o.sha256, ==, pp_sha256_hex(h, hex));
	g_assert_cmpint(unlinkat(dfd, "s.csv", 0), ==, 0);
}

/* One output of test_hasher: its name, size and the hasher it shares. */
typedef struct {
	int dfd;
	const char *name;
	gsize size;
	PpCsvHasher *hasher;
	char sha256[PP_SHA256_HEX];
} Shared;

/* Writes rows of 63 bytes (the letter of each turning) to s->name until
 * s->size bytes, async with s->hasher; keeps the digest it reports. */
static gpointer
write_shared(gpointer data)
{
	Shared *s = data;
	PpCsvOut o;
	char row[64];

	g_assert_true(pp_csv_out_open(&o, s->dfd, s->name, FALSE, s->hasher));
	for (gsize off = 0, k = 0; off < s->size; k++) {
		gsize n = MIN(s->size - off, sizeof row) - 1;
		memset(row, 'a' + (int)((k + s->size) % 26), n);
		row[n] = '\0';
		pp_csv_out_plain(&o, row);
		pp_csv_out_end(&o, FALSE);
		off += n + 1;
	}
	g_assert_true(pp_csv_out_close(&o));
	g_assert_cmpuint(o.bytes, ==, s->size);
	memcpy(s->sha256, o.sha256, sizeof s->sha256);
	return NULL;
}

/* Outputs sharing one hasher, filled side by side (their buffers hashed
 * two at a time) and one after another: each digest is that of its own
 * file, by libcrypto alone. */
static void
test_hasher(void)
{
	const gsize buf = PP_CSV_OUT_BUF;
	Shared outs[] = {
		{ 0, "a.csv", 5 * buf + 13, NULL, "" },
		{ 0, "b.csv", 3 * buf, NULL, "" },
		{ 0, "c.csv", buf + 4097, NULL, "" },
		{ 0, "d.csv", 100, NULL, "" },
	};
	char *path;
	int dfd = tmp_dir(&path);

	for (int side_by_side = 1; side_by_side >= 0; side_by_side--) {
		PpCsvHasher *hs = pp_csv_hasher_new();
		GThread *t[G_N_ELEMENTS(outs)];

		for (guint i = 0; i < G_N_ELEMENTS(outs); i++) {
			outs[i].dfd = dfd;
			outs[i].hasher = hs;
			t[i] = g_thread_new("out", write_shared, &outs[i]);
			if (!side_by_side)
				g_thread_join(t[i]);
		}
		if (side_by_side)
			for (guint i = 0; i < G_N_ELEMENTS(outs); i++)
				g_thread_join(t[i]);
		pp_csv_hasher_free(hs);
		pp_sha256_set_native(FALSE);
		for (guint i = 0; i < G_N_ELEMENTS(outs); i++) {
			g_autofree char *file = g_build_filename(path, outs[i].name, NULL), *got = NULL;
			g_autoptr(PpSha256) h = pp_sha256_new();
			char hex[PP_SHA256_HEX];
			gsize len;

			g_assert_true(g_file_get_contents(file, &got, &len, NULL));
			g_assert_cmpuint(len, ==, outs[i].size);
			pp_sha256_update(h, got, len);
			g_assert_cmpstr(outs[i].sha256, ==, pp_sha256_hex(h, hex));
			g_assert_cmpint(unlinkat(dfd, outs[i].name, 0), ==, 0);
		}
		pp_sha256_set_native(TRUE);
	}
	close(dfd);
	g_assert_cmpint(rmdir(path), ==, 0);
	g_free(path);
}

/* test_idle_partner's paused output: started, then idle until told. */
typedef struct {
	Shared out;
	GMutex lock;
	GCond cond;
	int stage;		/* 1: started and idle; 2: go on */
} Paused;

static gpointer
write_paused(gpointer data)
{
	Paused *p = data;
	PpCsvOut o;

	g_assert_true(pp_csv_out_open(&o, p->out.dfd, p->out.name, FALSE, p->out.hasher));
	for (gsize i = 0; i <= PP_CSV_OUT_BUF; i++)
		pp_csv_out_put(&o, "p", 1);
	g_mutex_lock(&p->lock);
	p->stage = 1;
	g_cond_broadcast(&p->cond);
	while (p->stage != 2)
		g_cond_wait(&p->cond, &p->lock);
	g_mutex_unlock(&p->lock);
	g_assert_true(pp_csv_out_close(&o));
	return NULL;
}

/* An output closes while the other sharing its hasher is started but
 * idle: its last buffers are hashed without a partner (a close waiting
 * for one would hang here). */
static void
test_idle_partner(void)
{
	char *path;
	int dfd = tmp_dir(&path);
	PpCsvHasher *hs = pp_csv_hasher_new();
	Paused p = { { dfd, "p.csv", 0, hs, "" }, { 0 }, { 0 }, 0 };
	GThread *t;

	g_mutex_init(&p.lock);
	g_cond_init(&p.cond);
	t = g_thread_new("paused", write_paused, &p);
	g_mutex_lock(&p.lock);
	while (p.stage != 1)
		g_cond_wait(&p.cond, &p.lock);
	g_mutex_unlock(&p.lock);
	for (int round = 0; round < 20; round++) {
		Shared s = { dfd, "s.csv", (gsize)(round % 4 + 1) * PP_CSV_OUT_BUF + 64 * (gsize)round, hs, "" };
		write_shared(&s);
		g_assert_cmpint(unlinkat(dfd, "s.csv", 0), ==, 0);
	}
	g_mutex_lock(&p.lock);
	p.stage = 2;
	g_cond_broadcast(&p.cond);
	g_mutex_unlock(&p.lock);
	g_thread_join(t);
	pp_csv_hasher_free(hs);
	g_mutex_clear(&p.lock);
	g_cond_clear(&p.cond);
	g_assert_cmpint(unlinkat(dfd, "p.csv", 0), ==, 0);
	close(dfd);
	g_assert_cmpint(rmdir(path), ==, 0);
	g_free(path);
}

static void
test_sizes(void)
{
	const gsize buf = PP_CSV_OUT_BUF, ring = PP_CSV_OUT_NBUF * PP_CSV_OUT_BUF;
	const gsize sizes[] = {
		1, 64, 4095, 4096, 4097, 8192 + 100, buf - 1, buf, buf + 1,
		buf + 4096, 3 * buf + 4095, 3 * buf + 4096 * 7 + 13,
		/* round the ring of buffers, and twice */
		ring + buf + 4096 * 3 + 5, 2 * ring,
	};
	char *path;
	int dfd = tmp_dir(&path);

	/* hashed and written on this thread, and by a thread of the file's own */
	for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
		check_size(dfd, path, sizes[i], FALSE);
		check_size(dfd, path, sizes[i], TRUE);
	}
	close(dfd);
	g_assert_cmpint(rmdir(path), ==, 0);
	g_free(path);
}

/* The field as SPEC §5 writes it, worked out here on its own. */
static void
reference_field(GString *g, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		g_string_append(g, s);
		return;
	}
	g_string_append_c(g, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			g_string_append_c(g, '"');
		g_string_append_c(g, *s);
	}
	g_string_append_c(g, '"');
}

/*
 * Fields of every length at every alignment, with a byte that needs
 * quotes at every place, each ending right before a page nobody may read:
 * the writer and the pieces (pp_csv_quote_to) must quote them as a
 * reference written here does, and never read past the NUL.
 */
static void
test_scan(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *mem = mmap(NULL, 2 * (gsize)page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	g_autoptr(GString) want = g_string_new(NULL), quoted = g_string_new(NULL);
	g_autoptr(GString) want_pieces = g_string_new(NULL);
	g_autofree char *path = NULL, *file = NULL, *got = NULL;
	const char specials[] = { ',', '"', '\n', '\r' };
	int dfd = tmp_dir(&path);
	PpCsvOut o;

	g_assert_true(mem != MAP_FAILED);
	g_assert_cmpint(mprotect(mem + page, (gsize)page, PROT_NONE), ==, 0);
	PpCsvHasher *hs = pp_csv_hasher_new();

	g_assert_true(pp_csv_out_open(&o, dfd, "scan.csv", FALSE, hs));
	for (guint len = 0; len <= 40; len++) {
		for (guint sp = 0; sp <= len; sp++) {
			/* sp == len: no special byte; else one at sp */
			char *s = mem + page - len - 1;
			/* what lies before the field must not count: a NUL or a
			 * comma in the bytes a wide load also reads */
			memset(s - 16, sp % 2 == 0 ? ',' : '\0', 16);
			memset(s, 'a' + (char)(len % 26), len);
			if (sp < len)
				s[sp] = specials[(len + sp) % G_N_ELEMENTS(specials)];
			s[len] = '\0';
			pp_csv_out_text(&o, s);
			pp_csv_out_end(&o, FALSE);
			pp_csv_quote_to(quoted, s);
			reference_field(want_pieces, s);
			reference_field(want, s);
			g_string_append_c(want, '\n');
		}
	}
	g_assert_true(pp_csv_out_close(&o));
	pp_csv_hasher_free(hs);
	munmap(mem, 2 * (gsize)page);
	file = g_build_filename(path, "scan.csv", NULL);
	g_assert_true(g_file_get_contents(file, &got, NULL, NULL));
	g_assert_cmpstr(got, ==, want->str);
	/* pieces formatted once (pp_csv_quote_to) quote the same way */
	g_assert_cmpstr(quoted->str, ==, want_pieces->str);
	remove_dir(g_steal_pointer(&path), dfd, "scan.csv");
}

/* An existing file is refused (the outputs go into a new folder). */
static void
test_exclusive(void)
{
	char *path;
	int dfd = tmp_dir(&path);
	PpCsvOut o;

	g_assert_true(pp_csv_out_open(&o, dfd, "e.csv", FALSE, NULL));
	g_assert_true(pp_csv_out_close(&o));
	g_assert_false(pp_csv_out_open(&o, dfd, "e.csv", FALSE, NULL));
	remove_dir(path, dfd, "e.csv");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/csvout/quoting", test_quoting);
	g_test_add_func("/csvout/money", test_money);
	g_test_add_func("/csvout/numbers", test_numbers);
	g_test_add_func("/csvout/sizes", test_sizes);
	g_test_add_func("/csvout/hasher", test_hasher);
	g_test_add_func("/csvout/idle-partner", test_idle_partner);
	g_test_add_func("/csvout/scan", test_scan);
	g_test_add_func("/csvout/exclusive", test_exclusive);
	return g_test_run();
}
