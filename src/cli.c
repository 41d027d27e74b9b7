/*
 * The command line: argv into a PpOptions, help texts, usage errors.
 */
#include "cli.h"

#include <getopt.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "common/diag.h"
#include "common/fixed.h"

static const char *usage_top =
    N_("Usage: payroll-penalty COMMAND [OPTION...]\n"
       "Turn a month of call-centre quality violations into payroll deductions.\n"
       "\n"
       "Commands:\n"
       "  run      compute the month and write the output folder\n"
       "  check    validate the inputs and show what a run would produce; write nothing\n"
       "  explain  show how one employee's figures were reached\n"
       "  verify   re-run a past month from its manifest and compare\n"
       "\n"
       "Options:\n"
       "  -h, --help     show this help (or a command's: payroll-penalty run --help)\n"
       "      --version  show the version\n"
       "\n"
       "Exit status: 0 success, 1 verify found differences, 64 usage error, 65 bad\n"
       "input data, 66 an input cannot be read, 70 internal error, 73 output cannot\n"
       "be created, 75 another run holds the lock.  See payroll-penalty(1).\n");

static const char *usage_inputs =
    N_("Inputs:\n"
       "      --month YYYY-MM          the payroll month (required)\n"
       "      --rules RULES.yaml       the rule table (required)\n"
       "      --wages WAGES.csv        the month's wages sheet (required)\n"
       "      --org ORG.csv            effective-dated supervisors (required when the\n"
       "                               rules charge supervisors)\n"
       "      --carry-in LEDGER.csv    last month's carryover.csv\n"
       "      --no-carry-in            say that there is no ledger (first month)\n"
       "      --encoding auto|utf-8|gb18030\n"
       "                               input encoding (default auto: UTF-8 when valid,\n"
       "                               else GB18030)\n"
       "  VIOLATIONS.csv...            one or more violation files (read in byte\n"
       "                               order of their paths)\n"
       "Other options:\n"
       "      --threads N              N threads read, check and write (default: the\n"
       "                               number of cores); the output is the same\n"
       "  -v, --verbose                say what was chosen (encodings, minimum wages,\n"
       "                               the rule table)\n"
       "  -q, --quiet                  no summary on stdout\n"
       "  -h, --help                   show this help\n");

static const char *usage_run =
    N_("Usage: payroll-penalty run --month YYYY-MM --rules RULES.yaml --wages WAGES.csv\n"
       "         [--org ORG.csv] (--carry-in LEDGER.csv | --no-carry-in)\n"
       "         --out DIR [--force] [--bom] [--encoding ENC] VIOLATIONS.csv...\n"
       "Compute the month and write payroll.csv, detail.csv, liability.csv,\n"
       "carryover.csv and manifest.yaml into DIR, whole or not at all.\n"
       "\n"
       "Output:\n"
       "      --out DIR                the output folder (must not exist)\n"
       "      --force                  replace DIR (kept until the new one is complete)\n"
       "      --bom                    start each CSV with a UTF-8 byte-order mark\n"
       "\n");

static const char *usage_check =
    N_("Usage: payroll-penalty check --month YYYY-MM --rules RULES.yaml --wages WAGES.csv\n"
       "         [--org ORG.csv] (--carry-in LEDGER.csv | --no-carry-in)\n"
       "         [--encoding ENC] VIOLATIONS.csv...\n"
       "Report every problem in the inputs; when there is none, show what a run\n"
       "would produce.  Writes nothing.  Exit status 0, or as for run (64, 65, 66).\n"
       "\n");

static const char *usage_explain =
    N_("Usage: payroll-penalty explain --employee ID --month YYYY-MM --rules RULES.yaml\n"
       "         --wages WAGES.csv [--org ORG.csv] (--carry-in LEDGER.csv | --no-carry-in)\n"
       "         [--encoding ENC] VIOLATIONS.csv...\n"
       "Show how one employee's figures were reached.\n"
       "\n"
       "      --employee ID            the employee to explain (required)\n"
       "\n");

