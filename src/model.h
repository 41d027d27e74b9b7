/*
 * The month as read: what the readers fill and the computation reads.
 *
 * A PpMonth owns everything in it: its strings live in `strings` (a
 * GStringChunk, and the chunks taken over from parts), and every const
 * char * of its rows points there; the records' IDs live in `ids`, one
 * byte array that records point into by offset.  Employee IDs are
 * interned: a PpEmp is an index into `emp_ids` (from pp_month_validate on,
 * the rank of the ID in byte order).  The rule table is owned by the month
 * too (`rules`, may be NULL when it did not load).
 *
 * A part is a month that one file is read into on its own thread: it
 * looks employee IDs up in its parent (read-only: the parent takes no new
 * IDs while parts are read) and interns only IDs the parent does not have,
 * as PP_LOCAL_EMP | local index.  pp_month_merge() moves a part into its
 * parent.  A part borrows its parent's rules.  Parts may start before the
 * parent has read its wages: they look nothing up until the parent says
 * its index is complete (pp_month_index_complete(); see
 * pp_month_index_ready() and pp_month_wait_index()).
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "common/idtable.h"
#include "common/progress.h"
#include "read/rules.h"

typedef guint32 PpEmp;
#define PP_NO_EMP G_MAXUINT32
#define PP_LOCAL_EMP 0x80000000u	/* in a part: an ID its parent does not have */

typedef enum {
	PP_STATUS_CONFIRMED = 0,
	PP_STATUS_PENDING,
	PP_STATUS_OVERTURNED,
	PP_STATUS_INVALID,	/* the row had errors: kept for the checks across rows only */
} PpStatus;

typedef enum { PP_KIND_OWN = 0, PP_KIND_LIABILITY = 1 } PpKind;

/* Open ends of an org row's validity. */
#define PP_DATE_MIN 0
#define PP_DATE_MAX 99991231

/* One violation record: 24 bytes, for months of ten million of them. */
typedef struct {
	guint32 id;		/* offset of its record_id in the IDs beside its array:
				 * PpMonth.ids for PpMonth.records (pp_month_record_id),
				 * a segment's ids for the segment's records */
	PpEmp emp;		/* PP_NO_EMP only in an invalid record */
	guint32 date : 27;	/* yyyymmdd */
	guint32 status : 2;	/* PpStatus */
	guint32 line;
	guint32 source;		/* index into PpMonth.sources (as written) */
	guint16 code;		/* index into rules->codes (PP_MAX_CODES) */
	guint16 file;		/* index into PpMonth.violation_files */
} PpRecord;

/* The most violation records of one run (a record index with a bit
 * beside it fits 32 bits: liability.csv's order). */
#define PP_MAX_RECORDS ((guint64)G_MAXINT32 - 1)

/* The record and case IDs of one run take at most this many bytes
 * (PpRecord.id is 32 bits): about a hundred million records. */
#define PP_MAX_ID_BYTES G_MAXUINT32

/* The most violation files one run reads (PpRecord.file is 16 bits). */
#define PP_MAX_VIOLATION_FILES 65535

/* The rows of one merged part, kept as they are until pp_month_validate
 * moves them into the month's records and ids: records whose id is an
 * offset into this segment's ids. */
typedef struct {
	GArray *records;	/* PpRecord */
	GByteArray *ids;
} PpRecordSegment;

typedef struct {
	PpEmp emp;
	const char *name;	/* as written */
	const char *region;
	int64_t gross;		/* fen */
	int64_t allowance;	/* fen */
	int64_t floor_basis;	/* fen */
	guint32 line;
	gboolean invalid;	/* the row had errors: kept for the checks across rows only */
} PpWage;

typedef struct {
	PpEmp emp;
	PpEmp direct;		/* PP_NO_EMP: none */
	PpEmp indirect;		/* PP_NO_EMP: none */
	int32_t from, to;	/* inclusive; PP_DATE_MIN / PP_DATE_MAX when open */
	guint32 line;
	gboolean invalid;	/* the row had errors: covers nothing, hides "no org row" errors */
} PpOrgRow;

typedef struct {
	PpEmp emp;
	int32_t origin;		/* yyyymm */
	guint8 kind;		/* PpKind */
	int64_t amount;		/* fen, > 0 */
	guint32 line;
} PpCarry;

typedef struct {
	char *path;		/* as given on the command line */
	char sha256[65];
	guint64 bytes;
	guint64 rows;
	const char *encoding;	/* "utf-8" or "gb18030"; NULL for YAML */
} PpInputFile;

