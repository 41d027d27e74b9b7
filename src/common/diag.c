#include "diag.h"

#include <glib/gi18n.h>
#include <string.h>

struct _PpDiags {
	GPtrArray *items;	/* PpDiag*, in the order added */
	guint nerrors;		/* all errors, kept or not */
	guint nkept_errors;	/* errors in items */
	int status;		/* the winning exit status so far */
	GHashTable *kinds;	/* warning kind -> guint* count (both owned) */
	GPtrArray *kind_order;	/* kinds in the order first seen (borrowed from kinds) */
};

static void
diag_free(gpointer p)
{
	PpDiag *dg = p;
	if (dg == NULL)
		return;
	g_free(dg->kind);
	g_free(dg->file);
	g_free(dg->msg);
	g_free(dg);
}

PpDiags *
pp_diags_new(void)
{
	PpDiags *d = g_new0(PpDiags, 1);
	d->items = g_ptr_array_new_with_free_func(diag_free);
	d->kinds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	d->kind_order = g_ptr_array_new();
	return d;
}

void
pp_diags_free(PpDiags *d)
{
	if (d == NULL)
		return;
	g_ptr_array_unref(d->items);
	g_ptr_array_unref(d->kind_order);
	g_hash_table_unref(d->kinds);
	g_free(d);
}

/* Returns the rank of an exit status in the spec's precedence (lower wins). */
static int
status_rank(int status)
{
	static const int order[] = { PP_EXIT_USAGE, PP_EXIT_NOINPUT, PP_EXIT_CANTCREAT,
		PP_EXIT_DATAERR, PP_EXIT_TEMPFAIL, PP_EXIT_SOFTWARE };
	for (guint i = 0; i < G_N_ELEMENTS(order); i++)
		if (order[i] == status)
			return (int)i;
	return (int)G_N_ELEMENTS(order);
}

static void
add_error(PpDiags *d, PpDiag *dg)
{
	d->nerrors++;
	if (d->status == 0 || status_rank(dg->status) < status_rank(d->status))
		d->status = dg->status;
	if (d->nerrors <= PP_DIAG_MAX_ERRORS) {
		g_ptr_array_add(d->items, dg);
		d->nkept_errors++;
	} else
		diag_free(dg);
}

/* Returns TRUE when a warning of kind should be kept, counting it. */
static gboolean
count_kind(PpDiags *d, const char *kind, guint n)
{
	guint *count = g_hash_table_lookup(d->kinds, kind);
	guint before;

	if (count == NULL) {
		char *k = g_strdup(kind);
		count = g_new0(guint, 1);
		g_hash_table_insert(d->kinds, k, count);
		g_ptr_array_add(d->kind_order, k);
	}
	before = *count;
	*count += n;
	return before < PP_DIAG_MAX_PLACES;
}

void
pp_diag_error(PpDiags *d, int status, const char *file, guint line, guint col,
    const char *fmt, ...)
{
	PpDiag *dg = g_new0(PpDiag, 1);
	va_list ap;

	dg->sev = PP_SEV_ERROR;
	dg->status = status;
	dg->file = g_strdup(file);
	dg->line = line;
	dg->col = col;
	va_start(ap, fmt);
	dg->msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	add_error(d, dg);
}

void
pp_diag_warning(PpDiags *d, const char *kind, const char *file, guint line,
    const char *fmt, ...)
{
	PpDiag *dg;
	va_list ap;

	if (!count_kind(d, kind, 1))
		return;
	dg = g_new0(PpDiag, 1);
	dg->sev = PP_SEV_WARNING;
	dg->kind = g_strdup(kind);
	dg->file = g_strdup(file);
	dg->line = line;
	va_start(ap, fmt);
	dg->msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(d->items, dg);
}

void
pp_diag_note(PpDiags *d, const char *file, const char *fmt, ...)
{
	PpDiag *dg = g_new0(PpDiag, 1);
	va_list ap;

	dg->sev = PP_SEV_NOTE;
	dg->file = g_strdup(file);
	va_start(ap, fmt);
	dg->msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(d->items, dg);
}