static const char *usage_verify =
    N_("Usage: payroll-penalty verify DIR [--base DIR]\n"
       "Re-run the month recorded in DIR/manifest.yaml and report every input whose\n"
       "SHA-256 changed and every output that does not reproduce byte for byte.\n"
       "\n"
       "      --base DIR    resolve the recorded relative paths against DIR (default:\n"
       "                    the folder the original run was started in)\n"
       "  -h, --help        show this help\n"
       "\n"
       "Exit status: 0 everything reproduces; 1 an input changed or is missing, an\n"
       "output differs, or the re-run failed; 64 usage error; 65 DIR/manifest.yaml\n"
       "is not a manifest; 66 it cannot be read.\n");

enum {
	OPT_MONTH = 256, OPT_RULES, OPT_WAGES, OPT_ORG, OPT_CARRY_IN, OPT_NO_CARRY_IN,
	OPT_OUT, OPT_FORCE, OPT_BOM, OPT_ENCODING, OPT_EMPLOYEE, OPT_BASE, OPT_THREADS,
	OPT_VERSION,
};

static const struct option long_options[] = {
	{ "month", required_argument, NULL, OPT_MONTH },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "wages", required_argument, NULL, OPT_WAGES },
	{ "org", required_argument, NULL, OPT_ORG },
	{ "carry-in", required_argument, NULL, OPT_CARRY_IN },
	{ "no-carry-in", no_argument, NULL, OPT_NO_CARRY_IN },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "bom", no_argument, NULL, OPT_BOM },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "employee", required_argument, NULL, OPT_EMPLOYEE },
	{ "base", required_argument, NULL, OPT_BASE },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* Which options each command takes (by the enum above, 'v', 'q', 'h'). */
static gboolean
allowed(PpCommand cmd, int opt)
{
	switch (opt) {
	case OPT_OUT: case OPT_FORCE: case OPT_BOM:
		return cmd == PP_CMD_RUN;
	case OPT_EMPLOYEE:
		return cmd == PP_CMD_EXPLAIN;
	case OPT_BASE:
		return cmd == PP_CMD_VERIFY;
	case 'v': case 'q': case 'h': case OPT_THREADS:
		return TRUE;
	default:
		return cmd != PP_CMD_VERIFY;
	}
}

void
pp_cli_help(PpCommand cmd)
{
	switch (cmd) {
	case PP_CMD_RUN:
		fputs(_(usage_run), stdout);
		fputs(_(usage_inputs), stdout);
		break;
	case PP_CMD_CHECK:
		fputs(_(usage_check), stdout);
		fputs(_(usage_inputs), stdout);
		break;
	case PP_CMD_EXPLAIN:
		fputs(_(usage_explain), stdout);
		fputs(_(usage_inputs), stdout);
		break;
	case PP_CMD_VERIFY:
		fputs(_(usage_verify), stdout);
		break;
	}
}

static const char *
cmd_name(PpCommand cmd)
{
	static const char *names[] = { "run", "check", "explain", "verify" };
	return names[cmd];
}

int
pp_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "payroll-penalty: %s: %s\n", _("error"), msg);
	if (cmd != NULL)
		fprintf(stderr, _("Try 'payroll-penalty %s --help'.\n"), cmd);
	else
		fprintf(stderr, _("Try 'payroll-penalty --help'.\n"));
	return PP_EXIT_USAGE;
}

