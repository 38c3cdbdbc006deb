/* test-opt.c - option tables: flags, values, ranges, environment and .env precedence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/config.h"
#include "util/opt.h"

struct vals {
	int verbose;
	const char *dir;
	int64_t port;
	double rate;
	const char *format;
};

static void table(struct opt *o, struct vals *v)
{
	struct opt t[] = {
	        OPT_BOOL_("verbose", &v->verbose, "talk"),
	        OPT_STR_("data-dir", &v->dir, "DIR", "where", "TEST_WOWAH_DIR"),
	        OPT_INT_("port", &v->port, "N", "port", "TEST_WOWAH_PORT", 0, 65535),
	        OPT_DBL_("rate", &v->rate, "P", "rate", NULL, 0, 1),
	        OPT_CHOICE_("format", &v->format, "table|csv|json", "output", NULL),
	        OPT_END_,
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		o[i] = t[i];
}

static int parse(struct vals *v, int argc, char **argv, int *npos, struct err *e)
{
	struct opt o[6];
	table(o, v);
	return opt_parse(o, argc, argv, npos, e);
}

static void flags_and_positionals(void **state)
{
	struct vals v = {0, "default", 1, 0.5, "table"};
	char *argv[] = {"wowah x",     "a",        "--verbose", "--port", "8080", "b",
	                "--rate=0.25", "--format", "csv",       "--",     "--c"};
	struct err e = {0};
	int npos = 0;
	(void)state;

	unsetenv("TEST_WOWAH_DIR");
	cfg_free();
	assert_int_equal(parse(&v, 11, argv, &npos, &e), 0);
	assert_int_equal(v.verbose, 1);
	assert_int_equal(v.port, 8080);
	assert_true(v.rate == 0.25);
	assert_string_equal(v.format, "csv");
	assert_string_equal(v.dir, "default");
	assert_int_equal(npos, 3);
	assert_string_equal(argv[0], "a");
	assert_string_equal(argv[1], "b");
	assert_string_equal(argv[2], "--c");
}

static void errors_are_usage(void **state)
{
	struct vals v = {0};
	struct err e = {0};
	int npos;
	char *a1[] = {"wowah x", "--nope"};
	char *a2[] = {"wowah x", "--port", "70000"};
	char *a3[] = {"wowah x", "--port", "12x"};
	char *a4[] = {"wowah x", "--format", "xml"};
	char *a5[] = {"wowah x", "--port"};
	char *a6[] = {"wowah x", "--help"};
	(void)state;

	assert_int_equal(parse(&v, 2, a1, &npos, &e), WOWAH_EUSAGE);
	assert_string_equal(e.msg, "unknown option '--nope' (see 'wowah x --help')");
	assert_int_equal(parse(&v, 3, a2, &npos, &e), WOWAH_EUSAGE);
	assert_string_equal(e.msg, "--port: 70000 is out of range (0 to 65535)");
	assert_int_equal(parse(&v, 3, a3, &npos, &e), WOWAH_EUSAGE);
	assert_int_equal(parse(&v, 3, a4, &npos, &e), WOWAH_EUSAGE);
	assert_string_equal(e.msg, "--format: 'xml' is not one of table|csv|json");
	assert_int_equal(parse(&v, 2, a5, &npos, &e), WOWAH_EUSAGE);
	assert_int_equal(parse(&v, 2, a6, &npos, &e), OPT_HELP_REQUESTED);
}

static void precedence(void **state)
{
	struct vals v = {0, "default", 1, 0, NULL};
	struct err e = {0};
	char path[] = "/tmp/wowah-test-envXXXXXX";
	int fd = mkstemp(path), npos;
	char *plain[] = {"wowah x"};
	char *flag[] = {"wowah x", "--data-dir", "from-flag"};
	FILE *f = fdopen(fd, "w");
	(void)state;

	fputs("# comment\nexport TEST_WOWAH_DIR=\"from-dotenv\"\nTEST_WOWAH_PORT=99 # note\n", f);
	fclose(f);
	unsetenv("TEST_WOWAH_DIR");
	unsetenv("TEST_WOWAH_PORT");
	assert_int_equal(cfg_load_dotenv(path, &e), 0);
	assert_int_equal(parse(&v, 1, plain, &npos, &e), 0);
	assert_string_equal(v.dir, "from-dotenv");
	assert_int_equal(v.port, 99);
	setenv("TEST_WOWAH_DIR", "from-env", 1);
	assert_int_equal(parse(&v, 1, plain, &npos, &e), 0);
	assert_string_equal(v.dir, "from-env");
	assert_int_equal(parse(&v, 3, flag, &npos, &e), 0);
	assert_string_equal(v.dir, "from-flag");
	setenv("TEST_WOWAH_PORT", "abc", 1);
	assert_int_equal(parse(&v, 1, plain, &npos, &e), WOWAH_EUSAGE);
	assert_string_equal(e.msg,
	                    "TEST_WOWAH_PORT (from the environment): 'abc' is not a whole number");
	unsetenv("TEST_WOWAH_PORT");
	unsetenv("TEST_WOWAH_DIR");
	cfg_free();
	unlink(path);
}

/* Defaults are set before argv and the environment are read, so both still win; --help
 * prints each one from the same entry; a table whose default breaks its own rule fails. */
