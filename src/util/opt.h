/* opt.h - declarative command-line options, as git's parse-options.
 *
 * Each command declares its options once in a table; the same table parses argv, fills
 * in values from the environment / .env (util/config.h) where an option names a
 * variable, validates ranges, and prints --help. Options are long only ("--port 8080" or
 * "--port=8080"); "--" ends them. Positional arguments are kept, in order, at the front
 * of argv.
 */
#ifndef WOWAH_UTIL_OPT_H
#define WOWAH_UTIL_OPT_H

#include <stdint.h>
#include <stdio.h>

#include "util/err.h"

enum opt_kind {
	OPT_END = 0,
	OPT_BOOL,   /* value: int *; set to 1 */
	OPT_STRING, /* value: const char **; points into argv or the environment */
	OPT_INT,    /* value: int64_t *; range [min, max] when min < max */
	OPT_DOUBLE, /* value: double *; range [min, max] when min < max */
	OPT_CHOICE, /* value: const char **; one of the '|'-separated words in choices */
};

struct opt {
	enum opt_kind kind;
	const char *name; /* without the leading dashes */
	void *value;
	const char *argname; /* shown in help: "N", "DIR" */
	const char *help;
	const char *env; /* variable that supplies the value when the flag is absent */
	double min, max;
	const char *choices; /* OPT_CHOICE: "table|csv|json" */
};

#define OPT_BOOL_(n, v, h)                                      \
	{                                                       \
		OPT_BOOL, (n), (v), NULL, (h), NULL, 0, 0, NULL \
	}
#define OPT_STR_(n, v, a, h, env)                                 \
	{                                                         \
		OPT_STRING, (n), (v), (a), (h), (env), 0, 0, NULL \
	}
#define OPT_INT_(n, v, a, h, env, lo, hi)                            \
	{                                                            \
		OPT_INT, (n), (v), (a), (h), (env), (lo), (hi), NULL \
	}
#define OPT_DBL_(n, v, a, h, env, lo, hi)                               \
	{                                                               \
		OPT_DOUBLE, (n), (v), (a), (h), (env), (lo), (hi), NULL \
	}
#define OPT_CHOICE_(n, v, c, h, env)                              \
	{                                                         \
		OPT_CHOICE, (n), (v), NULL, (h), (env), 0, 0, (c) \
	}
#define OPT_END_                                                  \
	{                                                         \
		OPT_END, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL \
	}

#define OPT_HELP_REQUESTED (-1)
#define OPT_MAX            64 /* options in one table */

/* Parses argv[1..argc) (argv[0] is the command name). On success returns WOWAH_OK and
 * *out_npos positional arguments are at argv[0..npos). Returns OPT_HELP_REQUESTED for
 * -h/--help, or WOWAH_EUSAGE with a one-line message in e. */
int opt_parse(const struct opt *opts, int argc, char **argv, int *out_npos, struct err *e);

/* Prints "usage: ...", the summary, and one aligned line per option. */
void opt_print_help(FILE *f, const char *usage, const char *summary, const struct opt *opts);

#endif
