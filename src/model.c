#include "model.h"

#include <string.h>

static void
input_file_clear(gpointer p)
{
	PpInputFile *f = p;
	g_free(f->path);
}

PpMonth *
pp_month_new(int32_t month)
{
	PpMonth *m = g_new0(PpMonth, 1);

	m->month = month;
	m->strings = g_string_chunk_new(1 << 20);
	m->emp_index = g_hash_table_new(g_str_hash, g_str_equal);
	m->emp_ids = g_ptr_array_new();
	m->records = g_array_new(FALSE, FALSE, sizeof(PpRecord));
	m->wages = g_array_new(FALSE, FALSE, sizeof(PpWage));
	m->org = g_array_new(FALSE, FALSE, sizeof(PpOrgRow));
	m->carry = g_array_new(FALSE, FALSE, sizeof(PpCarry));
	m->violation_files = g_array_new(FALSE, TRUE, sizeof(PpInputFile));
	g_array_set_clear_func(m->violation_files, input_file_clear);
	return m;
}

void
pp_month_free(PpMonth *m)
{
	if (m == NULL)
		return;
	pp_rules_free(m->rules);
	g_string_chunk_free(m->strings);
	g_hash_table_unref(m->emp_index);
	g_ptr_array_unref(m->emp_ids);
	g_array_unref(m->records);
	g_array_unref(m->wages);
	g_array_unref(m->org);
	g_array_unref(m->carry);
	g_array_unref(m->violation_files);
	g_free(m->rules_file.path);
	g_free(m->wages_file.path);
	g_free(m->org_file.path);
	g_free(m->ledger_file.path);
	g_free(m);
}

PpEmp
pp_month_intern(PpMonth *m, const char *id, gsize len)
{
	char stackbuf[64];
	char *key = len < sizeof stackbuf ? stackbuf : g_malloc(len + 1);
	gpointer v;
	PpEmp e;

	memcpy(key, id, len);
	key[len] = '\0';
	v = g_hash_table_lookup(m->emp_index, key);
	if (v != NULL) {
		if (key != stackbuf)
			g_free(key);
		return GPOINTER_TO_UINT(v) - 1;
	}
	e = m->emp_ids->len;
	{
		char *s = g_string_chunk_insert_len(m->strings, id, (gssize)len);
		g_ptr_array_add(m->emp_ids, s);
		g_hash_table_insert(m->emp_index, s, GUINT_TO_POINTER(e + 1));
	}
	if (key != stackbuf)
		g_free(key);
	return e;
}

PpEmp
pp_month_find(const PpMonth *m, const char *id)
{
	gpointer v = g_hash_table_lookup(m->emp_index, id);
	return v != NULL ? GPOINTER_TO_UINT(v) - 1 : PP_NO_EMP;
}
