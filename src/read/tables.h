/*
 * The four CSV tables of SPEC §3 (violations, wages, org, carry-in ledger)
 * read into a PpMonth, each row checked as it is read, and the checks that
 * need whole tables (duplicate record IDs across files, overlapping org
 * rows, regions without a minimum wage, the rules' first month).  Every
 * problem goes to diags with its file, line and field number.
 */
#pragma once

#include "common/diag.h"
#include "model.h"
#include "read/csvread.h"

/*
 * Each reads the file at path into m (needs m->rules for codes; with no
 * rules, codes are not checked).  Returns FALSE when the file could not be
 * opened or read (exit status 66); problems in its contents are added to
 * diags and reading goes on.  pp_read_violations appends a PpInputFile to
 * m->violation_files; call it in byte order of the paths.
 */
gboolean pp_read_violations(PpMonth *m, const char *path, PpEncoding enc, PpDiags *diags);
gboolean pp_read_wages(PpMonth *m, const char *path, PpEncoding enc, PpDiags *diags);
gboolean pp_read_org(PpMonth *m, const char *path, PpEncoding enc, PpDiags *diags);
gboolean pp_read_ledger(PpMonth *m, const char *path, PpEncoding enc, PpDiags *diags);

/*
 * The checks across rows and tables, once everything is read.  Also ranks
 * the employees by ID, moves the records into detail.csv's order
 * (employee_id, date, record_id) and sorts them by record_id
 * (m->rid_order); sorts the org rows by employee and effective_from.
 * The grouping runs on up to `threads` threads.
 */
void pp_month_validate(PpMonth *m, guint threads, PpDiags *diags);
