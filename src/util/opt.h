/* opt.h - declarative command-line options, as git's parse-options.
 *
 * Each command declares its options once in a table; the same table parses argv, fills
 * in values from the environment / .env (util/config.h) where an option names a
 * variable, validates ranges, sets the declared defaults, and prints --help (defaults
 * included, so no help text repeats one). Options are long only ("--port 8080" or
 * "--port=8080"); "--" ends them. Positional arguments are kept, in order, at the front
 * of argv.
 */
#ifndef WOWAH_UTIL_OPT_H
#define WOWAH_UTIL_OPT_H

#include <stddef.h>
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
	OPT_LIST,   /* value: struct opt_list *; a string that may be given more than once */
};

/* The values of an OPT_LIST option in the order given, each pointing into argv or the
 * environment (which gives one). The caller owns v: opt_list_free, whatever the parse
 * returned. */
struct opt_list {
	const char **v;
	size_t n;
};

void opt_list_free(struct opt_list *l);

/* An option's default, of the option's kind: opt_parse sets it before it reads argv and
 * the environment, and opt_print_help shows it as "(default: 8)", so it is written once. */
union opt_default {
	const char *s; /* OPT_STRING, OPT_CHOICE */
	int64_t i;     /* OPT_INT */
	double d;      /* OPT_DOUBLE */
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
	/* Without a default, *value keeps what the caller put there (0, NULL: none). */
	int has_default;
	union opt_default def;
};

#define OPT_BOOL_(n, v, h)                                               \
	{                                                                \
		.kind = OPT_BOOL, .name = (n), .value = (v), .help = (h) \
	}
#define OPT_STR_(n, v, a, h, ev)                                                            \
	{                                                                                   \
		.kind = OPT_STRING, .name = (n), .value = (v), .argname = (a), .help = (h), \
		.env = (ev)                                                                 \
	}
#define OPT_INT_(n, v, a, h, ev, lo, hi)                                                 \
	{                                                                                \
		.kind = OPT_INT, .name = (n), .value = (v), .argname = (a), .help = (h), \
		.env = (ev), .min = (lo), .max = (hi)                                    \
	}
#define OPT_DBL_(n, v, a, h, ev, lo, hi)                                                    \
	{                                                                                   \
		.kind = OPT_DOUBLE, .name = (n), .value = (v), .argname = (a), .help = (h), \
		.env = (ev), .min = (lo), .max = (hi)                                       \
	}
#define OPT_LIST_(n, v, a, h)                                                            \
	{                                                                                \
		.kind = OPT_LIST, .name = (n), .value = (v), .argname = (a), .help = (h) \
	}
#define OPT_CHOICE_(n, v, c, h, ev)                                                      \
	{                                                                                \
		.kind = OPT_CHOICE, .name = (n), .value = (v), .help = (h), .env = (ev), \
		.choices = (c)                                                           \
	}
/* The same with a default dv (help text without it: the help line adds it). */
#define OPT_STR_DEF_(n, v, a, h, ev, dv)                                                    \
	{                                                                                   \
		.kind = OPT_STRING, .name = (n), .value = (v), .argname = (a), .help = (h), \
		.env = (ev), .has_default = 1, .def.s = (dv)                                \
	}
#define OPT_INT_DEF_(n, v, a, h, ev, lo, hi, dv)                                         \
	{                                                                                \
		.kind = OPT_INT, .name = (n), .value = (v), .argname = (a), .help = (h), \
		.env = (ev), .min = (lo), .max = (hi), .has_default = 1, .def.i = (dv)   \
	}
#define OPT_DBL_DEF_(n, v, a, h, ev, lo, hi, dv)                                            \
	{                                                                                   \
		.kind = OPT_DOUBLE, .name = (n), .value = (v), .argname = (a), .help = (h), \
		.env = (ev), .min = (lo), .max = (hi), .has_default = 1, .def.d = (dv)      \
	}
#define OPT_CHOICE_DEF_(n, v, c, h, ev, dv)                                              \
	{                                                                                \
		.kind = OPT_CHOICE, .name = (n), .value = (v), .help = (h), .env = (ev), \
		.choices = (c), .has_default = 1, .def.s = (dv)                          \
	}
#define OPT_END_                \
	{                       \
		.kind = OPT_END \
	}

#define OPT_HELP_REQUESTED (-1)
#define OPT_MAX            64 /* options in one table */

/* Sets the defaults, then parses argv[1..argc) (argv[0] is the command name), then takes
 * the environment for what argv did not set. On success returns WOWAH_OK and *out_npos
 * positional arguments are at argv[0..npos). Returns OPT_HELP_REQUESTED for -h/--help, or
 * WOWAH_EUSAGE with a one-line message in e (also for a table whose default is out of its
 * own range or choices). */
int opt_parse(const struct opt *opts, int argc, char **argv, int *out_npos, struct err *e);

/* The same, and seen[k] (OPT_MAX of them) set to 1 for each opts[k] that argv named, so a
 * caller can tell an option given at its default from one not given. */
int opt_parse_seen(const struct opt *opts, int argc, char **argv, int *out_npos,
                   unsigned char *seen, struct err *e);

/* Prints "usage: ...", the summary, and one aligned line per option: its help, then
 * "(default: X)" when it has one, then "[env VAR]" when it names one. */
void opt_print_help(FILE *f, const char *usage, const char *summary, const struct opt *opts);

/* Writes what opt_print_help shows as data, for the generators of the man pages and the
 * shell completion (src/cli/gendoc/): tab-separated lines "usage\tTEXT", "summary\tTEXT",
 * then per option "option\tNAME\tKIND\tARG\tDEFAULT\tENV\tHELP" (KIND bool, string, int,
 * double or choice; ARG its argname or choices; empty fields where there is none). Tabs,
 * newlines and backslashes inside a field are written \t, \n and \\. */
void opt_print_spec(FILE *f, const char *usage, const char *summary, const struct opt *opts);

#endif
