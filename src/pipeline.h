/*
 * The pipeline: read (rules, CSV tables) -> validate -> compute -> write
 * (CSV, manifest, atomic folder), and the subcommands built on it.  Each
 * returns the process's exit status; nothing here calls exit().
 */
#pragma once

#include <glib.h>

#include "read/csvread.h"

typedef enum {
	PP_CMD_RUN,
	PP_CMD_CHECK,
	PP_CMD_EXPLAIN,
	PP_CMD_VERIFY,
} PpCommand;

/* What main() parsed.  Borrowed strings (argv) except where noted. */
typedef struct {
	PpCommand cmd;
	int32_t month;			/* yyyymm */
	const char *rules;
	const char *wages;
	const char *org;		/* NULL: none */
	const char *carry_in;		/* NULL with no_carry_in */
	gboolean no_carry_in;
	const char *out;
	gboolean force;
	gboolean bom;
	PpEncoding encoding;
	const char **violations;	/* n_violations paths, as given */
	guint n_violations;
	const char *employee;		/* explain */
	const char *verify_dir;		/* verify */
	const char *base;		/* verify --base */
	gboolean verbose;
	gboolean quiet;
	guint threads;			/* 0: the number of cores */
	char **argv;			/* the arguments after the program name */
	int argc;
} PpOptions;

/* Frees what pp_cli_parse allocated in o. */
void pp_options_clear(PpOptions *o);

/* payroll-penalty run / check / explain: returns the exit status. */
int pp_pipeline_run(const PpOptions *o);

/* payroll-penalty verify: 0 when everything reproduces, 1 when not. */
int pp_verify(const PpOptions *o);
