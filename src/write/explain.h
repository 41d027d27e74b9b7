/*
 * explain: how one employee's figures were reached, as readable text, from
 * the month and its computed result (no recomputation: the figures are the
 * ones payroll.csv gets).
 */
#pragma once

#include <stdio.h>

#include "compute/compute.h"
#include "model.h"

/*
 * Writes the trace for employee e to fp.  Returns FALSE when e has no wages
 * row, no violation record, no liability and no carry-in (nothing to say).
 */
gboolean pp_explain(FILE *fp, const PpMonth *m, const PpResult *res, PpEmp e);
