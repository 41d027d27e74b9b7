/*
 * The command line (SPEC §2): one parser for main() and for verify's
 * re-run of a recorded argument list.
 */
#pragma once

#include "pipeline.h"

/*
 * Parses the arguments of a subcommand (argv[0] is the subcommand's name,
 * o->cmd already set) into o.  Returns -1 when the command should run, or
 * the exit status to end with (0 after --help, 64 after a usage error,
 * which is printed).  o->violations is allocated: pp_options_clear().
 */
int pp_cli_parse(PpOptions *o, int argc, char **argv);

/* Sets *cmd from a subcommand's name; FALSE when there is none such. */
int pp_cli_command(const char *word, PpCommand *cmd);

/* Prints a subcommand's help, or the program's, on stdout. */
void pp_cli_help(PpCommand cmd);
void pp_cli_help_top(void);

/* Prints "payroll-penalty: error: ..." and where help is; returns 64. */
int pp_cli_usage_error(const char *cmd, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
