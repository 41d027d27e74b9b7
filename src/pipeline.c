#include "pipeline.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common/fixed.h"
#include "common/sha256.h"
#include "compute/compute.h"
#include "model.h"
#include "read/rules.h"
#include "read/tables.h"
#include "write/explain.h"
#include "write/manifest.h"
#include "write/outdir.h"
#include "write/outputs.h"

/* Returns the kB of a line ("VmRSS", "VmHWM") of /proc/self/status, or 0. */
static guint64
status_kb(const char *what)
{
	g_autofree char *text = NULL;
	const char *p;

	if (!g_file_get_contents("/proc/self/status", &text, NULL, NULL) ||
	    (p = strstr(text, what)) == NULL)
		return 0;
	return g_ascii_strtoull(p + strlen(what) + 1, NULL, 10);
}

/* PAYROLL_PENALTY_TIMING=1: each phase's wall time on stderr, with the
 * memory in use at its end, the peak so far and the page faults it took
 * (fresh memory touched), and each output's time
 * (bench/). */
static gboolean
timing_on(void)
{
	static int on = -1;
	if (on < 0)
		on = g_getenv("PAYROLL_PENALTY_TIMING") != NULL;
	return on;
}

static void
phase(const char *name)
{
	static gint64 last;
	static long last_faults;
	gint64 now = g_get_monotonic_time();
	struct rusage ru;

	if (!timing_on())
		return;
	getrusage(RUSAGE_SELF, &ru);
	if (name != NULL)
		fprintf(stderr, "timing: %-10s %7.3f s  rss %5" G_GUINT64_FORMAT " MB  peak %5"
		    G_GUINT64_FORMAT " MB  faults %7ld\n", name, (double)(now - last) / 1e6,
		    status_kb("VmRSS:") / 1024, status_kb("VmHWM:") / 1024,
		    ru.ru_minflt - last_faults);
	last_faults = ru.ru_minflt;
	last = g_get_monotonic_time();
}

/* Returns the threads to use: --threads, or one per processor. */
static guint
threads_of(const PpOptions *o)
{
	return o->threads > 0 ? o->threads : g_get_num_processors();
}

/* Reports every input that cannot be read (66) before any work starts. */
static void
check_readable(const PpOptions *o, PpDiags *diags)
{
	const char *single[] = { o->rules, o->wages, o->org, o->carry_in };

	for (guint i = 0; i < G_N_ELEMENTS(single) + o->n_violations; i++) {
		const char *p = i < G_N_ELEMENTS(single) ? single[i] :
		    o->violations[i - G_N_ELEMENTS(single)];
		if (p != NULL && access(p, R_OK) != 0)
			pp_diag_error(diags, PP_EXIT_NOINPUT, p, 0, 0, _("cannot read: %s"),
			    g_strerror(errno));
	}
}

/* Reads and parses the rule table into m (hashing its bytes). */
static void
load_rules(PpMonth *m, const char *path, PpDiags *diags)
{
	g_autofree char *data = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(PpSha256) h = pp_sha256_new();
	gsize len = 0;

	m->rules_file.path = g_strdup(path);
	if (!g_file_get_contents(path, &data, &len, &error)) {
		pp_diag_error(diags, PP_EXIT_NOINPUT, path, 0, 0, _("cannot read: %s"),
		    error->message);
		return;
	}
	pp_sha256_update(h, data, len);
	pp_sha256_hex(h, m->rules_file.sha256);
	m->rules_file.bytes = len;
	m->rules = pp_rules_parse(path, data, len, diags);
}

/* --verbose: the rule table and the minimum wages in force this month. */
static void
note_rules(const PpMonth *m, PpDiags *diags)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	char mo[8], amount[PP_FIXED_BUFSZ];

	pp_diag_note(diags, m->rules_file.path, _("rules '%s', effective from %s, SHA-256 %s"),
	    m->rules->name, pp_format_month(mo, m->rules->effective_from), m->rules_file.sha256);
	for (guint i = 0; i < m->rules->minimum_wage->len; i++) {
		const PpMinWage *w = &g_array_index(m->rules->minimum_wage, PpMinWage, i);
		int64_t fen;
		if (g_hash_table_contains(seen, w->region))
			continue;
		g_hash_table_add(seen, w->region);
		if (pp_rules_minimum_wage(m->rules, w->region, pp_month_first_day(m->month), &fen))
			pp_diag_note(diags, m->rules_file.path, _("minimum wage in %s on %s-01: %s"),
			    w->region, pp_format_month(mo, m->month), pp_format_money(amount, fen));
	}
}