int
pp_cli_parse(PpOptions *o, int argc, char **argv)
{
	const char *cmd = cmd_name(o->cmd);
	GPtrArray *paths = g_ptr_array_new();

	o->argv = argv;
	o->argc = argc;
	const char *month = NULL;
	int c, ret = -1;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":vqh", long_options, NULL)) != -1) {
		if (c == '?') {
			if (optopt != 0)
				ret = pp_cli_usage_error(cmd, _("unknown option '-%c'"), optopt);
			else
				ret = pp_cli_usage_error(cmd, _("unknown option '%s'"), argv[optind - 1]);
			goto out;
		}
		if (c == ':') {
			ret = pp_cli_usage_error(cmd, _("option '%s' needs a value"), argv[optind - 1]);
			goto out;
		}
		if (!allowed(o->cmd, c)) {
			ret = pp_cli_usage_error(cmd, _("option '%s' does not apply to '%s'"),
			    argv[optind - 1], cmd);
			goto out;
		}
		switch (c) {
		case OPT_MONTH: month = optarg; break;
		case OPT_RULES: o->rules = optarg; break;
		case OPT_WAGES: o->wages = optarg; break;
		case OPT_ORG: o->org = optarg; break;
		case OPT_CARRY_IN: o->carry_in = optarg; break;
		case OPT_NO_CARRY_IN: o->no_carry_in = TRUE; break;
		case OPT_OUT: o->out = optarg; break;
		case OPT_FORCE: o->force = TRUE; break;
		case OPT_BOM: o->bom = TRUE; break;
		case OPT_EMPLOYEE: o->employee = optarg; break;
		case OPT_BASE: o->base = optarg; break;
		case 'v': o->verbose = TRUE; break;
		case 'q': o->quiet = TRUE; break;
		case 'h':
			pp_cli_help(o->cmd);
			ret = 0;
			goto out;
		case OPT_ENCODING:
			if (strcmp(optarg, "auto") == 0)
				o->encoding = PP_ENC_AUTO;
			else if (g_ascii_strcasecmp(optarg, "utf-8") == 0 ||
			    g_ascii_strcasecmp(optarg, "utf8") == 0)
				o->encoding = PP_ENC_UTF8;
			else if (g_ascii_strcasecmp(optarg, "gb18030") == 0)
				o->encoding = PP_ENC_GB18030;
			else {
				ret = pp_cli_usage_error(cmd, _("--encoding must be auto, utf-8 or gb18030, not '%s'"),
				    optarg);
				goto out;
			}
			break;
		case OPT_THREADS: {
			guint64 n;
			if (!g_ascii_string_to_unsigned(optarg, 10, 1, 256, &n, NULL)) {
				ret = pp_cli_usage_error(cmd, _("--threads must be a number from 1 to 256, not '%s'"),
				    optarg);
				goto out;
			}
			o->threads = (guint)n;
			break;
		}
		default:
			ret = pp_cli_usage_error(cmd, _("unknown option '%s'"), argv[optind - 1]);
			goto out;
		}
	}
	for (int i = optind; i < argc; i++)
		g_ptr_array_add(paths, argv[i]);

	if (o->cmd == PP_CMD_VERIFY) {
		if (paths->len != 1) {
			ret = pp_cli_usage_error(cmd, _("verify takes one output folder"));
			goto out;
		}
		o->verify_dir = g_ptr_array_index(paths, 0);
		goto out;
	}
	if (month == NULL) {
		ret = pp_cli_usage_error(cmd, _("--month is required"));
		goto out;
	}
	if (!pp_parse_month(month, strlen(month), &o->month)) {
		ret = pp_cli_usage_error(cmd, _("--month must be YYYY-MM, not '%s'"), month);
		goto out;
	}
	if (o->rules == NULL || o->wages == NULL) {
		ret = pp_cli_usage_error(cmd, o->rules == NULL ? _("--rules is required") :
		    _("--wages is required"));
		goto out;
	}
	if (o->carry_in == NULL && !o->no_carry_in) {
		ret = pp_cli_usage_error(cmd, _("say --carry-in LEDGER.csv or --no-carry-in: a forgotten ledger must not drop debts"));
		goto out;
	}
	if (o->carry_in != NULL && o->no_carry_in) {
		ret = pp_cli_usage_error(cmd, _("--carry-in and --no-carry-in exclude each other"));
		goto out;
	}
	if (o->cmd == PP_CMD_RUN && o->out == NULL) {
		ret = pp_cli_usage_error(cmd, _("--out is required"));
		goto out;
	}
	if (o->cmd == PP_CMD_EXPLAIN && o->employee == NULL) {
		ret = pp_cli_usage_error(cmd, _("--employee is required"));
		goto out;
	}
	if (paths->len == 0) {
		ret = pp_cli_usage_error(cmd, _("give at least one violations file"));
		goto out;
	}
	o->n_violations = paths->len;
	o->violations = (const char **)g_ptr_array_free(paths, FALSE);
	paths = NULL;
out:
	if (paths != NULL)
		g_ptr_array_free(paths, TRUE);
	return ret;
}

void
pp_cli_help_top(void)
{
	fputs(_(usage_top), stdout);
}

int
pp_cli_command(const char *word, PpCommand *cmd)
{
	static const char *names[] = { "run", "check", "explain", "verify" };
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		if (strcmp(word, names[i]) == 0) {
			*cmd = (PpCommand)i;
			return TRUE;
		}
	}
	return FALSE;
}
