#include "model.h"

#include <string.h>

static void
segment_free(gpointer p)
{
	PpRecordSegment *seg = p;
	g_array_unref(seg->records);
	g_byte_array_unref(seg->ids);
	g_free(seg);
}

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
	g_mutex_init(&m->index_lock);
	g_cond_init(&m->index_cond);
	m->index_done = TRUE;
	m->strings = g_string_chunk_new(1 << 20);
	m->ids = g_byte_array_new();
	m->max_id_bytes = PP_MAX_ID_BYTES;
	m->emp_ids = g_ptr_array_new();
	pp_idtable_init(&m->emp_index, m->emp_ids);
	m->records = g_array_new(FALSE, FALSE, sizeof(PpRecord));
	m->segments = g_ptr_array_new_with_free_func(segment_free);
	m->wages = g_array_new(FALSE, FALSE, sizeof(PpWage));
	m->org = g_array_new(FALSE, FALSE, sizeof(PpOrgRow));
	m->carry = g_array_new(FALSE, FALSE, sizeof(PpCarry));
	m->violation_files = g_array_new(FALSE, TRUE, sizeof(PpInputFile));
	g_array_set_clear_func(m->violation_files, input_file_clear);
	m->sources = g_ptr_array_new();
	m->source_index = g_hash_table_new(g_str_hash, g_str_equal);
	pp_month_intern_source(m, "", 0);
	return m;
}

void
pp_month_free(PpMonth *m)
{
	if (m == NULL)
		return;
	if (m->parent == NULL)
		pp_rules_free(m->rules);
	g_string_chunk_free(m->strings);
	if (m->ids != NULL)
		g_byte_array_unref(m->ids);
	if (m->chunks != NULL)
		g_ptr_array_unref(m->chunks);
	pp_idtable_clear(&m->emp_index);
	g_ptr_array_unref(m->emp_ids);
	if (m->records != NULL)
		g_array_unref(m->records);
	g_ptr_array_unref(m->segments);
	g_array_unref(m->wages);
	g_array_unref(m->org);
	g_array_unref(m->carry);
	g_array_unref(m->violation_files);
	g_ptr_array_unref(m->sources);
	g_hash_table_unref(m->source_index);
	g_free(m->rid_order);
	g_free(m->rules_file.path);
	g_free(m->wages_file.path);
	g_free(m->org_file.path);
	g_free(m->ledger_file.path);
	g_mutex_clear(&m->index_lock);
	g_cond_clear(&m->index_cond);
	g_free(m);
}

PpEmp
pp_month_intern(PpMonth *m, const char *id, gsize len)
{
	return pp_month_intern_hashed(m, id, len, pp_idtable_hash(id, len));
}

void
pp_month_prefetch_emp(const PpMonth *m, guint32 hash)
{
	pp_idtable_prefetch(m->parent != NULL ? &m->parent->emp_index : &m->emp_index, hash);
}

PpEmp
pp_month_intern_hashed(PpMonth *m, const char *id, gsize len, guint32 hash)
{
	guint32 e;

	g_return_val_if_fail(m->emp_index.slots != NULL, PP_NO_EMP);
	if (m->parent != NULL) {
		/* read-only: the parent takes no IDs while its parts are read */
		e = pp_idtable_find_hashed(&m->parent->emp_index, id, len, hash);
		if (e != G_MAXUINT32)
			return e;
	}
	e = pp_idtable_find_hashed(&m->emp_index, id, len, hash);
	if (e == G_MAXUINT32) {
		char *s = g_string_chunk_insert_len(m->strings, id, (gssize)len);
		e = m->emp_ids->len;
		g_ptr_array_add(m->emp_ids, s);
		pp_idtable_add(&m->emp_index, s, len, e);
	}
	return m->parent != NULL ? e | PP_LOCAL_EMP : e;
}

PpMonth *
pp_month_new_part(const PpMonth *parent)
{
	PpMonth *p = pp_month_new(parent->month);
	p->parent = parent;
	p->rules = parent->rules;
	p->has_org = parent->has_org;
	return p;
}

/* Returns the parent's employee for a part's e (interning local IDs). */
static inline PpEmp
map_emp(const guint32 *local_map, PpEmp e)
{
	if (e == PP_NO_EMP || !(e & PP_LOCAL_EMP))
		return e;
	return local_map[e & ~PP_LOCAL_EMP];
}

