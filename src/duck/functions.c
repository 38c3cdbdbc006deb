/* functions.c - wowah's SQL functions (market_value, gold: issue 4 fills this in). */
#include "duck/functions.h"

int duck_functions_register(duckdb_connection conn, struct err *e)
{
	(void)conn;
	(void)e;
	return WOWAH_OK;
}
