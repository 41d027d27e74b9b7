#include "manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "common/fixed.h"

typedef struct {
	yaml_emitter_t em;
	gboolean ok;
} Em;

static void
emit(Em *e, yaml_event_t *ev)
{
	if (e->ok && !yaml_emitter_emit(&e->em, ev))
		e->ok = FALSE;
}

static void
scalar(Em *e, const char *s)
{
	yaml_event_t ev;
	/* quote what YAML would read as another type (numbers, dates) */
	gboolean plain = s[0] != '\0' && strspn(s, "0123456789.-:") != strlen(s);
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s),
	    plain, !plain, plain ? YAML_ANY_SCALAR_STYLE : YAML_SINGLE_QUOTED_SCALAR_STYLE);
	emit(e, &ev);
}

static void
number(Em *e, guint64 v)
{
	char b[24];
	yaml_event_t ev;
	g_snprintf(b, sizeof b, "%" G_GUINT64_FORMAT, v);
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)b, (int)strlen(b), 1, 0,
	    YAML_PLAIN_SCALAR_STYLE);
	emit(e, &ev);
}

static void
money(Em *e, const char *key, int64_t fen)
{
	char b[PP_FIXED_BUFSZ];
	scalar(e, key);
	scalar(e, pp_format_money(b, fen));
}

static void
map_start(Em *e, gboolean flow)
{
	yaml_event_t ev;
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	    flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	emit(e, &ev);
}

static void
map_end(Em *e)
{
	yaml_event_t ev;
	yaml_mapping_end_event_initialize(&ev);
	emit(e, &ev);
}

static void
seq_start(Em *e, gboolean flow)
{
	yaml_event_t ev;
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
	    flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
	emit(e, &ev);
}

static void
seq_end(Em *e)
{
	yaml_event_t ev;
	yaml_sequence_end_event_initialize(&ev);
	emit(e, &ev);
}

static void
kv(Em *e, const char *k, const char *v)
{
	scalar(e, k);
	scalar(e, v);
}

/* One input as {path, sha256, rows, bytes, encoding}. */
static void
input(Em *e, const PpInputFile *f, gboolean csv)
{
	map_start(e, FALSE);
	kv(e, "path", f->path);
	kv(e, "sha256", f->sha256);
	if (csv) {
		scalar(e, "rows");
		number(e, f->rows);
		kv(e, "encoding", f->encoding != NULL ? f->encoding : "utf-8");
	}
	scalar(e, "bytes");
	number(e, f->bytes);
	map_end(e);
}

static int
write_handler(void *data, unsigned char *buf, size_t size)
{
	int fd = *(int *)data;
	while (size > 0) {
		ssize_t n = write(fd, buf, size);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return 0;
		}
		buf += n;
		size -= (size_t)n;
	}
	return 1;
}

int
pp_write_manifest(int dirfd, const PpRunInfo *run, const PpMonth *m, const PpResult *res,
    const PpOutputFile files[PP_OUT_N])
{
	Em e = { .ok = TRUE };
	yaml_event_t ev;
	char mo[8];
	int fd = openat(dirfd, "manifest.yaml", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	int err = 0;

	if (fd < 0)
		return errno;
	yaml_emitter_initialize(&e.em);
	yaml_emitter_set_output(&e.em, write_handler, &fd);
	yaml_emitter_set_unicode(&e.em, 1);
	yaml_emitter_set_width(&e.em, -1);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(&e, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit(&e, &ev);
	map_start(&e, FALSE);
	kv(&e, "tool", "payroll-penalty");
	kv(&e, "version", PP_VERSION);
	kv(&e, "month", pp_format_month(mo, m->month));
	scalar(&e, "arguments");
	seq_start(&e, FALSE);
	for (int i = 0; i < run->argc; i++)
		scalar(&e, run->argv[i]);
	seq_end(&e);
	kv(&e, "cwd", run->cwd);
	if (run->started != NULL)
		kv(&e, "started", run->started);

	scalar(&e, "inputs");
	map_start(&e, FALSE);
	scalar(&e, "rules");
	input(&e, &m->rules_file, FALSE);
	scalar(&e, "wages");
	input(&e, &m->wages_file, TRUE);
	if (m->has_org) {
		scalar(&e, "org");
		input(&e, &m->org_file, TRUE);
	}
	if (m->has_ledger) {
		scalar(&e, "carry_in");
		input(&e, &m->ledger_file, TRUE);
	}
	scalar(&e, "violations");
	seq_start(&e, FALSE);
	for (guint i = 0; i < m->violation_files->len; i++)
		input(&e, &g_array_index(m->violation_files, PpInputFile, i), TRUE);
	seq_end(&e);
	map_end(&e);

	scalar(&e, "outputs");
	map_start(&e, FALSE);
	for (guint i = 0; i < PP_OUT_N; i++) {
		scalar(&e, files[i].name);
		map_start(&e, FALSE);
		kv(&e, "sha256", files[i].sha256);
		scalar(&e, "rows");
		number(&e, files[i].rows);
		scalar(&e, "bytes");
		number(&e, files[i].bytes);
		map_end(&e);
	}
	map_end(&e);

	scalar(&e, "totals");
	map_start(&e, FALSE);
	scalar(&e, "employees");
	number(&e, res->payroll->len);
	scalar(&e, "records");
	number(&e, m->records->len);
	scalar(&e, "charged");
	number(&e, res->n_charged);
	scalar(&e, "held");
	number(&e, res->n_held);
	scalar(&e, "overturned");
	number(&e, res->n_overturned);
	money(&e, "gross_wage", res->total_gross);
	money(&e, "management_allowance", res->total_allowance);
	money(&e, "own_assessed", res->total_own_assessed);
	money(&e, "liability_assessed", res->total_liability_assessed);
	money(&e, "carry_in", res->total_carry_in);
	money(&e, "wage_cap", res->total_wage_cap);
	money(&e, "liability_cap", res->total_liability_cap);
	money(&e, "minimum_wage", res->total_minimum_wage);
	money(&e, "deduction", res->total_deduction);
	money(&e, "net_pay", res->total_net_pay);
	money(&e, "carry_out", res->total_carry_out);
	money(&e, "waived", res->total_waived);
	money(&e, "carried_forward_without_wages", res->carried_unpaid);
	map_end(&e);

	map_end(&e);
	yaml_document_end_event_initialize(&ev, 1);
	emit(&e, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit(&e, &ev);
	if (!e.ok || !yaml_emitter_flush(&e.em))
		err = errno != 0 ? errno : EIO;
	yaml_emitter_delete(&e.em);
	if (err == 0 && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	return err;
}
