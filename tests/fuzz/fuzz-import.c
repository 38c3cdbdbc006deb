/* fuzz-import.c - an archived auction body as `wowah import` reads it (parse/file.h):
 * plain JSON or gzip told apart by the magic bytes, inflated in fixed chunks.
 *
 * A file either gives rows and its inflated size, or fails with one line. The body is
 * parsed twice, split on two threads wherever it can be (a threshold of 0) and never
 * split: same return code, same rows, same message, same size.
 */
#include "fuzz.h"

#include "batch/batch.h"
#include "parse/file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct batch *split = batch_new(), *plain = batch_new();
	struct err e1 = {0}, e2 = {0};
	uint64_t bytes1 = 0, bytes2 = 0;
	const char *path = fuzz_file(data, len);
	int rc1 = parse_auctions_file_split(path, 0, split, &bytes1, &e1);
	int rc2 = parse_auctions_file_split(path, UINT64_MAX, plain, &bytes2, &e2);

	fuzz_check_err(rc1, &e1);
	fuzz_check_err(rc2, &e2);
	if (rc1 == WOWAH_OK && bytes1 < 2) /* the smallest body is "{}"... with an array */
		abort();
	if (rc1 != rc2 || !fuzz_same_rows(split, plain) || strcmp(e1.msg, e2.msg) ||
	    (rc1 == WOWAH_OK && bytes1 != bytes2)) {
		fprintf(stderr,
		        "fuzz: split (rc %d, %zu rows: %s) != plain (rc %d, %zu rows: %s)\n", rc1,
		        split->n, e1.msg, rc2, plain->n, e2.msg);
		abort();
	}
	batch_free(split);
	batch_free(plain);
	return 0;
}
