/*
 * payroll-penalty: a month of call-centre quality violations into payroll
 * deductions.  main() only parses options into a PpOptions, calls the
 * pipeline and returns its exit status (sysexits; see the man page).
 */
#include <glib/gi18n.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "common/diag.h"
#include "pipeline.h"

int
main(int argc, char **argv)
{
	PpOptions o = { 0 };
	int status;

	/* A fixed threshold (which also turns off glibc's raising it after each
	 * free) maps every block of 1 MiB or more on its own, so that the big
	 * arrays a month frees on the way (records and IDs in reading order)
	 * go back to the system instead of staying in the heap: peak memory. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	setlocale(LC_ALL, "");
	/* PAYROLL_PENALTY_LOCALEDIR: the translations of an uninstalled build (tests) */
	bindtextdomain(GETTEXT_PACKAGE, g_getenv("PAYROLL_PENALTY_LOCALEDIR") != NULL ?
	    g_getenv("PAYROLL_PENALTY_LOCALEDIR") : LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);

	if (argc < 2)
		return pp_cli_usage_error(NULL, _("no command given"));
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		pp_cli_help_top();
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("payroll-penalty %s\n", PP_VERSION);
		return 0;
	}
	if (!pp_cli_command(argv[1], &o.cmd))
		return pp_cli_usage_error(NULL, _("unknown command '%s'"), argv[1]);
	status = pp_cli_parse(&o, argc - 1, argv + 1);
	if (status < 0)
		status = o.cmd == PP_CMD_VERIFY ? pp_verify(&o) : pp_pipeline_run(&o);
	pp_options_clear(&o);
	return status;
}
