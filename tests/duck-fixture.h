/* duck-fixture.h - the in-memory DuckDB that a cmocka unit test group opens once: include
 * it after duck/duck.h and pass duck_fixture_setup / duck_fixture_teardown to
 * cmocka_run_group_tests (one copy of the fixture instead of one per test file). */
#ifndef WOWAH_TESTS_DUCK_FIXTURE_H
#define WOWAH_TESTS_DUCK_FIXTURE_H

#include "duck/duck.h"

static struct duck db;

static int duck_fixture_setup(void **state)
{
	struct err e = {0};
	(void)state;
	return duck_open(&db, NULL, &e);
}

static int duck_fixture_teardown(void **state)
{
	(void)state;
	duck_close(&db);
	return 0;
}

#endif
