/*
 * The rule table (SPEC §3 "rule table"): YAML -> PpRules.
 *
 * libyaml's event API builds a small tree of our own, so that aliases can
 * be refused at their own place and nothing recurses on the nesting of the
 * input (every node is kept in one flat array and freed from there).  The
 * tree is then checked against the schema, whose depth is fixed.  Every
 * number is read from its scalar's text with pp_parse_decimal, never
 * through a double, and every problem is reported with the 1-based line
 * and column of its node; all of them are reported before giving up.
 *
 * Scalars are read by their text whatever their style: `0.2` and `"0.2"`
 * are the same number, and `code: 001` stays "001".  A plain empty scalar,
 * `~` or `null` is no value.
 */
#include "read/rules.h"

#include <glib/gi18n.h>
#include <string.h>
#include <yaml.h>

#include "common/fixed.h"

/* The longest piece of input quoted in a message, in bytes. */
#define SHOW_MAX 60

/*
 * The deepest nesting of lists and mappings read.  The schema needs 3;
 * libyaml's scanner costs time proportional to the depth for every token,
 * so deeper input is refused as soon as it is seen.
 */
#define MAX_DEPTH 32

typedef enum {
	NODE_SCALAR,
	NODE_SEQUENCE,
	NODE_MAPPING,
	NODE_ALIAS,		/* refused (and reported) where it stands */
} NodeKind;

typedef struct {
	NodeKind kind;
	gboolean plain;		/* a scalar written without quotes */
	guint line, col;	/* 1-based */
	char *text;		/* scalar: its value, NUL-terminated */
	gsize len;		/* scalar: bytes in text (it may hold NULs) */
	GPtrArray *items;	/* sequence: items; mapping: key, value, ... (borrowed) */
} Node;

/* A problem found, held back so that all are reported in file order. */
typedef struct {
	guint line, col;
	guint seq;		/* order found: ties keep it */
	int status;
	char *msg;
} Problem;

typedef struct {
	const char *path;
	PpDiags *diags;
	GPtrArray *nodes;	/* every Node made (owned) */
	GArray *problems;	/* Problem, in the order found */
} Ctx;

/* A key a mapping may hold, and what was found for it. */
typedef struct {
	const char *key;
	gboolean required;
	const Node *keynode;	/* NULL: absent */
	const Node *val;
} Field;

#define FIELD(k, req) { .key = (k), .required = (req) }