static void
move_file(PpInputFile *dst, PpInputFile *src)
{
	g_free(dst->path);
	*dst = *src;
	src->path = NULL;
}

void
pp_month_merge(PpMonth *m, PpMonth *part)
{
	guint violation_file = m->violation_files->len;
	g_autofree guint32 *emps = g_new(guint32, part->emp_ids->len + 1);
	g_autofree guint32 *sources = g_new(guint32, part->sources->len + 1);
	guint base;

	for (guint i = 0; i < part->emp_ids->len; i++) {
		const char *id = g_ptr_array_index(part->emp_ids, i);
		emps[i] = pp_month_intern(m, id, strlen(id));
	}
	for (guint i = 0; i < part->sources->len; i++) {
		const char *s = g_ptr_array_index(part->sources, i);
		sources[i] = pp_month_intern_source(m, s, strlen(s));
	}
	/* the caller checked that they fit (pp_month_part_fits) */
	g_assert(pp_month_part_fits(m, part) == 0);
	for (guint i = 0; i < part->records->len; i++) {
		PpRecord *r = &g_array_index(part->records, PpRecord, i);
		r->emp = map_emp(emps, r->emp);
		r->source = sources[r->source];
		r->file = (guint16)violation_file;
	}
	if (part->records->len > 0) {
		PpRecordSegment *seg = g_new(PpRecordSegment, 1);
		seg->records = g_steal_pointer(&part->records);
		seg->ids = g_steal_pointer(&part->ids);
		m->segment_records += seg->records->len;
		m->segment_id_bytes += seg->ids->len;
		g_ptr_array_add(m->segments, seg);
	}
	base = m->org->len;
	g_array_append_vals(m->org, part->org->data, part->org->len);
	for (guint i = base; i < m->org->len; i++) {
		PpOrgRow *o = &g_array_index(m->org, PpOrgRow, i);
		o->emp = map_emp(emps, o->emp);
		o->direct = map_emp(emps, o->direct);
		o->indirect = map_emp(emps, o->indirect);
	}
	base = m->carry->len;
	g_array_append_vals(m->carry, part->carry->data, part->carry->len);
	for (guint i = base; i < m->carry->len; i++) {
		PpCarry *c = &g_array_index(m->carry, PpCarry, i);
		c->emp = map_emp(emps, c->emp);
	}
	if (part->has_org && part->org_file.path != NULL) {
		m->has_org = TRUE;
		move_file(&m->org_file, &part->org_file);
	}
	if (part->has_ledger) {
		m->has_ledger = TRUE;
		move_file(&m->ledger_file, &part->ledger_file);
	}
	for (guint i = 0; i < part->violation_files->len; i++) {
		PpInputFile f = g_array_index(part->violation_files, PpInputFile, i);
		g_array_index(part->violation_files, PpInputFile, i).path = NULL;
		g_array_append_val(m->violation_files, f);
	}
	/* the rows point into the part's strings: keep them */
	if (m->chunks == NULL)
		m->chunks = g_ptr_array_new_with_free_func((GDestroyNotify)g_string_chunk_free);
	g_ptr_array_add(m->chunks, part->strings);
	part->strings = g_string_chunk_new(64);
	if (part->chunks != NULL) {
		g_ptr_array_extend_and_steal(m->chunks, part->chunks);
		part->chunks = NULL;
	}
	pp_month_free(part);
}

/* index_done is an atomic flag (a full barrier each way: what the month
 * interned before setting it is seen by a part that sees it set); the
 * mutex and condition only let parts sleep while they wait. */
void
pp_month_index_pending(PpMonth *m)
{
	g_atomic_int_set(&m->index_done, FALSE);
}

void
pp_month_index_complete(PpMonth *m)
{
	g_mutex_lock(&m->index_lock);
	g_atomic_int_set(&m->index_done, TRUE);
	g_cond_broadcast(&m->index_cond);
	g_mutex_unlock(&m->index_lock);
}

gboolean
pp_month_index_ready(const PpMonth *part)
{
	PpMonth *p = (PpMonth *)part->parent;
	return p == NULL || g_atomic_int_get(&p->index_done);
}

