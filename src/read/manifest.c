#include "manifest.h"

#include <glib/gi18n.h>
#include <string.h>
#include <yaml.h>

G_DEFINE_QUARK(pp-manifest-error-quark, pp_manifest_error)

static void
recorded_clear(gpointer p)
{
	PpRecorded *r = p;
	g_free(r->path);
	g_free(r->sha256);
}

void
pp_manifest_free(PpManifest *mf)
{
	if (mf == NULL)
		return;
	g_ptr_array_unref(mf->args);
	g_array_unref(mf->inputs);
	g_ptr_array_unref(mf->outputs);
	g_free(mf->cwd);
	g_free(mf);
}

/* Returns the value node of key in mapping node n, or NULL. */
static yaml_node_t *
get(yaml_document_t *doc, yaml_node_t *n, const char *key)
{
	if (n == NULL || n->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		if (k != NULL && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

/* Returns a copy of scalar node n's text, or NULL. */
static char *
text(yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE ?
	    g_strdup((const char *)n->data.scalar.value) : NULL;
}

/* Adds {path, sha256} of input node n to mf->inputs (when it has both). */
static void
add_input(PpManifest *mf, yaml_document_t *doc, yaml_node_t *n)
{
	PpRecorded r = { text(get(doc, n, "path")), text(get(doc, n, "sha256")) };
	if (r.path != NULL && r.sha256 != NULL)
		g_array_append_val(mf->inputs, r);
	else
		recorded_clear(&r);
}

/* Fills mf from the document's root. */
static void
read_document(PpManifest *mf, yaml_document_t *doc)
{
	static const char *single[] = { "rules", "wages", "org", "carry_in" };
	yaml_node_t *root = yaml_document_get_root_node(doc), *n;

	n = get(doc, root, "arguments");
	if (n != NULL && n->type == YAML_SEQUENCE_NODE)
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++) {
			char *t = text(yaml_document_get_node(doc, *it));
			if (t != NULL)
				g_ptr_array_add(mf->args, t);
		}
	mf->cwd = text(get(doc, root, "cwd"));
	n = get(doc, root, "inputs");
	for (guint i = 0; i < G_N_ELEMENTS(single); i++)
		if (get(doc, n, single[i]) != NULL)
			add_input(mf, doc, get(doc, n, single[i]));
	n = get(doc, n, "violations");
	if (n != NULL && n->type == YAML_SEQUENCE_NODE)
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++)
			add_input(mf, doc, yaml_document_get_node(doc, *it));
	n = get(doc, root, "outputs");
	if (n != NULL && n->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
		    p++) {
			char *t = text(yaml_document_get_node(doc, p->key));
			if (t != NULL)
				g_ptr_array_add(mf->outputs, t);
		}
}

PpManifest *
pp_manifest_parse(const char *data, gsize len, gsize *line, gsize *col, GError **error)
{
	g_autoptr(PpManifest) mf = g_new0(PpManifest, 1);
	yaml_parser_t parser;
	yaml_document_t doc;

	*line = *col = 0;
	mf->args = g_ptr_array_new_with_free_func(g_free);
	mf->inputs = g_array_new(FALSE, TRUE, sizeof(PpRecorded));
	g_array_set_clear_func(mf->inputs, recorded_clear);
	mf->outputs = g_ptr_array_new_with_free_func(g_free);
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &doc)) {
		*line = parser.problem_mark.line + 1;
		*col = parser.problem_mark.column + 1;
		g_set_error_literal(error, PP_MANIFEST_ERROR, PP_MANIFEST_ERROR_SYNTAX,
		    parser.problem != NULL ? parser.problem : "?");
		yaml_parser_delete(&parser);
		return NULL;
	}
	read_document(mf, &doc);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (mf->args->len < 2 || mf->cwd == NULL || mf->inputs->len == 0 || mf->outputs->len == 0) {
		g_set_error_literal(error, PP_MANIFEST_ERROR, PP_MANIFEST_ERROR_CONTENT,
		    _("not a payroll-penalty manifest (arguments, cwd, inputs or outputs missing)"));
		return NULL;
	}
	return g_steal_pointer(&mf);
}