static void report(Ctx *c, guint line, guint col, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
static void err_node(Ctx *c, const Node *n, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static const char *const category_names[PP_CAT_N] = { "general", "serious", "major" };
static const char *const level_names[PP_LEVEL_N] = { "direct", "indirect" };

/* Frees one node, not its items (they are nodes of the same flat array). */
static void
node_free(gpointer p)
{
	Node *n = p;

	g_free(n->text);
	if (n->items != NULL)
		g_ptr_array_unref(n->items);
	g_free(n);
}

/* Returns a libyaml index (0-based, size_t) as a 1-based guint. */
static guint
one_based(size_t v)
{
	return v >= G_MAXUINT ? G_MAXUINT : (guint)v + 1;
}

/* Returns a new node of kind at mark, owned by c->nodes. */
static Node *
new_node(Ctx *c, NodeKind kind, const yaml_mark_t *mark)
{
	Node *n = g_new0(Node, 1);

	n->kind = kind;
	n->line = one_based(mark->line);
	n->col = one_based(mark->column);
	if (kind == NODE_SEQUENCE || kind == NODE_MAPPING)
		n->items = g_ptr_array_new();
	g_ptr_array_add(c->nodes, n);
	return n;
}

/* Holds back the error msg (taken) standing for status at line:col.  Returns nothing. */
static void
add_problem(Ctx *c, int status, guint line, guint col, char *msg)
{
	Problem p = { .line = line, .col = col, .seq = c->problems->len,
		.status = status, .msg = msg };

	g_array_append_val(c->problems, p);
}

/* Adds an error (exit status 65) at line:col of c's file.  Returns nothing. */
static void
report(Ctx *c, guint line, guint col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_problem(c, PP_EXIT_DATAERR, line, col, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

/* Adds an error at node n.  Returns nothing. */
static void
err_node(Ctx *c, const Node *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_problem(c, PP_EXIT_DATAERR, n->line, n->col, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

/* Frees a Problem's message in an array.  Returns nothing. */
static void
problem_clear(gpointer p)
{
	g_free(((Problem *)p)->msg);
}

/* Returns <0, 0, >0 as Problem *a comes before, with, after *b in the file. */
static gint
problem_cmp(gconstpointer a, gconstpointer b)
{
	const Problem *pa = a, *pb = b;

	if (pa->line != pb->line)
		return pa->line < pb->line ? -1 : 1;
	if (pa->col != pb->col)
		return pa->col < pb->col ? -1 : 1;
	return (pa->seq > pb->seq) - (pa->seq < pb->seq);
}

/*
 * Moves the problems held back to c->diags, sorted by place (those without
 * one first).  Returns how many there were.
 */
static guint
flush_problems(Ctx *c)
{
	guint n = c->problems->len;

	g_array_sort(c->problems, problem_cmp);
	for (guint i = 0; i < n; i++) {
		const Problem *p = &g_array_index(c->problems, Problem, i);
		pp_diag_error(c->diags, p->status, c->path, p->line, p->col, "%s", p->msg);
	}
	g_array_set_size(c->problems, 0);
	return n;
}

/*
 * Returns a printable copy of s[0..len) for a message (free it): control
 * characters become '?', and it is cut to about SHOW_MAX bytes on a
 * character boundary, marked with "...".
 */
static char *
shorten(const char *s, gsize len)
{
	GString *out = g_string_sized_new(MIN(len, SHOW_MAX) + 4);
	gsize i = 0;

	while (i < len) {
		/* The length of the UTF-8 sequence starting at s[i]. */
		gsize n = 1;
		while (i + n < len && ((guchar)s[i + n] & 0xC0) == 0x80)
			n++;
		if (out->len + n > SHOW_MAX) {
			g_string_append(out, "...");
			break;
		}
		if ((guchar)s[i] < 0x20 || s[i] == 0x7F)
			g_string_append_c(out, '?');
		else
			g_string_append_len(out, s + i, (gssize)n);
		i += n;
	}
	return g_string_free(out, FALSE);
}

/* Returns a printable copy of scalar n's text (free it). */
static char *
show(const Node *n)
{
	return shorten(n->text, n->len);
}

/*
 * Returns the 1-based line and column (in characters) of byte offset off of
 * data[0..len), taken as UTF-8 (a leading byte-order mark does not count).
 */
static void
offset_place(const char *data, gsize len, gsize off, guint *line, guint *col)
{
	gsize i = 0;
	guint l = 1, cl = 1;

	if (off > len)
		off = len;
	if (off >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < off; i++) {
		if (data[i] == '\n') {
			l++;
			cl = 1;
		} else if (((guchar)data[i] & 0xC0) != 0x80 && cl < G_MAXUINT)
			cl++;
	}
	*line = l;
	*col = cl;
}

/* Reports the error that stopped parser p.  Returns nothing. */
static void
report_syntax(Ctx *c, const yaml_parser_t *p, const char *data, gsize len)
{
	const char *problem = p->problem != NULL ? p->problem : "unknown YAML error";
	guint line = 0, col = 0;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		add_problem(c, PP_EXIT_SOFTWARE, 0, 0, g_strdup(_("out of memory while reading YAML")));
		return;
	case YAML_READER_ERROR:
		/* No mark: only the byte offset in the raw input. */
		if (p->encoding == YAML_UTF8_ENCODING || p->encoding == YAML_ANY_ENCODING)
			offset_place(data, len, p->problem_offset, &line, &col);
		if (p->problem_value >= 0)
			report(c, line, col, _("%s (0x%X)"), problem, (unsigned)p->problem_value);
		else
			report(c, line, col, "%s", problem);
		return;
	default:
		line = one_based(p->problem_mark.line);
		col = one_based(p->problem_mark.column);
		if (p->context != NULL)
			report(c, line, col, _("%s (%s at line %u)"), problem, p->context,
			    one_based(p->context_mark.line));
		else
			report(c, line, col, "%s", problem);
		return;
	}
}

/*
 * Returns the root node of the first YAML document in data[0..len), built
 * from libyaml's events into c->nodes; NULL after reporting a syntax error,
 * nesting deeper than MAX_DEPTH or an empty stream.  Aliases and a second document are reported, but
 * the first document's root is still returned so its problems are found.
 */
static Node *
load_tree(Ctx *c, const char *data, gsize len)
{
	yaml_parser_t parser;
	g_autoptr(GPtrArray) open = g_ptr_array_new();	/* containers not yet ended */
	Node *root = NULL;
	gboolean done = FALSE, failed = FALSE;
	guint ndocs = 0;

	if (!yaml_parser_initialize(&parser)) {
		add_problem(c, PP_EXIT_SOFTWARE, 0, 0, g_strdup(_("out of memory while reading YAML")));
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done) {
		yaml_event_t ev;
		Node *n = NULL;

		if (!yaml_parser_parse(&parser, &ev)) {
			report_syntax(c, &parser, data, len);
			failed = TRUE;
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = TRUE;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (ndocs++ > 0) {
				report(c, one_based(ev.start_mark.line), one_based(ev.start_mark.column),
				    _("only one YAML document is allowed"));
				done = TRUE;
			}
			break;
		case YAML_ALIAS_EVENT:
			n = new_node(c, NODE_ALIAS, &ev.start_mark);
			err_node(c, n, _("aliases are not supported"));
			break;
		case YAML_SCALAR_EVENT:
			n = new_node(c, NODE_SCALAR, &ev.start_mark);
			n->len = ev.data.scalar.length;
			n->text = g_malloc(n->len + 1);
			if (n->len > 0)
				memcpy(n->text, ev.data.scalar.value, n->len);
			n->text[n->len] = '\0';
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
			n = new_node(c, NODE_SEQUENCE, &ev.start_mark);
			break;
		case YAML_MAPPING_START_EVENT:
			n = new_node(c, NODE_MAPPING, &ev.start_mark);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (open->len > 0)
				g_ptr_array_set_size(open, open->len - 1);
			break;
		default:
			break;
		}
		if (n != NULL && n->items != NULL && open->len >= MAX_DEPTH) {
			err_node(c, n, _("lists and mappings are nested more than %u deep"), MAX_DEPTH);
			failed = done = TRUE;
		} else if (n != NULL) {
			if (open->len > 0) {
				Node *parent = g_ptr_array_index(open, open->len - 1);
				g_ptr_array_add(parent->items, n);
			} else if (root == NULL)
				root = n;
			if (n->items != NULL)
				g_ptr_array_add(open, n);
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (failed)
		return NULL;
	if (root == NULL)
		report(c, 1, 1, _("the rule table is empty"));
	return root;
}

/* Returns TRUE when n is a plain scalar meaning null: empty, ~ or null. */
static gboolean
is_null(const Node *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

	if (n->kind != NODE_SCALAR || !n->plain)
		return FALSE;
	for (guint i = 0; i < G_N_ELEMENTS(nulls); i++)
		if (strcmp(n->text, nulls[i]) == 0 && n->len == strlen(nulls[i]))
			return TRUE;
	return FALSE;
}

/*
 * Returns TRUE when n is a mapping; otherwise reports (at n) that what must
 * be one, unless n is an alias, already reported.
 */
static gboolean
expect_mapping(Ctx *c, const Node *n, const char *what)
{
	if (n->kind == NODE_MAPPING)
		return TRUE;
	if (n->kind != NODE_ALIAS)
		err_node(c, n, _("'%s' must be a mapping"), what);
	return FALSE;
}

/* Returns TRUE when n is a sequence; otherwise reports it like expect_mapping. */
static gboolean
expect_sequence(Ctx *c, const Node *n, const char *what)
{
	if (n->kind == NODE_SEQUENCE)
		return TRUE;
	if (n->kind != NODE_ALIAS)
		err_node(c, n, _("'%s' must be a list"), what);
	return FALSE;
}

/*
 * Matches the keys of mapping map against f[0..nf), setting each found
 * field's keynode and val.  Reports keys that are not scalars, unknown or
 * repeated (the first one counts), and required keys that are missing (at
 * the mapping).  Returns nothing: absent fields have val NULL.
 */
static void
match_fields(Ctx *c, const Node *map, Field *f, guint nf)
{
	for (guint i = 0; i < nf; i++)
		f[i].keynode = f[i].val = NULL;
	for (guint i = 0; i + 1 < map->items->len; i += 2) {
		const Node *k = g_ptr_array_index(map->items, i);
		const Node *v = g_ptr_array_index(map->items, i + 1);
		guint j;

		if (k->kind == NODE_ALIAS)
			continue;
		if (k->kind != NODE_SCALAR) {
			err_node(c, k, _("a key must be a single word, not a list or mapping"));
			continue;
		}
		for (j = 0; j < nf; j++)
			if (k->len == strlen(f[j].key) && memcmp(k->text, f[j].key, k->len) == 0)
				break;
		if (j == nf) {
			g_autofree char *s = show(k);
			err_node(c, k, _("unknown key '%s'"), s);
		} else if (f[j].keynode != NULL)
			err_node(c, k, _("duplicate key '%s' (first at line %u)"), f[j].key,
			    f[j].keynode->line);
		else {
			f[j].keynode = k;
			f[j].val = v;
		}
	}
	for (guint i = 0; i < nf; i++)
		if (f[i].required && f[i].keynode == NULL)
			err_node(c, map, _("missing key '%s'"), f[i].key);
}

/*
 * Returns TRUE and sets *s, *len to the text of the scalar n (trimmed of
 * ASCII spaces and tabs when trim); otherwise reports that what needs a
 * single value (nothing for an alias, already reported).
 */
static gboolean
get_text(Ctx *c, const Node *n, const char *what, gboolean trim, const char **s, gsize *len)
{
	if (n->kind == NODE_ALIAS)
		return FALSE;
	if (n->kind != NODE_SCALAR) {
		err_node(c, n, _("'%s' must be a single value, not a list or mapping"), what);
		return FALSE;
	}
	if (is_null(n)) {
		err_node(c, n, _("'%s' has no value"), what);
		return FALSE;
	}
	*s = n->text;
	*len = n->len;
	if (trim)
		pp_trim(s, len);
	return TRUE;
}

/*
 * Returns TRUE and sets *out to a copy of the non-empty string in n (see
 * get_text for trim); otherwise reports why not and leaves *out alone.
 */
static gboolean
get_string(Ctx *c, const Node *n, const char *what, gboolean trim, char **out)
{
	const char *s;
	gsize len;

	if (!get_text(c, n, what, trim, &s, &len))
		return FALSE;
	if (len == 0) {
		err_node(c, n, _("'%s' is empty"), what);
		return FALSE;
	}
	if (memchr(s, '\0', len) != NULL) {
		err_node(c, n, _("'%s' must not contain a NUL character"), what);
		return FALSE;
	}
	*out = g_strndup(s, len);
	return TRUE;
}

/*
 * Returns pp_parse_decimal's verdict on s[0..len), answering a run of minus
 * signs itself: pp_parse_decimal recurses once for each leading '-'.
 */
static PpNumError
parse_decimal(const char *s, gsize len, guint decimals, int64_t *out)
{
	pp_trim(&s, &len);
	if (len > 0 && s[0] == '-') {
		const char *t = s + 1;
		gsize tl = len - 1;

		pp_trim(&t, &tl);
		if (tl > 0 && t[0] == '-')
			return PP_NUM_SYNTAX;
	}
	return pp_parse_decimal(s, len, decimals, out);
}

/*
 * Returns TRUE and sets *out to the non-negative decimal in n scaled by
 * 10^decimals (at most that many decimals); otherwise reports why not.
 */
static gboolean
get_decimal(Ctx *c, const Node *n, const char *what, guint decimals, int64_t *out)
{
	const char *s;
	gsize len;

	if (!get_text(c, n, what, TRUE, &s, &len))
		return FALSE;
	switch (parse_decimal(s, len, decimals, out)) {
	case PP_NUM_OK:
		return TRUE;
	case PP_NUM_EMPTY:
		err_node(c, n, _("'%s' is empty"), what);
		break;
	case PP_NUM_DECIMALS:
		err_node(c, n, _("'%s' has more than %u decimals"), what, decimals);
		break;
	case PP_NUM_NEGATIVE:
		err_node(c, n, _("'%s' is negative"), what);
		break;
	case PP_NUM_RANGE:
		err_node(c, n, _("'%s' is too large"), what);
		break;
	case PP_NUM_SYNTAX:
	default: {
		g_autofree char *v = shorten(s, len);
		err_node(c, n, _("'%s' is not a plain decimal number: '%s'"), what, v);
		break;
	}
	}
	return FALSE;
}

/*
 * Returns TRUE and sets *out to the ratio in n in 1/10000 (0..1, at most 4
 * decimals); otherwise reports why not.
 */
static gboolean
get_ratio(Ctx *c, const Node *n, const char *what, int64_t *out)
{
	int64_t v;

	if (!get_decimal(c, n, what, 4, &v))
		return FALSE;
	if (v > PP_RATIO_SCALE) {
		err_node(c, n, _("'%s' is greater than 1"), what);
		return FALSE;
	}
	*out = v;
	return TRUE;
}

/*
 * Returns the index in words[0..nwords) of n's (trimmed) text, or -1 after
 * reporting that what must be one of them (spelled out in list).
 */
static int
get_word(Ctx *c, const Node *n, const char *what, const char *const *words, guint nwords,
    const char *list)
{
	const char *s;
	gsize len;

	if (!get_text(c, n, what, TRUE, &s, &len))
		return -1;
	for (guint i = 0; i < nwords; i++)
		if (len == strlen(words[i]) && memcmp(s, words[i], len) == 0)
			return (int)i;
	{
		g_autofree char *v = shorten(s, len);
		err_node(c, n, _("'%s' must be %s, not '%s'"), what, list, v);
	}
	return -1;
}

/* Reads caps {wage_ratio, liability_ratio} from n into r.  Returns nothing. */
static void
read_caps(Ctx *c, const Node *n, PpRules *r)
{
	Field f[] = { FIELD("wage_ratio", TRUE), FIELD("liability_ratio", TRUE) };

	if (!expect_mapping(c, n, "caps"))
		return;
	match_fields(c, n, f, G_N_ELEMENTS(f));
	if (f[0].val != NULL)
		get_ratio(c, f[0].val, f[0].key, &r->wage_ratio);
	if (f[1].val != NULL)
		get_ratio(c, f[1].val, f[1].key, &r->liability_ratio);
}

/* Reads the policy block n into r (absent keys keep their defaults).  Returns nothing. */
static void
read_policy(Ctx *c, const Node *n, PpRules *r)
{
	static const char *const over_cap[] = { "carry", "waive" };
	static const char *const pending[] = { "hold", "deduct" };
	Field f[] = { FIELD("own_over_cap", FALSE), FIELD("liability_over_cap", FALSE),
		FIELD("pending_appeal", FALSE) };
	int v;

	if (!expect_mapping(c, n, "policy"))
		return;
	match_fields(c, n, f, G_N_ELEMENTS(f));
	if (f[0].val != NULL &&
	    (v = get_word(c, f[0].val, f[0].key, over_cap, 2, _("carry or waive"))) >= 0)
		r->own_over_cap = v == 0 ? PP_OVER_CAP_CARRY : PP_OVER_CAP_WAIVE;
	if (f[1].val != NULL &&
	    (v = get_word(c, f[1].val, f[1].key, over_cap, 2, _("carry or waive"))) >= 0)
		r->liability_over_cap = v == 0 ? PP_OVER_CAP_CARRY : PP_OVER_CAP_WAIVE;
	if (f[2].val != NULL &&
	    (v = get_word(c, f[2].val, f[2].key, pending, 2, _("hold or deduct"))) >= 0)
		r->pending_appeal = v == 0 ? PP_PENDING_HOLD : PP_PENDING_DEDUCT;
}

/* Reads liability {general|serious|major: {direct, indirect}} from n into r.  Returns nothing. */
static void
read_liability(Ctx *c, const Node *n, PpRules *r)
{
	Field cats[PP_CAT_N];

	if (!expect_mapping(c, n, "liability"))
		return;
	for (guint i = 0; i < PP_CAT_N; i++)
		cats[i] = (Field){ .key = category_names[i], .required = TRUE };
	match_fields(c, n, cats, PP_CAT_N);
	for (guint i = 0; i < PP_CAT_N; i++) {
		Field lv[PP_LEVEL_N];

		if (cats[i].val == NULL || !expect_mapping(c, cats[i].val, cats[i].key))
			continue;
		for (guint j = 0; j < PP_LEVEL_N; j++)
			lv[j] = (Field){ .key = level_names[j], .required = TRUE };
		match_fields(c, cats[i].val, lv, PP_LEVEL_N);
		for (guint j = 0; j < PP_LEVEL_N; j++)
			if (lv[j].val != NULL)
				get_ratio(c, lv[j].val, lv[j].key, &r->liability[i][j]);
	}
}

/*
 * Reads the minimum_wage list n into r->minimum_wage, reporting a repeated
 * (region, effective_from).  Returns nothing.
 */
static void
read_minimum_wage(Ctx *c, const Node *n, PpRules *r)
{
	g_autoptr(GHashTable) seen = NULL;	/* "yyyymmdd region" -> first line */

	if (!expect_sequence(c, n, "minimum_wage"))
		return;
	seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < n->items->len; i++) {
		const Node *item = g_ptr_array_index(n->items, i);
		Field f[] = { FIELD("region", TRUE), FIELD("amount", TRUE), FIELD("effective_from", TRUE) };
		PpMinWage mw = { 0 };
		gboolean ok = TRUE;
		const char *s;
		gsize len;

		if (item->kind != NODE_MAPPING) {
			if (item->kind != NODE_ALIAS)
				err_node(c, item, _("each item of '%s' must be a mapping"), "minimum_wage");
			continue;
		}
		mw.line = item->line;
		match_fields(c, item, f, G_N_ELEMENTS(f));
		if (f[0].val == NULL || !get_string(c, f[0].val, f[0].key, TRUE, &mw.region))
			ok = FALSE;
		if (f[1].val == NULL || !get_decimal(c, f[1].val, f[1].key, 2, &mw.amount))
			ok = FALSE;
		if (f[2].val == NULL || !get_text(c, f[2].val, f[2].key, TRUE, &s, &len))
			ok = FALSE;
		else if (!pp_parse_date(s, len, &mw.effective_from)) {
			g_autofree char *v = shorten(s, len);
			err_node(c, f[2].val, _("'%s' is not a date (YYYY-MM-DD): '%s'"), f[2].key, v);
			ok = FALSE;
		}
		if (ok) {
			char *key = g_strdup_printf("%08d %s", (int)mw.effective_from, mw.region);
			gpointer first;

			if (g_hash_table_lookup_extended(seen, key, NULL, &first)) {
				char d[11];
				g_autofree char *reg = shorten(mw.region, strlen(mw.region));
				err_node(c, item,
				    _("duplicate minimum wage for region '%s' from %s (first at line %u)"),
				    reg, pp_format_date(d, mw.effective_from), GPOINTER_TO_UINT(first));
				g_free(key);
			} else
				g_hash_table_insert(seen, key, GUINT_TO_POINTER(mw.line));
		}
		g_array_append_val(r->minimum_wage, mw);
	}
}

/*
 * Returns TRUE and sets *out from the category word in n (English or
 * Chinese); otherwise reports it.
 */
static gboolean
get_category(Ctx *c, const Node *n, const char *what, PpCategory *out)
{
	static const char *const words[] = { "general", "serious", "major",
		"一般", "严重", "特大" };
	int v = get_word(c, n, what, words, G_N_ELEMENTS(words),
	    _("general, serious or major (一般, 严重 or 特大)"));

	if (v < 0)
		return FALSE;
	*out = (PpCategory)(v % PP_CAT_N);
	return TRUE;
}

/*
 * Reads the codes list n into r->codes and r->code_index, reporting a
 * repeated code and a code without exactly one of points and reset: true.
 * Returns nothing.
 */
static void
read_codes(Ctx *c, const Node *n, PpRules *r)
{
	static const char *const booleans[] = { "true", "false" };

	if (!expect_sequence(c, n, "codes"))
		return;
	if (n->items->len > PP_MAX_CODES) {
		err_node(c, n, _("too many codes: %u (at most %u)"), n->items->len, PP_MAX_CODES);
		return;
	}
	for (guint i = 0; i < n->items->len; i++) {
		const Node *item = g_ptr_array_index(n->items, i);
		enum { F_CODE, F_NAME, F_CATEGORY, F_POINTS, F_RESET };
		Field f[] = { FIELD("code", TRUE), FIELD("name", TRUE), FIELD("category", TRUE),
			FIELD("points", FALSE), FIELD("reset", FALSE) };
		PpCode pc = { 0 };
		int reset = -1;	/* 0 true, 1 false, -1 absent or bad */

		if (item->kind != NODE_MAPPING) {
			if (item->kind != NODE_ALIAS)
				err_node(c, item, _("each item of '%s' must be a mapping"), "codes");
			continue;
		}
		pc.line = item->line;
		match_fields(c, item, f, G_N_ELEMENTS(f));
		if (f[F_CODE].val != NULL)
			get_string(c, f[F_CODE].val, "code", TRUE, &pc.code);
		if (f[F_NAME].val != NULL)
			get_string(c, f[F_NAME].val, "name", FALSE, &pc.name);
		if (f[F_CATEGORY].val != NULL)
			get_category(c, f[F_CATEGORY].val, "category", &pc.category);
		if (f[F_POINTS].val != NULL)
			get_decimal(c, f[F_POINTS].val, "points", 2, &pc.points);
		if (f[F_RESET].val != NULL)
			reset = get_word(c, f[F_RESET].val, "reset", booleans, 2, _("true or false"));
		if (reset == 0 && f[F_POINTS].val != NULL)
			err_node(c, item, _("a code cannot have both 'points' and 'reset: true'"));
		else if (f[F_POINTS].val == NULL && (f[F_RESET].val == NULL || reset == 1))
			err_node(c, item, _("a code needs 'points' or 'reset: true'"));
		pc.reset = reset == 0;
		if (pc.reset)
			pc.points = 0;
		if (pc.code != NULL) {
			gpointer first = g_hash_table_lookup(r->code_index, pc.code);
			if (first != NULL) {
				const PpCode *fc = &g_array_index(r->codes, PpCode,
				    GPOINTER_TO_UINT(first) - 1);
				g_autofree char *s = shorten(pc.code, strlen(pc.code));
				err_node(c, f[F_CODE].val, _("duplicate code '%s' (first at line %u)"),
				    s, fc->line);
			}
		}
		g_array_append_val(r->codes, pc);
		if (pc.code != NULL && !g_hash_table_contains(r->code_index, pc.code))
			g_hash_table_insert(r->code_index, pc.code, GUINT_TO_POINTER(r->codes->len));
	}
}

/* Frees the strings of a PpCode in an array.  Returns nothing. */
static void
code_clear(gpointer p)
{
	PpCode *pc = p;

	g_free(pc->code);
	g_free(pc->name);
}

/* Frees the strings of a PpMinWage in an array.  Returns nothing. */
static void
min_wage_clear(gpointer p)
{
	PpMinWage *mw = p;

	g_free(mw->region);
}

/* Returns <0, 0, >0 as minimum wage index *a takes effect before, with, after *b. */
static gint
min_wage_cmp(gconstpointer a, gconstpointer b, gpointer data)
{
	const GArray *mws = data;
	int32_t da = g_array_index(mws, PpMinWage, *(const guint *)a).effective_from;
	int32_t db = g_array_index(mws, PpMinWage, *(const guint *)b).effective_from;

	return (da > db) - (da < db);
}

/* Builds r->minimum_wage_index from r->minimum_wage.  Returns nothing. */
static void
index_minimum_wage(PpRules *r)
{
	GHashTableIter it;
	gpointer v;

	r->minimum_wage_index = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    (GDestroyNotify)g_array_unref);
	for (guint i = 0; i < r->minimum_wage->len; i++) {
		const PpMinWage *mw = &g_array_index(r->minimum_wage, PpMinWage, i);
		GArray *list = g_hash_table_lookup(r->minimum_wage_index, mw->region);

		if (list == NULL) {
			list = g_array_new(FALSE, FALSE, sizeof(guint));
			g_hash_table_insert(r->minimum_wage_index, mw->region, list);
		}
		g_array_append_val(list, i);
	}
	g_hash_table_iter_init(&it, r->minimum_wage_index);
	while (g_hash_table_iter_next(&it, NULL, &v))
		g_array_sort_with_data(v, min_wage_cmp, r->minimum_wage);
}

/* Returns a new, empty table with the policy defaults. */
static PpRules *
rules_new(const char *path)
{
	PpRules *r = g_new0(PpRules, 1);

	r->path = g_strdup(path);
	r->own_over_cap = PP_OVER_CAP_CARRY;
	r->liability_over_cap = PP_OVER_CAP_WAIVE;
	r->pending_appeal = PP_PENDING_HOLD;
	r->minimum_wage = g_array_new(FALSE, TRUE, sizeof(PpMinWage));
	g_array_set_clear_func(r->minimum_wage, min_wage_clear);
	r->codes = g_array_new(FALSE, TRUE, sizeof(PpCode));
	g_array_set_clear_func(r->codes, code_clear);
	r->code_index = g_hash_table_new(g_str_hash, g_str_equal);
	return r;
}

/* Reads the top-level mapping root into r.  Returns nothing. */
static void
read_top(Ctx *c, const Node *root, PpRules *r)
{
	enum { F_SCHEMA, F_NAME, F_EFFECTIVE_FROM, F_YUAN_PER_POINT, F_QUALITY_SCORE_BASE,
		F_CAPS, F_POLICY, F_LIABILITY, F_MINIMUM_WAGE, F_CODES };
	Field f[] = {
		FIELD("schema", TRUE), FIELD("name", TRUE), FIELD("effective_from", TRUE),
		FIELD("yuan_per_point", TRUE), FIELD("quality_score_base", TRUE),
		FIELD("caps", TRUE), FIELD("policy", FALSE), FIELD("liability", TRUE),
		FIELD("minimum_wage", TRUE), FIELD("codes", TRUE),
	};
	const Node *v;
	const char *s;
	gsize len;

	if (root->kind != NODE_MAPPING) {
		if (is_null(root))
			err_node(c, root, _("the rule table is empty"));
		else if (root->kind != NODE_ALIAS)
			err_node(c, root, _("the rule table must be a mapping of keys to values"));
		return;
	}
	match_fields(c, root, f, G_N_ELEMENTS(f));
	if ((v = f[F_SCHEMA].val) != NULL && get_text(c, v, "schema", TRUE, &s, &len)) {
		if (len == 1 && s[0] == '1')
			r->schema = 1;
		else {
			g_autofree char *t = shorten(s, len);
			err_node(c, v, _("unsupported schema '%s' (expected 1)"), t);
		}
	}
	if ((v = f[F_NAME].val) != NULL)
		get_string(c, v, "name", FALSE, &r->name);
	if ((v = f[F_EFFECTIVE_FROM].val) != NULL) {
		r->effective_from_line = v->line;
		r->effective_from_col = v->col;
		if (get_text(c, v, "effective_from", TRUE, &s, &len) &&
		    !pp_parse_month(s, len, &r->effective_from)) {
			g_autofree char *t = shorten(s, len);
			err_node(c, v, _("'%s' is not a month (YYYY-MM): '%s'"), "effective_from", t);
		}
	}
	if ((v = f[F_YUAN_PER_POINT].val) != NULL)
		get_decimal(c, v, "yuan_per_point", 2, &r->yuan_per_point);
	if ((v = f[F_QUALITY_SCORE_BASE].val) != NULL)
		get_decimal(c, v, "quality_score_base", 2, &r->quality_score_base);
	if ((v = f[F_CAPS].val) != NULL)
		read_caps(c, v, r);
	if ((v = f[F_POLICY].val) != NULL)
		read_policy(c, v, r);
	if ((v = f[F_LIABILITY].val) != NULL)
		read_liability(c, v, r);
	if ((v = f[F_MINIMUM_WAGE].val) != NULL)
		read_minimum_wage(c, v, r);
	if ((v = f[F_CODES].val) != NULL)
		read_codes(c, v, r);
}

PpRules *
pp_rules_parse(const char *path, const char *data, gsize len, PpDiags *diags)
{
	g_autoptr(GPtrArray) nodes = NULL;
	g_autoptr(GArray) problems = NULL;
	g_autoptr(PpRules) r = NULL;
	Ctx c;
	const Node *root;

	g_return_val_if_fail(diags != NULL, NULL);
	g_return_val_if_fail(data != NULL || len == 0, NULL);
	nodes = g_ptr_array_new_with_free_func(node_free);
	problems = g_array_new(FALSE, FALSE, sizeof(Problem));
	g_array_set_clear_func(problems, problem_clear);
	c = (Ctx){ .path = path, .diags = diags, .nodes = nodes, .problems = problems };

	root = load_tree(&c, data != NULL ? data : "", len);
	if (root != NULL) {
		r = rules_new(path);
		read_top(&c, root, r);
	}
	if (flush_problems(&c) > 0 || r == NULL)
		return NULL;
	index_minimum_wage(r);
	return g_steal_pointer(&r);
}

void
pp_rules_free(PpRules *r)
{
	if (r == NULL)
		return;
	/* The indexes borrow their keys from the arrays: free them first. */
	if (r->code_index != NULL)
		g_hash_table_unref(r->code_index);
	if (r->minimum_wage_index != NULL)
		g_hash_table_unref(r->minimum_wage_index);
	if (r->codes != NULL)
		g_array_unref(r->codes);
	if (r->minimum_wage != NULL)
		g_array_unref(r->minimum_wage);
	g_free(r->name);
	g_free(r->path);
	g_free(r);
}

const PpCode *
pp_rules_lookup(const PpRules *r, const char *code, gsize len)
{
	char buf[64];
	g_autofree char *big = NULL;
	const char *key;
	gpointer v;

	if (r == NULL || r->codes == NULL || (len > 0 && memchr(code, '\0', len) != NULL))
		return NULL;
	if (r->code_index == NULL) {
		/* A table built by hand: scan it. */
		for (guint i = 0; i < r->codes->len; i++) {
			const PpCode *pc = &g_array_index(r->codes, PpCode, i);
			if (pc->code != NULL && strlen(pc->code) == len && memcmp(pc->code, code, len) == 0)
				return pc;
		}
		return NULL;
	}
	if (len < sizeof(buf)) {
		if (len > 0)
			memcpy(buf, code, len);
		buf[len] = '\0';
		key = buf;
	} else
		key = big = g_strndup(code, len);
	v = g_hash_table_lookup(r->code_index, key);
	if (v == NULL)
		return NULL;
	return &g_array_index(r->codes, PpCode, GPOINTER_TO_UINT(v) - 1);
}

gboolean
pp_rules_minimum_wage(const PpRules *r, const char *region, int32_t date, int64_t *out)
{
	const PpMinWage *best = NULL;

	if (r == NULL || r->minimum_wage == NULL || region == NULL)
		return FALSE;
	if (r->minimum_wage_index != NULL) {
		const GArray *list = g_hash_table_lookup(r->minimum_wage_index, region);
		guint lo = 0, hi;

		if (list == NULL)
			return FALSE;
		/* The first entry taking effect after date, by binary search. */
		hi = list->len;
		while (lo < hi) {
			guint mid = lo + (hi - lo) / 2;
			guint k = g_array_index(list, guint, mid);
			if (g_array_index(r->minimum_wage, PpMinWage, k).effective_from <= date)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo > 0)
			best = &g_array_index(r->minimum_wage, PpMinWage,
			    g_array_index(list, guint, lo - 1));
	} else {
		/* A table built by hand: scan it. */
		for (guint i = 0; i < r->minimum_wage->len; i++) {
			const PpMinWage *mw = &g_array_index(r->minimum_wage, PpMinWage, i);
			if (mw->region != NULL && strcmp(mw->region, region) == 0 &&
			    mw->effective_from <= date &&
			    (best == NULL || mw->effective_from > best->effective_from))
				best = mw;
		}
	}
	if (best == NULL)
		return FALSE;
	*out = best->amount;
	return TRUE;
}

gboolean
pp_rules_has_liability(const PpRules *r)
{
	for (guint i = 0; i < PP_CAT_N; i++)
		for (guint j = 0; j < PP_LEVEL_N; j++)
			if (r->liability[i][j] > 0)
				return TRUE;
	return FALSE;
}

const char *
pp_category_name(PpCategory c)
{
	return (guint)c < PP_CAT_N ? category_names[c] : "?";
}

const char *
pp_level_name(PpLevel l)
{
	return (guint)l < PP_LEVEL_N ? level_names[l] : "?";
}
