/* fuzz-meta.c - the small-body parsers (parse/meta.h), one target per body kind.
 *
 * Built once per kind with FUZZ_META set to one of the META_* below (tests/fuzz/
 * meson.build), so each target has its own corpus. Whatever the bytes, a parser
 * returns OK with a record that releases cleanly, or one error line.
 */
#include "fuzz.h"

#include "parse/meta.h"

#define META_INDEX   1 /* connected-realm/index */
#define META_REALM   2 /* connected-realm/{id} */
#define META_ITEM    3 /* item/{id} and media/item/{id} */
#define META_TOKEN   4 /* token/index */
#define META_CLASSIC 5 /* the Classic auction-house index */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct err e = {0};
	int rc;

#if FUZZ_META == META_INDEX
	int32_t *ids = NULL;
	size_t n = 0;
	rc = meta_parse_connected_realm_index(data, len, &ids, &n, &e);
	for (size_t i = 0; i < n; i++)
		if (ids[i] <= 0) { /* an id is a positive 32-bit number */
			fprintf(stderr, "fuzz: id %d at %zu\n", ids[i], i);
			abort();
		}
	free(ids);
#elif FUZZ_META == META_REALM
	struct meta_connected_realm cr;
	memset(&cr, 0, sizeof(cr));
	rc = meta_parse_connected_realm(data, len, &cr, &e);
	if (rc == WOWAH_OK)
		meta_connected_realm_release(&cr);
#elif FUZZ_META == META_ITEM
	struct meta_item it;
	memset(&it, 0, sizeof(it));
	rc = meta_parse_item(data, len, &it, &e);
	if (rc == WOWAH_OK)
		meta_item_release(&it);
#elif FUZZ_META == META_TOKEN
	struct meta_token t;
	memset(&t, 0, sizeof(t));
	rc = meta_parse_token(data, len, &t, &e);
#elif FUZZ_META == META_CLASSIC
	struct meta_house *h = NULL;
	size_t n = 0;
	rc = meta_parse_classic_index(data, len, &h, &n, &e);
	if (rc == WOWAH_OK)
		meta_houses_free(h, n);
#else
#error "FUZZ_META must name a body kind"
#endif
	fuzz_check_err(rc, &e);
	return 0;
}
