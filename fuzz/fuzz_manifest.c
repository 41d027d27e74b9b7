/*
 * libFuzzer harness: reading a manifest back (read/manifest.h,
 * pp_manifest_parse), what verify does first with a folder an auditor
 * hands it.
 *
 * Input: the whole manifest.yaml (not NUL-terminated, so an over-read
 * shows).  Checks what the header promises, and abort()s when it does
 * not hold:
 *   - NULL comes back exactly when an error is set, and a place (line
 *     and column, both from 1) exactly with a syntax error;
 *   - a manifest has at least two arguments, a cwd, one input and one
 *     output, and no NULL among its strings.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "read/manifest.h"

#define FUZZ_NAME "fuzz_manifest"
#include "check.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	gsize line = 99, col = 99;
	g_autoptr(PpManifest) mf = pp_manifest_parse((const char *)data, size, &line, &col, &error);

	CHECK((mf == NULL) == (error != NULL));
	if (mf == NULL) {
		CHECK(error->domain == PP_MANIFEST_ERROR);
		CHECK((error->code == PP_MANIFEST_ERROR_SYNTAX) == (line > 0));
		CHECK((line > 0) == (col > 0));
		return 0;
	}
	CHECK(line == 0 && col == 0);
	CHECK(mf->args->len >= 2 && mf->cwd != NULL);
	CHECK(mf->inputs->len > 0 && mf->outputs->len > 0);
	for (guint i = 0; i < mf->args->len; i++)
		CHECK(g_ptr_array_index(mf->args, i) != NULL);
	for (guint i = 0; i < mf->inputs->len; i++) {
		const PpRecorded *r = &g_array_index(mf->inputs, PpRecorded, i);
		CHECK(r->path != NULL && r->sha256 != NULL);
	}
	for (guint i = 0; i < mf->outputs->len; i++)
		CHECK(g_ptr_array_index(mf->outputs, i) != NULL);
	return 0;
}
