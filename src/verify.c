/*
 * payroll-penalty verify DIR [--base DIR]: re-runs the month recorded in
 * DIR/manifest.yaml into a temporary folder and compares: every input's
 * SHA-256 against the recorded one, every output byte against DIR's.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "common/diag.h"
#include "common/sha256.h"
#include "pipeline.h"
#include "read/manifest.h"
#include "write/outdir.h"

/* Reads DIR/manifest.yaml; returns NULL after printing why not (*status:
 * 66 when it cannot be read, 65 when it is not a manifest). */
static PpManifest *
read_manifest(const char *dir, int *status)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *path = g_build_filename(dir, "manifest.yaml", NULL);
	g_autofree char *data = NULL;
	gsize len, line, col;
	PpManifest *mf;

	if (!g_file_get_contents(path, &data, &len, &error)) {
		fprintf(stderr, "%s: %s: %s\n", path, _("error"), error->message);
		*status = PP_EXIT_NOINPUT;
		return NULL;
	}
	mf = pp_manifest_parse(data, len, &line, &col, &error);
	if (mf == NULL && line > 0)
		fprintf(stderr, "%s:%zu:%zu: %s: %s\n", path, line, col, _("error"), error->message);
	else if (mf == NULL)
		fprintf(stderr, "%s: %s: %s\n", path, _("error"), error->message);
	*status = PP_EXIT_DATAERR;
	return mf;
}

/* Returns the SHA-256 of the file at path (hex, allocated), or NULL. */
static char *
hash_file(const char *path)
{
	g_autoptr(PpSha256) h = pp_sha256_new();
	char buf[1 << 16], hex[PP_SHA256_HEX];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return NULL;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		pp_sha256_update(h, buf, (gsize)n);
	close(fd);
	return n < 0 ? NULL : g_strdup(pp_sha256_hex(h, hex));
}

/*
 * Outputs are compared a chunk at a time, never whole: a month of ten
 * million records writes 2.5 GB, and its re-run as much again.
 */
#define CMP_CHUNK (1u << 20)

/* Reads up to n bytes at offset `at` of fd into buf (fewer only at the
 * end of the file); returns how many, or -1 with errno set. */
