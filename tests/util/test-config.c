/* test-config.c - .env parsing (export, quotes, comments, CRLF, NUL bytes, bad lines with
 * their line number and without their text) and the lookup order: the environment, then
 * .env, then nothing (the CLI's flags and defaults are tested in tests/cli/t0003). */
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

static char path[64];

static int setup(void **state)
{
	int fd;
	(void)state;
	snprintf(path, sizeof(path), "/tmp/wowah-test-config.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cfg_free();
	unlink(path);
	return 0;
}

/* Writes len bytes of text as the .env file and loads it; the return code. */
static int load(const char *text, size_t len, struct err *e)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return cfg_load_dotenv(path, e);
}

#define LOAD(text, e) load(text, sizeof(text) - 1, e)

static void check(const char *name, const char *want)
{
	const char *got = cfg_get(name);
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
}

static void parses_values(void **state)
{
	struct err e = {0};
	(void)state;

	assert_int_equal(LOAD("# a comment line\n"
	                      "\n"
	                      "   # an indented one\n"
	                      "export WT_A=1\n"
	                      "WT_B =  two words  \n"
	                      "WT_C=\"quoted # not a comment\"\n"
	                      "WT_D='single'\n"
	                      "WT_E=value # a comment\n"
	                      "WT_F=val#ue\n"
	                      "WT_G=\n"
	                      "WT_H=\"a=b\"\n"
	                      "WT_I=first\n"
	                      "WT_I=last\n"
	                      "WT_J=\"\"\n"
	                      "WT_K=no newline at the end",
	                      &e),
	                 0);
	check("WT_A", "1");
	check("WT_B", "two words");
	check("WT_C", "quoted # not a comment");
	check("WT_D", "single");
	check("WT_E", "value");
	check("WT_F", "val#ue");
	check("WT_G", NULL); /* empty counts as unset */
	check("WT_H", "a=b");
	check("WT_I", "last");
	check("WT_J", NULL);
	check("WT_K", "no newline at the end");
	check("WT_NONE", NULL);
}

static void crlf_lines(void **state)
{
	struct err e = {0};
	(void)state;

	assert_int_equal(LOAD("WT_A=plain\r\nWT_B=\"quoted\"\r\n# c\r\n\r\nWT_C=x # c\r\n", &e), 0);
	check("WT_A", "plain");
	check("WT_B", "quoted");
	check("WT_C", "x");
}

static void bad_lines_say_where_not_what(void **state)
{
	struct err e = {0};
	(void)state;

	/* blank and comment lines count: the message names the file's own line number */
	assert_int_equal(LOAD("WT_A=1\n\n# c\n\nsecret-value-without-equals\nWT_B=2\n", &e),
	                 WOWAH_ECONFIG);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "line 5"));
	assert_null(strstr(e.msg, "secret-value")); /* a value may be a secret */
	check("WT_A", NULL);                        /* nothing half loaded */
	check("WT_B", NULL);
	assert_int_equal(LOAD("=value\n", &e), WOWAH_ECONFIG);
	assert_non_null(strstr(e.msg, "line 1"));
}

static void nul_byte_is_an_error(void **state)
{
	struct err e = {0};
	(void)state;

	/* not text: said so, rather than silently reading up to the NUL */
	assert_int_equal(LOAD("WT_A=1\nWT_B=x\0y\nWT_C=3\n", &e), WOWAH_ECONFIG);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "NUL"));
	assert_non_null(strstr(e.msg, "line 2"));
	check("WT_A", NULL);
	check("WT_C", NULL);
}

static void missing_and_empty_files(void **state)
{
	struct err e = {0};
	(void)state;

	assert_int_equal(LOAD("WT_A=1\n", &e), 0);
	check("WT_A", "1");
	/* a missing file is no error and replaces what was loaded */
	assert_int_equal(cfg_load_dotenv("/tmp/wowah-no-such-dir/.env", &e), 0);
	check("WT_A", NULL);
	assert_int_equal(LOAD("", &e), 0);
	check("WT_A", NULL);
	assert_int_equal(LOAD("\n\n", &e), 0);
}

static void environment_beats_dotenv(void **state)
{
	struct err e = {0};
	(void)state;

	assert_int_equal(LOAD("WT_A=from-dotenv\nWT_B=only-dotenv\n", &e), 0);
	assert_int_equal(setenv("WT_A", "from-env", 1), 0);
	check("WT_A", "from-env");
	assert_string_equal(cfg_source("WT_A"), "environment");
	check("WT_B", "only-dotenv");
	assert_string_equal(cfg_source("WT_B"), ".env");
	/* an empty environment value is unset: .env answers */
	assert_int_equal(setenv("WT_A", "", 1), 0);
	check("WT_A", "from-dotenv");
	assert_string_equal(cfg_source("WT_A"), ".env");
	assert_int_equal(setenv("WT_C", "env-only", 1), 0);
	check("WT_C", "env-only");
	assert_null(cfg_source("WT_NONE"));
	unsetenv("WT_A");
	unsetenv("WT_C");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(parses_values, setup, teardown),
	        cmocka_unit_test_setup_teardown(crlf_lines, setup, teardown),
	        cmocka_unit_test_setup_teardown(bad_lines_say_where_not_what, setup, teardown),
	        cmocka_unit_test_setup_teardown(nul_byte_is_an_error, setup, teardown),
	        cmocka_unit_test_setup_teardown(missing_and_empty_files, setup, teardown),
	        cmocka_unit_test_setup_teardown(environment_beats_dotenv, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
