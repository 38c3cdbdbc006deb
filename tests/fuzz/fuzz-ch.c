/* fuzz-ch.c - what wowah reads of ClickHouse's HTTP answers (ch/client.h, ch/engine.h).
 *
 * Byte 0 bit 0 set: bytes 1-2 are an HTTP status (little-endian) and the rest the body of
 * an answer other than 200 to ch_reply_error(), ClickHouse's exception text. Else bit 1
 * set: the rest is a number's answer to ch_parse_i64() (counts, versions, replicas of the
 * feed and the schema). Else: a TSVWithNamesAndTypes body to ch_parse_tsv(), the rows of
 * reports and `wowah sql --clickhouse`. Every failure is one line; a result set read has
 * columns; an answer's error is WOWAH_EDB, WOWAH_EAUTH or WOWAH_EHTTP and says it is
 * ClickHouse's (or WOWAH_ENOSPACE naming the server's full disk); a number read, printed
 * and read again is the same.
 */
#include "fuzz.h"

#include <inttypes.h>

#include "ch/client.h"
#include "ch/engine.h"
#include "rset/rset.h"

static void tsv(const uint8_t *data, size_t len)
{
	struct rset *rs = NULL;
	struct err e = {0};
	int rc = ch_parse_tsv((const char *)data, len, &rs, &e);

	fuzz_check_err(rc, &e);
	if (rc == WOWAH_OK && (!rs || rs->ncols == 0)) {
		fprintf(stderr, "fuzz: a result set read from nothing\n");
		abort();
	}
	rset_free(rs);
}

static void reply_error(const uint8_t *data, size_t len)
{
	struct err e = {0};
	long status;
	int rc;

	if (len < 2)
		return;
	status = data[0] | data[1] << 8;
	rc = ch_reply_error(status, (const char *)data + 2, len - 2, "http://127.0.0.1:8123", &e);
	fuzz_check_err(rc, &e);
	if (rc == WOWAH_ENOSPACE && strstr(e.msg, "disk is full") &&
	    strstr(e.msg, "ClickHouse at "))
		return;
	if (rc != WOWAH_EDB && rc != WOWAH_EAUTH && rc != WOWAH_EHTTP) {
		fprintf(stderr, "fuzz: error code %d for an answer\n", rc);
		abort();
	}
	if (strncmp(e.msg, "ClickHouse", 10) != 0) {
		fprintf(stderr, "fuzz: an error that does not say it is ClickHouse's: %s\n", e.msg);
		abort();
	}
}

static void number(const uint8_t *data, size_t len)
{
	struct err e = {0};
	int64_t n, again;
	char text[32];
	int rc = ch_parse_i64((const char *)data, len, &n, &e);

	fuzz_check_err(rc, &e);
	if (rc)
		return;
	snprintf(text, sizeof(text), "%" PRId64 "\n", n);
	if (ch_parse_i64(text, strlen(text), &again, &e) || again != n) {
		fprintf(stderr, "fuzz: %s read back as another number\n", text);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len < 1)
		return 0;
	if (data[0] & 1)
		reply_error(data + 1, len - 1);
	else if (data[0] & 2)
		number(data + 1, len - 1);
	else
		tsv(data + 1, len - 1);
	return 0;
}