static gssize
read_at(int fd, char *buf, gsize n, guint64 at)
{
	gsize got = 0;

	while (got < n) {
		gssize k = pread(fd, buf + got, n - got, (off_t)(at + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (gsize)k;
	}
	return (gssize)got;
}

/*
 * Returns 0 when the files fa and fb hold the same bytes, 1 when they
 * differ (*at: the offset of the first byte that differs, or the length
 * of the shorter when it is the start of the other), -1 when one cannot
 * be read.
 */
static int
first_difference(int fa, int fb, guint64 *at)
{
	g_autofree char *a = g_malloc(CMP_CHUNK), *b = g_malloc(CMP_CHUNK);

	for (guint64 off = 0;; off += CMP_CHUNK) {
		gssize na = read_at(fa, a, CMP_CHUNK, off), nb = read_at(fb, b, CMP_CHUNK, off);
		gsize n;
		if (na < 0 || nb < 0)
			return -1;
		n = (gsize)MIN(na, nb);
		if (memcmp(a, b, n) != 0) {
			gsize i = 0;
			while (a[i] == b[i])
				i++;
			*at = off + i;
			return 1;
		}
		if (na != nb) {
			*at = off + n;
			return 1;
		}
		if ((gsize)na < CMP_CHUNK)
			return 0;
	}
}

/* Sets *line to the line of fd (1-based) that holds offset `at`, and
 * *start to where it begins; FALSE when fd cannot be read. */
static gboolean
line_of(int fd, guint64 at, guint *line, guint64 *start)
{
	g_autofree char *buf = g_malloc(CMP_CHUNK);
	guint n = 1;

	*start = 0;
	for (guint64 off = 0; off < at; off += CMP_CHUNK) {
		gssize k = read_at(fd, buf, (gsize)MIN(CMP_CHUNK, at - off), off);
		const char *p, *end;
		if (k <= 0)
			return FALSE;
		for (p = buf, end = buf + k; (p = memchr(p, '\n', (gsize)(end - p))) != NULL; p++) {
			n++;
			*start = off + (guint64)(p - buf) + 1;
		}
	}
	*line = n;
	return TRUE;
}

/* Returns the line of fd that begins at `start`, without its LF, or
 * "(end of file)" when the file ends there. */
static char *
line_at(int fd, guint64 start)
{
	g_autoptr(GString) g = g_string_new(NULL);
	char buf[4096];

	for (guint64 off = start;; off += sizeof buf) {
		gssize k = read_at(fd, buf, sizeof buf, off);
		const char *nl;
		if (k <= 0)
			break;
		nl = memchr(buf, '\n', (gsize)k);
		g_string_append_len(g, buf, nl != NULL ? nl - buf : k);
		if (nl != NULL || (gsize)k < sizeof buf)
			return g_string_free(g_steal_pointer(&g), FALSE);
	}
	if (g->len == 0)
		return g_strdup(_("(end of file)"));
	return g_string_free(g_steal_pointer(&g), FALSE);
}

/* Opens path for reading it once, front to back; -1 with errno set. */
static int
open_stream(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

#ifdef POSIX_FADV_SEQUENTIAL
	if (fd >= 0)
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	return fd;
}

/* Compares DIR/name with the re-run's; prints and returns FALSE when they differ. */
static gboolean
compare_output(const char *dir, const char *rerun, const char *name)
{
	g_autofree char *pa = g_build_filename(dir, name, NULL);
	g_autofree char *pb = g_build_filename(rerun, name, NULL);
	g_autofree char *la = NULL, *lb = NULL;
	int fa, fb, d;
	guint64 at = 0, start = 0;
	guint line = 0;

	if ((fa = open_stream(pa)) < 0) {
		printf(_("output missing: %s\n"), pa);
		return FALSE;
	}
	if ((fb = open_stream(pb)) < 0) {
		printf(_("output not reproduced: %s (the re-run did not write it)\n"), pa);
		close(fa);
		return FALSE;
	}
	d = first_difference(fa, fb, &at);
	if (d == 1 && line_of(fa, at, &line, &start)) {
		la = line_at(fa, start);
		lb = line_at(fb, start);
	} else if (d != 0)
		d = -1;
	close(fa);
	close(fb);
	if (d == 0)
		return TRUE;
	if (d < 0)
		printf(_("output missing: %s\n"), pa);
	else
		printf(_("output differs: %s:%u\n  recorded: %s\n  re-run:   %s\n"), pa, line, la, lb);
	return FALSE;
}

int
pp_verify(const PpOptions *o)
{
	g_autoptr(PpManifest) mf = NULL;
	g_autofree char *dir = NULL, *start_cwd = g_get_current_dir();
	g_autofree char *tmp = NULL, *rerun = NULL;
	const char *base;
	PpOptions ro = { 0 };
	GPtrArray *argv;
	int status, result = 0;

	dir = g_canonicalize_filename(o->verify_dir, start_cwd);
	if ((mf = read_manifest(dir, &status)) == NULL)
		return status;
	base = o->base != NULL ? o->base : mf->cwd;
	if (chdir(base) != 0) {
		fprintf(stderr, "payroll-penalty: %s: %s: %s\n", _("error"), base, g_strerror(errno));
		return PP_EXIT_NOINPUT;
	}

	/* the inputs, by their recorded SHA-256 */
	for (guint i = 0; i < mf->inputs->len; i++) {
		const PpRecorded *r = &g_array_index(mf->inputs, PpRecorded, i);
		g_autofree char *now = hash_file(r->path);
		if (now == NULL) {
			printf(_("input missing: %s\n"), r->path);
			result = PP_EXIT_DIFFERS;
		} else if (strcmp(now, r->sha256) != 0) {
			printf(_("input changed: %s (SHA-256 was %s, is %s)\n"), r->path, r->sha256, now);
			result = PP_EXIT_DIFFERS;
		}
	}

	/* the re-run, into a temporary folder, with the recorded arguments */
	tmp = g_dir_make_tmp("payroll-penalty-verify-XXXXXX", NULL);
	rerun = g_build_filename(tmp, "out", NULL);
	/* the recorded arguments, parsed as they were; only the output moves */
	argv = g_ptr_array_new();
	for (guint i = 0; i < mf->args->len; i++)
		g_ptr_array_add(argv, g_ptr_array_index(mf->args, i));
	g_ptr_array_add(argv, NULL);
	if (!pp_cli_command(g_ptr_array_index(argv, 0), &ro.cmd) || ro.cmd != PP_CMD_RUN) {
		fprintf(stderr, "payroll-penalty: %s: %s\n", _("error"),
		    _("the manifest does not record a run"));
		status = PP_EXIT_DATAERR;
	} else {
		status = pp_cli_parse(&ro, (int)argv->len - 1, (char **)argv->pdata);
		if (status < 0) {
			ro.out = rerun;
			ro.force = FALSE;
			ro.quiet = TRUE;
			status = pp_pipeline_run(&ro);
		}
	}
	if (status != 0) {
		printf(_("the re-run failed (exit status %d): nothing to compare\n"), status);
		result = PP_EXIT_DIFFERS;
	} else {
		for (guint i = 0; i < mf->outputs->len; i++)
			if (!compare_output(dir, rerun, g_ptr_array_index(mf->outputs, i)))
				result = PP_EXIT_DIFFERS;
	}
	if (result == 0)
		printf(_("verified: %u inputs unchanged, %u outputs reproduce byte for byte\n"),
		    mf->inputs->len, mf->outputs->len);

	pp_options_clear(&ro);
	g_ptr_array_unref(argv);
	pp_remove_tree(tmp);	/* the re-run's folder and its lock */
	if (chdir(start_cwd) != 0) {
		/* nothing depends on the folder after this */
	}
	return result;
}