typedef struct _PpMonth {
	int32_t month;		/* yyyymm */
	PpRules *rules;
	GStringChunk *strings;
	GByteArray *ids;	/* each record's record_id, NUL, case_id, NUL: in reading
				 * order, then (pp_month_validate) in the records' order,
				 * so that the writers read them in turn */
	guint64 max_id_bytes;	/* PP_MAX_ID_BYTES (smaller in tests) */
	PpIdTable emp_index;	/* id -> PpEmp; freed by pp_month_validate */
	GPtrArray *emp_ids;	/* PpEmp -> id */
	GArray *records;	/* PpRecord: files in byte order of path, then line order
				 * (until pp_month_validate, followed by those of
				 * `segments`); after pp_month_validate in detail.csv's
				 * order (employee_id, date, record_id), rows with
				 * errors last */
	GPtrArray *segments;	/* PpRecordSegment of merged parts, in merge order;
				 * empty after pp_month_validate */
	guint64 segment_records, segment_id_bytes;	/* what segments hold */
	GArray *wages;		/* PpWage, file order */
	GArray *org;		/* PpOrgRow, file order */
	GArray *carry;		/* PpCarry, file order */
	gboolean has_org;	/* --org was given */
	gboolean has_ledger;	/* --carry-in was given */
	PpInputFile rules_file;
	PpInputFile wages_file;
	PpInputFile org_file;
	PpInputFile ledger_file;
	GArray *violation_files;	/* PpInputFile, byte order of path */
	GPtrArray *sources;		/* PpRecord.source -> text (in strings) */
	GHashTable *source_index;	/* text -> index + 1 */
	guint32 last_source;		/* the source interned last (a cache) */
	guint32 *rid_order;		/* records in byte order of record_id (pp_month_validate) */
	PpProgress *progress;		/* borrowed; NULL: none */
	const struct _PpMonth *parent;	/* a part's; NULL in a month */
	GMutex index_lock;		/* a month's: for its parts waiting on index_done */
	GCond index_cond;
	gint index_done;		/* (atomic) the month takes no more IDs while parts are read */
	GPtrArray *chunks;		/* GStringChunk taken over from merged parts */
} PpMonth;

PpMonth *pp_month_new(int32_t month);

/* A part of parent, for reading one file on another thread. */
PpMonth *pp_month_new_part(const PpMonth *parent);

/*
 * Moves everything of part (read from one file) into m: its rows with
 * their employees, sources and violation file index mapped to m's, its
 * strings, its input file record.  Its records and their IDs are not
 * copied: they become a segment of m's records (see `segments`).  Merge
 * parts in the order of their files, and only when pp_month_part_fits()
 * says so.  Frees part.
 */
void pp_month_merge(PpMonth *m, PpMonth *part);

/* Returns whether part's records and IDs fit with m's: 0 when they do,
 * else the limit they pass: PP_MAX_RECORDS or m->max_id_bytes. */
guint64 pp_month_part_fits(const PpMonth *m, const PpMonth *part);

/* Returns the number of m's records, those of its segments included. */
guint64 pp_month_n_records(const PpMonth *m);
void pp_month_free(PpMonth *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PpMonth, pp_month_free)

/* Returns the interned employee for id[0..len), adding it when new. */
PpEmp pp_month_intern(PpMonth *m, const char *id, gsize len);

/* The same for an id whose pp_idtable_hash() is known, and the prefetch
 * that goes before it in a batch of lookups. */
PpEmp pp_month_intern_hashed(PpMonth *m, const char *id, gsize len, guint32 hash);
void pp_month_prefetch_emp(const PpMonth *m, guint32 hash);

/* Keeps record_id and case_id in m->ids; returns the offset of the copy
 * (for PpRecord.id), or G_MAXUINT32 when the IDs would take more than
 * m->max_id_bytes. */
guint32 pp_month_keep_ids(PpMonth *m, const char *rid, gsize rlen, const char *cid, gsize clen);

/* The record_id of r. */
static inline const char *
pp_month_record_id(const PpMonth *m, const PpRecord *r)
{
	return (const char *)m->ids->data + r->id;
}

/* The case_id of r as written ("" when none): stored after the record_id. */
static inline const char *
pp_month_case_id(const PpMonth *m, const PpRecord *r)
{
	const char *rid = pp_month_record_id(m, r);
	return rid + strlen(rid) + 1;
}

/* Returns TRUE when record a comes before b among one employee's records:
 * by date, then record_id (detail.csv's order; the earliest reset). */
static inline gboolean
pp_record_before(const PpMonth *m, const PpRecord *a, const PpRecord *b)
{
	if (a->date != b->date)
		return a->date < b->date;
	return strcmp(pp_month_record_id(m, a), pp_month_record_id(m, b)) < 0;
}

/* Returns the index of source text s[0..n), adding it when new. */
guint32 pp_month_intern_source(PpMonth *m, const char *s, gsize n);

static inline const char *
pp_month_source(const PpMonth *m, guint32 i)
{
	return g_ptr_array_index(m->sources, i);
}

/* Forgets the employees and sources interned after the first n_emps and
 * n_sources (a file read again from the start). */
void pp_month_truncate(PpMonth *m, guint n_emps, guint n_sources);

/* Says, for m's parts, that m takes no more IDs until they are merged;
 * pp_month_index_pending() says that it still does (before its parts
 * start). */
void pp_month_index_complete(PpMonth *m);
void pp_month_index_pending(PpMonth *m);

/* A part's: returns whether its parent's index is complete (a month's
 * own index always is), without waiting; pp_month_wait_index() waits. */
gboolean pp_month_index_ready(const PpMonth *part);
void pp_month_wait_index(const PpMonth *part);

/* Returns the employee for id, or PP_NO_EMP when it was never seen. */
PpEmp pp_month_find(const PpMonth *m, const char *id);

/* Frees the ID index once the employees are numbered in byte order of
 * their IDs (pp_month_validate: 64 MB for a million employees);
 * pp_month_find() then searches emp_ids, and nothing more may be
 * interned. */
void pp_month_drop_index(PpMonth *m);

static inline const char *
pp_month_emp_id(const PpMonth *m, PpEmp e)
{
	if (G_UNLIKELY(m->parent != NULL)) {
		if (e & PP_LOCAL_EMP)
			return g_ptr_array_index(m->emp_ids, e & ~PP_LOCAL_EMP);
		return g_ptr_array_index(m->parent->emp_ids, e);
	}
	return g_ptr_array_index(m->emp_ids, e);
}

static inline guint
pp_month_n_emps(const PpMonth *m)
{
	return m->emp_ids->len;
}
