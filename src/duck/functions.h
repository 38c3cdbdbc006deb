/* functions.h - wowah's SQL functions, written in C against DuckDB's C API and
 * registered on every connection wowah opens (see duck.h). */
#ifndef WOWAH_DUCK_FUNCTIONS_H
#define WOWAH_DUCK_FUNCTIONS_H

#include <duckdb.h>

#include "util/err.h"

int duck_functions_register(duckdb_connection conn, struct err *e);

#endif
