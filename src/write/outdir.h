/*
 * The output folder, written whole or not at all (SPEC §2): a lock
 * (DIR.lock, flock) held for the whole run, outputs written into a
 * temporary folder beside DIR (DIR.tmp-PID-XXXXXX), and only on success
 * renamed into place; with --force the old DIR is swapped out atomically
 * (renameat2 RENAME_EXCHANGE) and removed after.  Temporaries left by
 * runs that died are removed while the lock is held.
 *
 * A PpOutDir owns its strings and descriptors; pp_outdir_end() releases
 * them (and removes an uncommitted temporary folder).
 */
#pragma once

#include <glib.h>

#include "common/diag.h"

typedef struct {
	char *out;		/* DIR as given */
	char *tmp;		/* the temporary folder, NULL when none */
	char *lock_path;
	int lock_fd;
	int tmp_fd;		/* open on tmp */
	gboolean force;
	gboolean committed;
} PpOutDir;

/*
 * Takes the lock and makes the temporary folder.  Returns FALSE after
 * adding an error to diags: another run holds the lock (75), DIR exists
 * without force, or something cannot be created (73).
 */
gboolean pp_outdir_begin(PpOutDir *od, const char *out, gboolean force, PpDiags *diags);

/* Checks only what begin would refuse, without creating anything. */
gboolean pp_outdir_check(const char *out, gboolean force, PpDiags *diags);

/* Moves the finished temporary folder into place; FALSE (73) on error. */
gboolean pp_outdir_commit(PpOutDir *od, PpDiags *diags);

/* Removes what was not committed and releases the lock. */
void pp_outdir_end(PpOutDir *od);

/* Removes the folder path and everything in it (one level: files only). */
void pp_remove_tree(const char *path);
