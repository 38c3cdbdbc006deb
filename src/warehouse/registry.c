/* registry.c - the list of registry.h as an array, and lookups in it. */
#include "warehouse/registry.h"

#include <string.h>

#define WAREHOUSE_ENTRY_(name) &warehouse_##name,
const struct warehouse_table *const warehouse_tables[WAREHOUSE_NTABLES] = {
        WAREHOUSE_TABLES(WAREHOUSE_ENTRY_)};

int warehouse_table_index(const char *name)
{
	for (int i = 0; i < WAREHOUSE_NTABLES; i++)
		if (strcmp(warehouse_tables[i]->name, name) == 0)
			return i;
	return -1;
}
