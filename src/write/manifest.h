/*
 * manifest.yaml (SPEC §5), written with libyaml's emitter: the tool's
 * version, the month, the exact argument list and the folder the run
 * started in, each input (path, SHA-256, rows, encoding), each output
 * (SHA-256, rows) and the totals of payroll.csv's money columns.
 */
#pragma once

#include "compute/compute.h"
#include "model.h"
#include "write/outputs.h"

typedef struct {
	char **argv;		/* the arguments after the program name */
	int argc;
	const char *cwd;
	const char *started;	/* ISO 8601, UTC; verify ignores it */
} PpRunInfo;

/* Writes manifest.yaml into dirfd; returns 0 or an errno. */
int pp_write_manifest(int dirfd, const PpRunInfo *run, const PpMonth *m, const PpResult *res,
    const PpOutputFile files[PP_OUT_N]);