static void defaults(void **state)
{
	const char *dir = NULL, *format = NULL;
	int64_t port = 0;
	double rate = 0;
	struct opt t[] = {
	        OPT_STR_DEF_("data-dir", &dir, "DIR", "where", "TEST_WOWAH_DIR", "./d"),
	        OPT_INT_DEF_("port", &port, "N", "port", NULL, 0, 65535, 8),
	        OPT_DBL_DEF_("rate", &rate, "P", "rate", NULL, 0, 1, 0.25),
	        OPT_CHOICE_DEF_("format", &format, "table|csv", "output", NULL, "csv"),
	        OPT_END_,
	};
	char *plain[] = {"wowah x"};
	char *flags[] = {"wowah x", "--port", "9", "--format=table"};
	char help[4096] = "";
	struct err e = {0};
	FILE *f = fmemopen(help, sizeof(help) - 1, "w");
	int npos;
	(void)state;

	unsetenv("TEST_WOWAH_DIR");
	cfg_free();
	assert_int_equal(opt_parse(t, 1, plain, &npos, &e), 0);
	assert_string_equal(dir, "./d");
	assert_int_equal(port, 8);
	assert_true(rate == 0.25);
	assert_string_equal(format, "csv");

	setenv("TEST_WOWAH_DIR", "from-env", 1);
	assert_int_equal(opt_parse(t, 4, flags, &npos, &e), 0);
	assert_string_equal(dir, "from-env");
	assert_int_equal(port, 9);
	assert_string_equal(format, "table");
	unsetenv("TEST_WOWAH_DIR");

	opt_print_help(f, "wowah x", "Does x.", t);
	fclose(f);
	assert_non_null(strstr(
	        help, "  --data-dir DIR             where (default: ./d) [env TEST_WOWAH_DIR]\n"));
	assert_non_null(strstr(help, "  --port N                   port (default: 8)\n"));
	assert_non_null(strstr(help, "  --rate P                   rate (default: 0.25)\n"));
	assert_non_null(strstr(help, "  --format table|csv         output (default: csv)\n"));

	t[1].def.i = 70000;
	assert_int_equal(opt_parse(t, 1, plain, &npos, &e), WOWAH_EUSAGE);
	assert_string_equal(e.msg,
	                    "wowah x: the default of --port is out of its range (0 to 65535)");
	t[1].def.i = 8;
	t[3].def.s = "xml";
	assert_int_equal(opt_parse(t, 1, plain, &npos, &e), WOWAH_EUSAGE);
	assert_string_equal(e.msg,
	                    "wowah x: the default of --format, 'xml', is not one of table|csv");
}

/* A list option keeps every value in order; an empty one is refused; help says it repeats. */
static void list_repeats(void **state)
{
	struct opt_list at = {0};
	const char *out = NULL;
	struct opt t[] = {
	        OPT_LIST_("at", &at, "TS", "a time"),
	        OPT_STR_("out", &out, "FILE", "where", NULL),
	        OPT_END_,
	};
	char *argv[] = {"wowah x", "--at", "1", "rebuild", "--at=2", "--out", "f", "--at", "3"};
	char *empty[] = {"wowah x", "--at", "1", "--at="};
	char help[512] = {0};
	FILE *f = fmemopen(help, sizeof(help) - 1, "w");
	struct err e = {0};
	int npos = 0;
	(void)state;

	assert_int_equal(opt_parse(t, 9, argv, &npos, &e), 0);
	assert_int_equal(at.n, 3);
	assert_string_equal(at.v[0], "1");
	assert_string_equal(at.v[1], "2");
	assert_string_equal(at.v[2], "3");
	assert_string_equal(out, "f");
	assert_int_equal(npos, 1);
	opt_list_free(&at);
	assert_null(at.v);
	assert_int_equal(opt_parse(t, 4, empty, &npos, &e), WOWAH_EUSAGE);
	assert_string_equal(e.msg, "--at: the value is empty; give a TS");
	opt_list_free(&at);

	assert_non_null(f);
	opt_print_help(f, "wowah x", "x", t);
	fclose(f);
	assert_non_null(strstr(help, "  --at TS                    a time (may be given more than "
	                             "once)\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(flags_and_positionals),
	        cmocka_unit_test(errors_are_usage),
	        cmocka_unit_test(precedence),
	        cmocka_unit_test(defaults),
	        cmocka_unit_test(list_repeats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
