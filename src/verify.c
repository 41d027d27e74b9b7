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
#include <yaml.h>

#include "cli.h"
#include "common/diag.h"
#include "common/sha256.h"
#include "pipeline.h"
#include "write/outdir.h"

typedef struct {
	char *path;
	char *sha256;
} Recorded;

typedef struct {
	GPtrArray *args;	/* char* */
	char *cwd;
	GArray *inputs;		/* Recorded */
	GPtrArray *outputs;	/* char* names */
} Manifest;

static void
recorded_clear(gpointer p)
{
	Recorded *r = p;
	g_free(r->path);
	g_free(r->sha256);
}

static void
manifest_clear(Manifest *mf)
{
	g_ptr_array_unref(mf->args);
	g_array_unref(mf->inputs);
	g_ptr_array_unref(mf->outputs);
	g_free(mf->cwd);
}

/* Returns the value node of key in mapping node n, or NULL. */
static yaml_node_t *
get(yaml_document_t *doc, yaml_node_t *n, const char *key)
{
	if (n == NULL || n->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		if (k != NULL && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

/* Returns a copy of scalar node n's text, or NULL. */
static char *
text(yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE ?
	    g_strdup((const char *)n->data.scalar.value) : NULL;
}

/* Adds {path, sha256} of input node n to mf->inputs. */
static void
add_input(Manifest *mf, yaml_document_t *doc, yaml_node_t *n)
{
	Recorded r = { text(get(doc, n, "path")), text(get(doc, n, "sha256")) };
	if (r.path != NULL && r.sha256 != NULL)
		g_array_append_val(mf->inputs, r);
	else
		recorded_clear(&r);
}

/* Reads DIR/manifest.yaml; returns FALSE after printing why not. */
static gboolean
read_manifest(const char *dir, Manifest *mf, int *status)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *path = g_build_filename(dir, "manifest.yaml", NULL);
	g_autofree char *data = NULL;
	gsize len;
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root, *n;
	gboolean ok = FALSE;

	*status = PP_EXIT_DATAERR;
	mf->args = g_ptr_array_new_with_free_func(g_free);
	mf->inputs = g_array_new(FALSE, TRUE, sizeof(Recorded));
	g_array_set_clear_func(mf->inputs, recorded_clear);
	mf->outputs = g_ptr_array_new_with_free_func(g_free);
	if (!g_file_get_contents(path, &data, &len, &error)) {
		fprintf(stderr, "%s: %s: %s\n", path, _("error"), error->message);
		*status = PP_EXIT_NOINPUT;
		return FALSE;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &doc)) {
		fprintf(stderr, "%s:%zu:%zu: %s: %s\n", path, parser.problem_mark.line + 1,
		    parser.problem_mark.column + 1, _("error"), parser.problem ? parser.problem : "?");
		yaml_parser_delete(&parser);
		return FALSE;
	}
	root = yaml_document_get_root_node(&doc);
	n = get(&doc, root, "arguments");
	if (n != NULL && n->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++) {
			char *t = text(yaml_document_get_node(&doc, *it));
			if (t != NULL)
				g_ptr_array_add(mf->args, t);
		}
	}
	mf->cwd = text(get(&doc, root, "cwd"));
	n = get(&doc, root, "inputs");
	{
		static const char *single[] = { "rules", "wages", "org", "carry_in" };
		for (guint i = 0; i < G_N_ELEMENTS(single); i++)
			if (get(&doc, n, single[i]) != NULL)
				add_input(mf, &doc, get(&doc, n, single[i]));
	}
	n = get(&doc, n, "violations");
	if (n != NULL && n->type == YAML_SEQUENCE_NODE)
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++)
			add_input(mf, &doc, yaml_document_get_node(&doc, *it));
	n = get(&doc, root, "outputs");
	if (n != NULL && n->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++)
			g_ptr_array_add(mf->outputs, text(yaml_document_get_node(&doc, p->key)));
	if (mf->args->len < 2 || mf->cwd == NULL || mf->inputs->len == 0 || mf->outputs->len == 0)
		fprintf(stderr, "%s: %s: %s\n", path, _("error"),
		    _("not a payroll-penalty manifest (arguments, cwd, inputs or outputs missing)"));
	else
		ok = TRUE;
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return ok;
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
	Manifest mf = { 0 };
	g_autofree char *dir = NULL, *start_cwd = g_get_current_dir();
	g_autofree char *tmp = NULL, *rerun = NULL;
	const char *base;
	PpOptions ro = { 0 };
	GPtrArray *argv;
	int status, result = 0;

	dir = g_canonicalize_filename(o->verify_dir, start_cwd);
	if (!read_manifest(dir, &mf, &status)) {
		manifest_clear(&mf);
		return status;
	}
	base = o->base != NULL ? o->base : mf.cwd;
	if (chdir(base) != 0) {
		fprintf(stderr, "payroll-penalty: %s: %s: %s\n", _("error"), base, g_strerror(errno));
		manifest_clear(&mf);
		return PP_EXIT_NOINPUT;
	}

	/* the inputs, by their recorded SHA-256 */
	for (guint i = 0; i < mf.inputs->len; i++) {
		const Recorded *r = &g_array_index(mf.inputs, Recorded, i);
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
	for (guint i = 0; i < mf.args->len; i++)
		g_ptr_array_add(argv, g_ptr_array_index(mf.args, i));
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
		for (guint i = 0; i < mf.outputs->len; i++)
			if (!compare_output(dir, rerun, g_ptr_array_index(mf.outputs, i)))
				result = PP_EXIT_DIFFERS;
	}
	if (result == 0)
		printf(_("verified: %u inputs unchanged, %u outputs reproduce byte for byte\n"),
		    mf.inputs->len, mf.outputs->len);

	pp_options_clear(&ro);
	g_ptr_array_unref(argv);
	pp_remove_tree(tmp);	/* the re-run's folder and its lock */
	if (chdir(start_cwd) != 0) {
		/* nothing depends on the folder after this */
	}
	manifest_clear(&mf);
	return result;
}
