/*
 * Reading a run's manifest.yaml back (SPEC §5 "manifest.yaml"), for
 * verify: the recorded arguments, the folder they were given in, each
 * input's path and SHA-256, and the outputs' names.  What the manifest
 * holds beyond that (row counts, totals, the run's time) is not read.
 *
 * A PpManifest owns its strings and arrays; free it with
 * pp_manifest_free() (or g_autoptr(PpManifest)).
 */
#pragma once

#include <glib.h>

typedef struct {
	char *path;
	char *sha256;		/* 64 hex digits, as recorded */
} PpRecorded;

typedef struct {
	GPtrArray *args;	/* char*: the command line, from the command on */
	char *cwd;		/* the folder the run was started in */
	GArray *inputs;		/* PpRecorded: rules, wages, org, carry_in, then the violations */
	GPtrArray *outputs;	/* char*: the outputs' file names */
} PpManifest;

#define PP_MANIFEST_ERROR (pp_manifest_error_quark())
GQuark pp_manifest_error_quark(void);

typedef enum {
	PP_MANIFEST_ERROR_SYNTAX,	/* not YAML: *line and *col say where */
	PP_MANIFEST_ERROR_CONTENT,	/* YAML, but not a payroll-penalty manifest */
} PpManifestError;

/*
 * Parses the manifest in data[0..len) (need not be NUL-terminated).
 * Returns it, or NULL with error set; for a YAML syntax error *line and
 * *col (1-based) give its place, for any other they are 0.
 */
PpManifest *pp_manifest_parse(const char *data, gsize len, gsize *line, gsize *col,
    GError **error);

void pp_manifest_free(PpManifest *mf);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PpManifest, pp_manifest_free)