static int
cmp_path(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One file read on a worker thread into its own part of the month. */
typedef struct {
	gboolean (*read)(PpMonth *, const char *, PpEncoding, PpDiags *);
	const char *path;
	PpEncoding encoding;
	PpMonth *part;
	PpDiags *diags;
} ReadJob;

static void
read_job(gpointer data, gpointer user)
{
	ReadJob *j = data;
	j->read(j->part, j->path, j->encoding, j->diags);
}

/*
 * Reads every CSV input into m (its rules already loaded) and validates
 * it.  The wages on this thread: they name most employees; meanwhile the
 * violation files, then the org and the ledger, on `threads` threads,
 * each into a part that looks employees up in m once the wages are read
 * (a violations part keeps its rows' IDs waiting until then).  The parts
 * are merged in the order org, ledger, violation files (in byte order of
 * path), so that the month is the same on any number of threads.
 */
static void
load_month(const PpOptions *o, PpMonth *m, PpDiags *diags)
{
	g_autofree const char **paths = g_new(const char *, o->n_violations + 1);
	g_autoptr(GArray) jobs = g_array_new(FALSE, TRUE, sizeof(ReadJob));
	guint threads = threads_of(o);
	PpProgress progress;

	pp_progress_init(&progress, o->quiet);
	m->progress = &progress;
	if (o->org != NULL) {
		ReadJob j = { pp_read_org, o->org, o->encoding, NULL, NULL };
		g_array_append_val(jobs, j);
	}
	if (o->carry_in != NULL) {
		ReadJob j = { pp_read_ledger, o->carry_in, o->encoding, NULL, NULL };
		g_array_append_val(jobs, j);
	}
	/* violation files in byte order of their paths, whatever the shell gave */
	memcpy(paths, o->violations, sizeof(char *) * o->n_violations);
	qsort(paths, o->n_violations, sizeof(char *), cmp_path);
	for (guint i = 0; i < o->n_violations; i++) {
		ReadJob j = { pp_read_violations, paths[i], o->encoding, NULL, NULL };
		g_array_append_val(jobs, j);
	}
	for (guint i = 0; i < jobs->len; i++) {
		ReadJob *j = &g_array_index(jobs, ReadJob, i);
		j->part = pp_month_new_part(m);
		j->part->progress = &progress;
		j->diags = pp_diags_new();
	}
	if (threads <= 1 || jobs->len <= 1) {
		pp_read_wages(m, o->wages, o->encoding, diags);
		phase("read-wages");
		for (guint i = 0; i < jobs->len; i++)
			read_job(&g_array_index(jobs, ReadJob, i), NULL);
	} else {
		GThreadPool *pool;
		/* the violation files first: they can be read before the wages are */
		pp_month_index_pending(m);
		pool = g_thread_pool_new(read_job, NULL, (gint)threads, TRUE, NULL);
		for (guint i = 0; i < jobs->len; i++)
			if (g_array_index(jobs, ReadJob, i).read == pp_read_violations)
				g_thread_pool_push(pool, &g_array_index(jobs, ReadJob, i), NULL);
		for (guint i = 0; i < jobs->len; i++)
			if (g_array_index(jobs, ReadJob, i).read != pp_read_violations)
				g_thread_pool_push(pool, &g_array_index(jobs, ReadJob, i), NULL);
		pp_read_wages(m, o->wages, o->encoding, diags);
		pp_month_index_complete(m);
		phase("read-wages");
		g_thread_pool_free(pool, FALSE, TRUE);
	}
	phase("read");
	for (guint i = 0; i < jobs->len; i++) {
		ReadJob *j = &g_array_index(jobs, ReadJob, i);
		guint64 limit;
		pp_diags_take(diags, j->diags);
		pp_diags_free(j->diags);
		limit = pp_month_part_fits(m, j->part);
		if (limit == PP_MAX_RECORDS)
			pp_diag_error(diags, PP_EXIT_DATAERR, j->path, 0, 0,
			    _("too many violation records in one run: %u (at most %d)"),
			    (guint)MIN(pp_month_n_records(m) + pp_month_n_records(j->part), G_MAXUINT),
			    (int)PP_MAX_RECORDS);
		else if (limit != 0)
			pp_diag_error(diags, PP_EXIT_DATAERR, j->path, 0, 0,
			    _("the record and case IDs of one run take more than %llu bytes"),
			    (unsigned long long)limit);
		if (limit != 0) {
			pp_month_free(j->part);
			continue;
		}
		pp_month_merge(m, j->part);
	}
	pp_progress_end(&progress);
	m->progress = NULL;
	phase("merge");
	pp_month_validate(m, threads, diags);
	if (m->rules != NULL && o->verbose)
		note_rules(m, diags);
}

/* The short human summary on stdout. */
static void
print_summary(const PpOptions *o, const PpMonth *m, const PpResult *res)
{
	char mo[8], a[PP_FIXED_BUFSZ], b[PP_FIXED_BUFSZ], c[PP_FIXED_BUFSZ];

	printf(_("month %s: %u employees on payroll, %u violation records (%llu charged, %llu held, %llu overturned)\n"),
	    pp_format_month(mo, m->month), res->payroll->len, m->records->len,
	    (unsigned long long)res->n_charged, (unsigned long long)res->n_held,
	    (unsigned long long)res->n_overturned);
	printf(_("assessed: own %s, liability %s; carry-in %s\n"),
	    pp_format_money(a, res->total_own_assessed),
	    pp_format_money(b, res->total_liability_assessed),
	    pp_format_money(c, res->total_carry_in + res->carried_unpaid));
	printf(_("deducted %s, carried out %s, waived %s\n"),
	    pp_format_money(a, res->total_deduction),
	    pp_format_money(b, res->total_carry_out + res->carried_unpaid),
	    pp_format_money(c, res->total_waived));
	if (o->cmd == PP_CMD_RUN)
		printf(_("written to %s\n"), o->out);
	else
		printf(_("nothing written (check)\n"));
}

/* What the computation's PpRecordsDone is given, and what it started. */
typedef struct {
	const PpOptions *o;
	const PpOutDir *od;
	PpMonth *m;
	PpWriting *early;
} Early;

/* The records are done (PpRecordsDone): the records in record_id order
 * served liability.csv's order only, and go before the payroll takes its
 * memory; with more than one thread, detail.csv and liability.csv are
 * written while the payroll is computed. */
static void
records_done(const PpResult *res, gpointer user)
{
	Early *e = user;

	g_clear_pointer(&e->m->rid_order, g_free);
	if (e->o->cmd == PP_CMD_RUN && threads_of(e->o) > 1 && e->od->tmp_fd >= 0)
		e->early = pp_write_early(e->od->tmp_fd, e->m, res, e->o->bom, threads_of(e->o));
}

/* Writes everything (detail.csv and liability.csv perhaps begun early) into od's
 * temporary folder and moves it into place. */
static void
write_all(const PpOptions *o, PpOutDir *od, const PpMonth *m, const PpResult *res,
    PpWriting *early, PpDiags *diags)
{
	PpOutputFile files[PP_OUT_N];
	g_autofree char *cwd = g_get_current_dir();
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autofree char *started = g_date_time_format_iso8601(now);
	PpRunInfo run = { o->argv, o->argc, cwd, started };
	int err;

	err = pp_write_outputs(od->tmp_fd, m, res, o->bom, threads_of(o), early, files);
	for (guint i = 0; err == 0 && i < PP_OUT_N && timing_on(); i++)
		fprintf(stderr, "timing:   %-14s %7.3f s\n", files[i].name, (double)files[i].usec / 1e6);
	if (err == 0)
		err = pp_write_manifest(od->tmp_fd, &run, m, res, files);
	if (err != 0)
		pp_diag_error(diags, PP_EXIT_CANTCREAT, NULL, 0, 0, _("cannot write %s: %s"),
		    od->tmp, g_strerror(err));
	else
		pp_outdir_commit(od, diags);
}

/* Usage problems only the inputs reveal: duplicate paths, a missing --org. */
static void
check_usage(const PpOptions *o, const PpMonth *m, PpDiags *diags)
{
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

	if (o->n_violations > PP_MAX_VIOLATION_FILES)
		pp_diag_error(diags, PP_EXIT_USAGE, NULL, 0, 0,
		    _("too many violations files: %u (at most %u)"), o->n_violations,
		    PP_MAX_VIOLATION_FILES);
	for (guint i = 0; i < o->n_violations; i++) {
		if (!g_hash_table_add(seen, (gpointer)o->violations[i]))
			pp_diag_error(diags, PP_EXIT_USAGE, NULL, 0, 0,
			    _("the violations file %s is given twice"), o->violations[i]);
	}
	if (m->rules != NULL && pp_rules_has_liability(m->rules) && o->org == NULL)
		pp_diag_error(diags, PP_EXIT_USAGE, NULL, 0, 0,
		    _("--org is required: the rule table charges supervisors (liability ratios above 0); see 'payroll-penalty %s --help'"),
		    o->cmd == PP_CMD_RUN ? "run" : o->cmd == PP_CMD_CHECK ? "check" : "explain");
}

int
pp_pipeline_run(const PpOptions *o)
{
	g_autoptr(PpDiags) diags = pp_diags_new();
	g_autoptr(PpMonth) m = pp_month_new(o->month);
	g_autoptr(PpResult) res = NULL;
	PpOutDir od = { .lock_fd = -1, .tmp_fd = -1 };
	Early early = { o, &od, m, NULL };

	/* what stops a run before any data is read: usage (64), unreadable
	 * inputs (66), the output folder (73) or its lock (75) */
	if (access(o->rules, R_OK) == 0)
		load_rules(m, o->rules, diags);
	check_usage(o, m, diags);
	check_readable(o, diags);
	if (o->cmd == PP_CMD_RUN && pp_diags_error_count(diags) == 0)
		pp_outdir_begin(&od, o->out, o->force, diags);
	else if (o->cmd == PP_CMD_RUN)
		pp_outdir_check(o->out, o->force, diags);
	if (pp_diags_error_count(diags) > 0 && pp_diags_exit_status(diags) != PP_EXIT_DATAERR)
		goto done;

	phase(NULL);
	load_month(o, m, diags);
	phase("validate");
	/* computed even after errors, for the problems only it can see; with
	 * more than one thread, the big outputs are written while it ends */
	if (m->rules != NULL)
		res = pp_compute_staged(m, diags, threads_of(o), records_done, &early);
	/* (when it stopped before records_done) */
	g_clear_pointer(&m->rid_order, g_free);
	phase("compute");
	if (pp_diags_error_count(diags) > 0 || res == NULL) {
		/* (before the temporary folder it writes into goes) */
		pp_write_abandon(early.early);
		goto done;
	}
	if (o->cmd == PP_CMD_EXPLAIN) {
		PpEmp e = pp_month_find(m, o->employee);
		if (e == PP_NO_EMP || !pp_explain(stdout, m, res, e))
			pp_diag_error(diags, PP_EXIT_USAGE, NULL, 0, 0,
			    _("unknown employee '%s': not in the wages, the violations or the ledger"),
			    o->employee);
		goto done;
	}
	if (o->cmd == PP_CMD_RUN)
		write_all(o, &od, m, res, early.early, diags);
	phase("write");
	if (pp_diags_error_count(diags) == 0 && !o->quiet)
		print_summary(o, m, res);
done:
	if (o->cmd == PP_CMD_RUN)
		pp_outdir_end(&od);
	pp_diags_print(diags, stderr, o->verbose);
	return pp_diags_exit_status(diags);
}

void
pp_options_clear(PpOptions *o)
{
	g_clear_pointer(&o->violations, g_free);
}