void
pp_month_wait_index(const PpMonth *part)
{
	PpMonth *p = (PpMonth *)part->parent;

	if (pp_month_index_ready(part))
		return;
	g_mutex_lock(&p->index_lock);
	while (!g_atomic_int_get(&p->index_done))
		g_cond_wait(&p->index_cond, &p->index_lock);
	g_mutex_unlock(&p->index_lock);
}

PpEmp
pp_month_find(const PpMonth *m, const char *id)
{
	guint32 lo = 0, hi = pp_month_n_emps(m);

	if (m->emp_index.slots != NULL) {
		guint32 e = pp_idtable_find(&m->emp_index, id, strlen(id));
		return e == G_MAXUINT32 ? PP_NO_EMP : e;
	}
	/* the index is gone (pp_month_drop_index): the IDs are in byte order */
	while (lo < hi) {
		guint32 mid = lo + (hi - lo) / 2;
		int c = strcmp(pp_month_emp_id(m, mid), id);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return PP_NO_EMP;
}

void
pp_month_drop_index(PpMonth *m)
{
	pp_idtable_clear(&m->emp_index);
}

guint32
pp_month_keep_ids(PpMonth *m, const char *rid, gsize rlen, const char *cid, gsize clen)
{
	guint32 at = m->ids->len;
	guint8 *p;

	if ((guint64)at + rlen + clen + 2 > m->max_id_bytes)
		return G_MAXUINT32;
	g_byte_array_set_size(m->ids, (guint)(at + rlen + clen + 2));
	p = m->ids->data + at;
	memcpy(p, rid, rlen);
	p[rlen] = '\0';
	memcpy(p + rlen + 1, cid, clen);
	p[rlen + 1 + clen] = '\0';
	return at;
}

guint64
pp_month_part_fits(const PpMonth *m, const PpMonth *part)
{
	if (pp_month_n_records(m) + pp_month_n_records(part) > PP_MAX_RECORDS)
		return PP_MAX_RECORDS;
	if ((guint64)m->ids->len + m->segment_id_bytes + part->ids->len + part->segment_id_bytes >
	    m->max_id_bytes)
		return m->max_id_bytes;
	return 0;
}

guint64
pp_month_n_records(const PpMonth *m)
{
	return m->records->len + m->segment_records;
}

guint32
pp_month_intern_source(PpMonth *m, const char *s, gsize n)
{
	char stackbuf[128];
	char *key;
	gpointer v;
	guint32 i;

	/* rows of one file mostly have the source of the row before */
	if (m->last_source < m->sources->len) {
		const char *last = g_ptr_array_index(m->sources, m->last_source);
		if (strncmp(last, s, n) == 0 && last[n] == '\0')
			return m->last_source;
	}
	key = n < sizeof stackbuf ? stackbuf : g_malloc(n + 1);
	memcpy(key, s, n);
	key[n] = '\0';
	v = g_hash_table_lookup(m->source_index, key);
	if (v != NULL)
		i = GPOINTER_TO_UINT(v) - 1;
	else {
		char *kept = g_string_chunk_insert_len(m->strings, s, (gssize)n);
		i = m->sources->len;
		g_ptr_array_add(m->sources, kept);
		g_hash_table_insert(m->source_index, kept, GUINT_TO_POINTER(i + 1));
	}
	if (key != stackbuf)
		g_free(key);
	m->last_source = i;
	return i;
}

void
pp_month_truncate(PpMonth *m, guint n_emps, guint n_sources)
{
	if (n_emps < m->emp_ids->len) {
		/* rare (a file read again): index the first n_emps anew */
		g_ptr_array_set_size(m->emp_ids, n_emps);
		pp_idtable_clear(&m->emp_index);
		pp_idtable_init(&m->emp_index, m->emp_ids);
		for (guint i = 0; i < n_emps; i++) {
			const char *s = g_ptr_array_index(m->emp_ids, i);
			pp_idtable_add(&m->emp_index, s, strlen(s), i);
		}
	}
	for (guint i = n_sources; i < m->sources->len; i++)
		g_hash_table_remove(m->source_index, g_ptr_array_index(m->sources, i));
	if (n_sources < m->sources->len)
		g_ptr_array_set_size(m->sources, n_sources);
}
