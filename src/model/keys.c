/* keys.c - the tables of regions, flavours and kinds. */
#include "model/keys.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

const char *const model_regions[MODEL_NREGIONS] = {"eu", "us", "kr", "tw", "cn"};

static const char *const kind_names[MODEL_NKINDS] = {"realm", "commodity", "classic", "token"};

int model_region_check(const char *region, struct err *e)
{
	for (size_t i = 0; i < MODEL_NREGIONS; i++)
		if (strcmp(region, model_regions[i]) == 0)
			return WOWAH_OK;
	return err_set(e, WOWAH_EUSAGE, "region '%s' is not one of eu, us, kr, tw, cn", region);
}

static const char *const flavor_names[MODEL_NFLAVORS] = {"retail", "classic", "classic1x",
                                                         "classicann"};

/* names[i], or "?" past the table; the index of s in it, or -1. */
static const char *name_of(const char *const *names, int n, int i)
{
	return i >= 0 && i < n ? names[i] : "?";
}

static int index_of(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *model_kind_name(int kind)
{
	return name_of(kind_names, MODEL_NKINDS, kind);
}

int model_kind_parse(const char *s)
{
	return index_of(kind_names, MODEL_NKINDS, s);
}

const char *model_flavor_name(int flavor)
{
	return name_of(flavor_names, MODEL_NFLAVORS, flavor);
}

int model_flavor_parse(const char *s)
{
	return index_of(flavor_names, MODEL_NFLAVORS, s);
}

int model_flavor_list(const char *what, const char *s, unsigned *out_mask, struct err *e)
{
	char *copy = xstrdup(s), *save = NULL;
	unsigned mask = 0;
	int rc = WOWAH_OK;

	for (char *t = strtok_r(copy, ",", &save); t && !rc; t = strtok_r(NULL, ",", &save)) {
		int f = model_flavor_parse(t);
		if (f < 0)
			rc = err_set(
			        e, WOWAH_EUSAGE,
			        "%s: '%s' is not one of retail, classic, classic1x, classicann",
			        what, t);
		else
			mask |= 1u << f;
	}
	free(copy);
	if (!rc && !mask)
		rc = err_set(e, WOWAH_EUSAGE,
		             "%s: give one or more of retail, classic, classic1x, classicann "
		             "(comma-separated)",
		             what);
	if (!rc)
		*out_mask = mask;
	return rc;
}

int model_flavor_has_token(int flavor)
{
	return flavor == MODEL_FLAVOR_RETAIL || flavor == MODEL_FLAVOR_CLASSIC;
}

int model_flavor_kind_ok(int flavor, int kind)
{
	if (kind == MODEL_KIND_TOKEN)
		return model_flavor_has_token(flavor);
	if (kind == MODEL_KIND_CLASSIC)
		return flavor > MODEL_FLAVOR_RETAIL && flavor < MODEL_NFLAVORS;
	return flavor == MODEL_FLAVOR_RETAIL;
}

const char *model_market_name(int flavor, int kind)
{
	return flavor == MODEL_FLAVOR_RETAIL ? model_kind_name(kind) : model_flavor_name(flavor);
}

int model_market_flavor(const char *market)
{
	int k = model_kind_parse(market), f = model_flavor_parse(market);

	if (k == MODEL_KIND_REALM || k == MODEL_KIND_COMMODITY || k == MODEL_KIND_TOKEN)
		return MODEL_FLAVOR_RETAIL;
	return f > MODEL_FLAVOR_RETAIL ? f : -1;
}
