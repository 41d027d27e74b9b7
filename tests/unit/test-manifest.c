/* Unit tests: reading a manifest back (read/manifest): the arguments,
 * cwd, inputs in order (rules, wages, org, carry_in, violations) and
 * outputs' names; a YAML syntax error with its place; a YAML document
 * that is not a manifest; entries without what verify needs skipped. */
#include <string.h>

#include "read/manifest.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static const char good[] =
    "tool: payroll-penalty\n"
    "arguments:\n- run\n- --month\n- '2026-10'\n- v1.csv\n"
    "cwd: /srv/payroll\n"
    "inputs:\n"
    "  violations:\n"
    "  - path: v1.csv\n    sha256: " SHA_B "\n    rows: 2\n"
    "  - path: no-digest.csv\n"
    "  wages:\n    path: wages.csv\n    sha256: " SHA_A "\n"
    "  rules:\n    path: rules.yaml\n    sha256: " SHA_A "\n"
    "outputs:\n"
    "  payroll.csv:\n    sha256: " SHA_A "\n"
    "  ? [not, a, name]\n  : x\n"
    "  detail.csv:\n    sha256: " SHA_B "\n";

static void
test_good(void)
{
	g_autoptr(GError) error = NULL;
	gsize line = 9, col = 9;
	/* not NUL-terminated: the length counts, not a NUL */
	g_autofree char *data = g_memdup2(good, sizeof good - 1);
	g_autoptr(PpManifest) mf = pp_manifest_parse(data, sizeof good - 1, &line, &col, &error);
	const PpRecorded *r;

	g_assert_no_error(error);
	g_assert_nonnull(mf);
	g_assert_cmpuint(line, ==, 0);
	g_assert_cmpuint(col, ==, 0);
	g_assert_cmpuint(mf->args->len, ==, 4);
	g_assert_cmpstr(g_ptr_array_index(mf->args, 0), ==, "run");
	g_assert_cmpstr(g_ptr_array_index(mf->args, 2), ==, "2026-10");
	g_assert_cmpstr(mf->cwd, ==, "/srv/payroll");
	/* rules, wages, then the violations, whatever order the file has;
	 * the input without a digest is left out */
	g_assert_cmpuint(mf->inputs->len, ==, 3);
	r = &g_array_index(mf->inputs, PpRecorded, 0);
	g_assert_cmpstr(r->path, ==, "rules.yaml");
	g_assert_cmpstr(r->sha256, ==, SHA_A);
	r = &g_array_index(mf->inputs, PpRecorded, 1);
	g_assert_cmpstr(r->path, ==, "wages.csv");
	r = &g_array_index(mf->inputs, PpRecorded, 2);
	g_assert_cmpstr(r->path, ==, "v1.csv");
	g_assert_cmpstr(r->sha256, ==, SHA_B);
	/* a key that is not a name is no output */
	g_assert_cmpuint(mf->outputs->len, ==, 2);
	g_assert_cmpstr(g_ptr_array_index(mf->outputs, 0), ==, "payroll.csv");
	g_assert_cmpstr(g_ptr_array_index(mf->outputs, 1), ==, "detail.csv");
}

static void
test_syntax(void)
{
	static const char bad[] = "arguments:\n- run\ncwd: [unclosed\n";
	g_autoptr(GError) error = NULL;
	gsize line, col;
	g_autoptr(PpManifest) mf = pp_manifest_parse(bad, sizeof bad - 1, &line, &col, &error);

	g_assert_null(mf);
	g_assert_error(error, PP_MANIFEST_ERROR, PP_MANIFEST_ERROR_SYNTAX);
	g_assert_cmpuint(line, ==, 4);	/* where libyaml gave up: the end */
	g_assert_cmpuint(col, >=, 1);
}

static void
test_not_a_manifest(void)
{
	static const char *docs[] = {
		"",
		"just text\n",
		"arguments: [run, --month]\ninputs: {}\noutputs: {a.csv: x}\n",	/* no cwd */
		"arguments: [run]\ncwd: /\ninputs: {rules: {path: r, sha256: x}}\noutputs: {a: x}\n",
		"arguments: [run, x]\ncwd: /\ninputs: {rules: {path: r}}\noutputs: {a: x}\n",
		"arguments: [run, x]\ncwd: /\ninputs: {rules: {path: r, sha256: x}}\noutputs: [a]\n",
	};

	for (guint i = 0; i < G_N_ELEMENTS(docs); i++) {
		g_autoptr(GError) error = NULL;
		gsize line, col;
		g_autoptr(PpManifest) mf =
		    pp_manifest_parse(docs[i], strlen(docs[i]), &line, &col, &error);
		g_assert_null(mf);
		g_assert_error(error, PP_MANIFEST_ERROR, PP_MANIFEST_ERROR_CONTENT);
		g_assert_cmpuint(line, ==, 0);
		g_assert_nonnull(strstr(error->message, "manifest"));
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/manifest/good", test_good);
	g_test_add_func("/manifest/syntax", test_syntax);
	g_test_add_func("/manifest/not-a-manifest", test_not_a_manifest);
	return g_test_run();
}
