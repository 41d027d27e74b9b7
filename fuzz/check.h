/*
 * Shared by the harnesses: libFuzzer's entry point, and CHECK(cond),
 * which abort()s with "NAME: FILE:LINE: broken promise: cond" when what a
 * header promises does not hold (NAME is FUZZ_NAME, which the harness
 * defines before including this).
 */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                \
	do {                                                                       \
		if (!(cond)) {                                                     \
			fprintf(stderr, FUZZ_NAME ": %s:%d: broken promise: %s\n", \
			    __FILE__, __LINE__, #cond);                            \
			abort();                                                   \
		}                                                                  \
	} while (0)
