/* fuzz-catalog.c - the catalog.tsv reader (model/catalog.h): model_catalog_read() on the
 * input as a file, and model_catalog_parse_line() on its first line.
 *
 * Every entry read is written back with model_catalog_format() and must parse to the same
 * entry: what the store writes, it reads.
 */
#include "fuzz.h"

#include "model/catalog.h"
#include "util/buf.h"

static int same_entry(const struct model_catalog_entry *a, const struct model_catalog_entry *b)
{
	return strcmp(a->region, b->region) == 0 && strcmp(a->kind, b->kind) == 0 &&
	       a->realm_id == b->realm_id && a->house_id == b->house_id &&
	       a->snapshot_ts == b->snapshot_ts && a->fetched_at == b->fetched_at &&
	       a->rows == b->rows && a->bytes == b->bytes && a->crc32 == b->crc32 &&
	       strcmp(a->path, b->path) == 0;
}

static int round_trip(const struct model_catalog_entry *en, void *ud)
{
	struct buf line = BUF_INIT;
	struct model_catalog_entry again;
	struct err e = {0};
	int rc;

	(void)ud;
	model_catalog_format(&line, en);
	if (line.len == 0 || line.data[line.len - 1] != '\n')
		abort();
	line.data[line.len - 1] = '\0';
	rc = model_catalog_parse_line(line.data, "formatted", 1, &again, &e);
	if (rc || !same_entry(en, &again)) {
		fprintf(stderr, "fuzz: formatted entry does not read back (rc %d: %s)\n", rc,
		        e.msg);
		abort();
	}
	buf_release(&line);
	return WOWAH_OK;
}

static void first_line(const uint8_t *data, size_t len)
{
	const uint8_t *nl = memchr(data, '\n', len);
	size_t n = nl ? (size_t)(nl - data) : len;
	char *line = malloc(n + 1);
	struct model_catalog_entry en;
	struct err e = {0};
	int rc;

	memcpy(line, data, n);
	line[n] = '\0';
	rc = model_catalog_parse_line(line, "fuzz", 2, &en, &e);
	fuzz_check_err(rc, &e);
	if (rc == WOWAH_OK)
		round_trip(&en, NULL);
	free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct err e = {0};
	int rc;

	first_line(data, len);
	rc = model_catalog_read(fuzz_file(data, len), round_trip, NULL, &e);
	fuzz_check_err(rc, &e);
	return 0;
}