void
pp_diags_take(PpDiags *dst, PpDiags *src)
{
	g_autoptr(GHashTable) moved = g_hash_table_new(g_str_hash, g_str_equal);

	for (guint i = 0; i < src->items->len; i++) {
		PpDiag *dg = src->items->pdata[i];
		src->items->pdata[i] = NULL;
		if (dg->sev == PP_SEV_ERROR)
			add_error(dst, dg);
		else if (dg->sev == PP_SEV_WARNING) {
			gpointer key = dg->kind; /* src->kinds' copy outlives dg */
			guint n;
			g_hash_table_lookup_extended(src->kinds, dg->kind, &key, NULL);
			n = GPOINTER_TO_UINT(g_hash_table_lookup(moved, key));
			g_hash_table_insert(moved, key, GUINT_TO_POINTER(n + 1));
			if (count_kind(dst, dg->kind, 1))
				g_ptr_array_add(dst->items, dg);
			else
				diag_free(dg);
		} else
			g_ptr_array_add(dst->items, dg);
	}
	g_ptr_array_set_size(src->items, 0);
	/* What src counted but did not keep is counted in dst too. */
	for (guint i = 0; i < src->kind_order->len; i++) {
		const char *k = g_ptr_array_index(src->kind_order, i);
		guint n = *(guint *)g_hash_table_lookup(src->kinds, k);
		guint m = GPOINTER_TO_UINT(g_hash_table_lookup(moved, k));
		if (n > m)
			count_kind(dst, k, n - m);
	}
	/* Same for errors, and the winning status. */
	if (src->nerrors > src->nkept_errors)
		dst->nerrors += src->nerrors - src->nkept_errors;
	if (src->status != 0 &&
	    (dst->status == 0 || status_rank(src->status) < status_rank(dst->status)))
		dst->status = src->status;
	g_hash_table_remove_all(moved);
	g_ptr_array_set_size(src->kind_order, 0);
	g_hash_table_remove_all(src->kinds);
	src->nerrors = 0;
	src->nkept_errors = 0;
	src->status = 0;
}

/* Orders diagnostics by file, line and column; those without a line last. */
static int
cmp_place(gconstpointer a, gconstpointer b)
{
	const PpDiag *x = *(PpDiag *const *)a, *y = *(PpDiag *const *)b;
	guint lx = x->line > 0 ? x->line : G_MAXUINT, ly = y->line > 0 ? y->line : G_MAXUINT;
	int f = g_strcmp0(x->file, y->file);

	if (f != 0)
		return f;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

void
pp_diags_sort(PpDiags *d)
{
	/* g_ptr_array_sort is a stable merge sort (g_qsort_with_data) */
	g_ptr_array_sort(d->items, cmp_place);
}

void
pp_diags_clear(PpDiags *d)
{
	g_ptr_array_set_size(d->items, 0);
	g_hash_table_remove_all(d->kinds);
	g_ptr_array_set_size(d->kind_order, 0);
	d->nerrors = 0;
	d->nkept_errors = 0;
	d->status = 0;
}

char *
pp_excerpt(const char *s, gsize n)
{
	GString *out = g_string_sized_new(MIN(n, 64) + 4);
	gsize i = 0;

	while (i < n) {
		guchar c = (guchar)s[i];
		gsize len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (out->len + len > 60) {
			g_string_append(out, "...");
			break;
		}
		if (c < 0x20 || c == 0x7F)
			g_string_append_c(out, '?');
		else
			g_string_append_len(out, s + i, (gssize)MIN(len, n - i));
		i += len;
	}
	return g_string_free(out, FALSE);
}

guint
pp_diags_error_count(const PpDiags *d)
{
	return d->nerrors;
}

int
pp_diags_exit_status(const PpDiags *d)
{
	return d->status;
}

static void
print_place(FILE *fp, const PpDiag *dg)
{
	if (dg->file == NULL) {
		fputs("payroll-penalty: ", fp);
		return;
	}
	fputs(dg->file, fp);
	if (dg->line > 0) {
		fprintf(fp, ":%u", dg->line);
		if (dg->col > 0)
			fprintf(fp, ":%u", dg->col);
	}
	fputs(": ", fp);
}

void
pp_diags_print(const PpDiags *d, FILE *fp, gboolean verbose)
{
	for (guint i = 0; i < d->items->len; i++) {
		const PpDiag *dg = g_ptr_array_index(d->items, i);
		const char *label;

		switch (dg->sev) {
		case PP_SEV_ERROR:
			label = _("error");
			break;
		case PP_SEV_WARNING:
			label = _("warning");
			break;
		default:
			if (!verbose)
				continue;
			label = _("note");
			break;
		}
		print_place(fp, dg);
		fprintf(fp, "%s: %s\n", label, dg->msg);
	}
	for (guint i = 0; i < d->kind_order->len; i++) {
		const char *k = g_ptr_array_index(d->kind_order, i);
		guint n = *(guint *)g_hash_table_lookup(d->kinds, k);
		if (n > PP_DIAG_MAX_PLACES)
			fprintf(fp, _("payroll-penalty: warning: %u more warnings of kind '%s' not shown (%u in all)\n"),
			    n - PP_DIAG_MAX_PLACES, k, n);
	}
	if (d->nerrors > PP_DIAG_MAX_ERRORS)
		fprintf(fp, _("payroll-penalty: error: %u more errors not shown (%u in all)\n"),
		    d->nerrors - PP_DIAG_MAX_ERRORS, d->nerrors);
}
