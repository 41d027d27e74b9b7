#define _GNU_SOURCE
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

void
pp_remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (d == NULL) {
		unlink(path);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		{
			g_autofree char *p = g_build_filename(path, de->d_name, NULL);
			if (unlink(p) != 0 && errno == EISDIR)
				pp_remove_tree(p);
		}
	}
	closedir(d);
	rmdir(path);
}

gboolean
pp_outdir_check(const char *out, gboolean force, PpDiags *diags)
{
	struct stat st;

	if (lstat(out, &st) == 0) {
		if (!force) {
			pp_diag_error(diags, PP_EXIT_CANTCREAT, NULL, 0, 0,
			    _("%s already exists (use --force to replace it)"), out);
			return FALSE;
		}
		if (!S_ISDIR(st.st_mode)) {
			pp_diag_error(diags, PP_EXIT_CANTCREAT, NULL, 0, 0,
			    _("%s exists and is not a folder"), out);
			return FALSE;
		}
	}
	return TRUE;
}

/* Removes DIR.tmp-* folders beside out: runs that died left them (we hold the lock). */
static void
remove_stale(const char *out)
{
	g_autofree char *dir = g_path_get_dirname(out);
	g_autofree char *base = g_path_get_basename(out);
	g_autofree char *prefix = g_strconcat(base, ".tmp-", NULL);
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (g_str_has_prefix(de->d_name, prefix)) {
			g_autofree char *p = g_build_filename(dir, de->d_name, NULL);
			pp_remove_tree(p);
		}
	}
	closedir(d);
}

/* Returns TRUE with the lock held; reports 75 or 73 otherwise. */
static gboolean
take_lock(PpOutDir *od, PpDiags *diags)
{
	char pid[32];
	int n;

	od->lock_path = g_strconcat(od->out, ".lock", NULL);
	od->lock_fd = open(od->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (od->lock_fd < 0) {
		pp_diag_error(diags, PP_EXIT_CANTCREAT, NULL, 0, 0, _("cannot create %s: %s"),
		    od->lock_path, g_strerror(errno));
		return FALSE;
	}
	if (flock(od->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		ssize_t got = pread(od->lock_fd, pid, sizeof pid - 1, 0);
		pid[got > 0 ? got : 0] = '\0';
		g_strstrip(pid);
		pp_diag_error(diags, PP_EXIT_TEMPFAIL, NULL, 0, 0,
		    _("another run (pid %s) is writing %s: %s is locked"),
		    pid[0] != '\0' ? pid : "?", od->out, od->lock_path);
		close(od->lock_fd);
		od->lock_fd = -1;
		return FALSE;
	}
	n = g_snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(od->lock_fd, 0) != 0 || pwrite(od->lock_fd, pid, (size_t)n, 0) != n) {
		/* the pid is only a courtesy for the next run's message */
	}
	return TRUE;
}

gboolean
pp_outdir_begin(PpOutDir *od, const char *out, gboolean force, PpDiags *diags)
{
	memset(od, 0, sizeof *od);
	od->out = g_strdup(out);
	od->force = force;
	od->lock_fd = -1;
	od->tmp_fd = -1;
	if (!pp_outdir_check(out, force, diags))
		return FALSE;
	if (!take_lock(od, diags))
		return FALSE;
	/* checked again under the lock: another run may have just finished */
	if (!pp_outdir_check(out, force, diags))
		return FALSE;
	remove_stale(out);
	od->tmp = g_strdup_printf("%s.tmp-%ld-XXXXXX", out, (long)getpid());
	if (g_mkdtemp_full(od->tmp, 0755) == NULL) {
		pp_diag_error(diags, PP_EXIT_CANTCREAT, NULL, 0, 0, _("cannot create %s: %s"),
		    od->tmp, g_strerror(errno));
		g_clear_pointer(&od->tmp, g_free);
		return FALSE;
	}
	od->tmp_fd = open(od->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (od->tmp_fd < 0) {
		pp_diag_error(diags, PP_EXIT_CANTCREAT, NULL, 0, 0, _("cannot open %s: %s"),
		    od->tmp, g_strerror(errno));
		return FALSE;
	}
	return TRUE;
}

/* fsyncs the folder holding path. */
static void
sync_parent(const char *path)
{
	g_autofree char *dir = g_path_get_dirname(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

gboolean
pp_outdir_commit(PpOutDir *od, PpDiags *diags)
{
	struct stat st;

	if (fsync(od->tmp_fd) != 0) {
		pp_diag_error(diags, PP_EXIT_CANTCREAT, NULL, 0, 0, _("cannot write %s: %s"),
		    od->tmp, g_strerror(errno));
		return FALSE;
	}
	if (lstat(od->out, &st) == 0) {
		/* --force: swap the new folder in, then remove the old one */
		if (renameat2(AT_FDCWD, od->tmp, AT_FDCWD, od->out, RENAME_EXCHANGE) != 0) {
			pp_diag_error(diags, PP_EXIT_CANTCREAT, NULL, 0, 0,
			    _("cannot replace %s: %s"), od->out, g_strerror(errno));
			return FALSE;
		}
		od->committed = TRUE;
		sync_parent(od->out);
		pp_remove_tree(od->tmp); /* now the old output */
	} else {
		if (rename(od->tmp, od->out) != 0) {
			pp_diag_error(diags, PP_EXIT_CANTCREAT, NULL, 0, 0,
			    _("cannot rename %s to %s: %s"), od->tmp, od->out, g_strerror(errno));
			return FALSE;
		}
		od->committed = TRUE;
		sync_parent(od->out);
	}
	return TRUE;
}

void
pp_outdir_end(PpOutDir *od)
{
	if (od->tmp_fd >= 0)
		close(od->tmp_fd);
	if (od->tmp != NULL && !od->committed)
		pp_remove_tree(od->tmp);
	if (od->lock_fd >= 0)
		close(od->lock_fd); /* releases the flock; the file stays */
	g_free(od->tmp);
	g_free(od->lock_path);
	g_free(od->out);
	memset(od, 0, sizeof *od);
	od->lock_fd = od->tmp_fd = -1;
}
