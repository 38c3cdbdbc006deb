/* keys.c - the tables of regions and kinds. */
#include "model/keys.h"

#include <string.h>

const char *const model_regions[MODEL_NREGIONS] = {"eu", "us", "kr", "tw", "cn"};

static const char *const kind_names[MODEL_NKINDS] = {"realm", "commodity", "classic", "token"};

int model_region_check(const char *region, struct err *e)
{
	for (size_t i = 0; i < MODEL_NREGIONS; i++)
		if (strcmp(region, model_regions[i]) == 0)
			return WOWAH_OK;
	return err_set(e, WOWAH_EUSAGE, "region '%s' is not one of eu, us, kr, tw, cn", region);
}

const char *model_kind_name(int kind)
{
	return kind >= 0 && kind < MODEL_NKINDS ? kind_names[kind] : "?";
}

int model_kind_parse(const char *s)
{
	for (int i = 0; i < MODEL_NKINDS; i++)
		if (strcmp(kind_names[i], s) == 0)
			return i;
	return -1;
}
