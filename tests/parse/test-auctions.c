/* test-auctions.c - the streaming auction parser: every shape of the real fixtures, any
 * chunking, and a WOWAH_EPARSE for every kind of bad body. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse/auctions.h"
#include "parse/file.h"
#include "util/buf.h"
#include "util/fs.h"

static char *fixture(const char *name)
{
	const char *dir = getenv("FIXTURES");
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s/%s", dir ? dir : "tests/fixtures/blizzard", name);
	return buf_detach(&b, NULL);
}

static struct batch *parse_ok(const char *json)
{
	struct batch *b = batch_new();
	struct err e = {0};
	int rc = parse_auctions_buffer(b, json, strlen(json), &e);

	if (rc)
		fail_msg("unexpected error: %s", e.msg);
	return b;
}

/* Parses json expecting WOWAH_EPARSE with `want` in the message. */
static void parse_bad(const char *json, const char *want)
{
	struct batch *b = batch_new();
	struct err e = {0};
	int rc = parse_auctions_buffer(b, json, strlen(json), &e);

	if (rc != WOWAH_EPARSE || !strstr(e.msg, want))
		fail_msg("for %s: want EPARSE with '%s', got %d '%s'", json, want, rc, e.msg);
	assert_null(strchr(e.msg, '\n'));
	batch_free(b);
}

static size_t find_row(const struct batch *b, int64_t auction_id)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->auction_id[i] == auction_id)
			return i;
	fail_msg("auction %lld not found", (long long)auction_id);
	return 0;
}

/* A fixture file parsed whole into a new batch; *bytes: the size of its JSON body. */
static struct batch *parse_fixture(const char *name, uint64_t *bytes)
{
	char *path = fixture(name);
	struct batch *b = batch_new();
	struct err e = {0};

	assert_int_equal(parse_auctions_file(path, b, bytes, &e), 0);
	free(path);
	return b;
}

static void modern_realm_shapes(void **state)
{
	uint64_t bytes;
	struct batch *b = parse_fixture("apwc_realm_auctions_us4.json", &bytes);
	size_t r;
	(void)state;

	assert_int_equal(b->n, 6);
	/* bid and buyout, two bonus ids, two modifiers */
	r = find_row(b, 38040082);
	assert_int_equal(b->item_id[r], 36131);
	assert_true(batch_has(b, r, BCOL_BID) && b->bid[r] == 500000);
	assert_true(batch_has(b, r, BCOL_BUYOUT) && b->buyout[r] == 1003700);
	assert_false(batch_has(b, r, BCOL_UNIT_PRICE));
	assert_int_equal(b->time_left[r], BATCH_TL_VERY_LONG);
	assert_int_equal(b->bonus_off[r + 1] - b->bonus_off[r], 2);
	assert_int_equal(b->bonus[b->bonus_off[r]], 6654);
	assert_int_equal(b->bonus[b->bonus_off[r] + 1], 1708);
	assert_int_equal(b->mod_off[r + 1] - b->mod_off[r], 2);
	assert_int_equal(b->mod_type[b->mod_off[r] + 1], 28);
	assert_int_equal(b->mod_value[b->mod_off[r] + 1], 49);
	/* a pet: context 0 is a value, not an absence */
	r = find_row(b, 37885614);
	assert_true(batch_has(b, r, BCOL_CONTEXT) && b->context[r] == 0);
	assert_int_equal(b->pet_species_id[r], 194);
	assert_int_equal(b->pet_breed_id[r], 21);
	assert_int_equal(b->pet_level[r], 1);
	assert_int_equal(b->pet_quality_id[r], 2);
	assert_false(batch_has(b, r, BCOL_BONUS_LISTS));
	assert_false(batch_has(b, r, BCOL_RAND));
	/* no bonus lists, no modifiers */
	r = find_row(b, 38731280);
	assert_false(batch_has(b, r, BCOL_MODIFIERS));
	assert_false(batch_has(b, r, BCOL_PET_SPECIES_ID));
	assert_int_equal(b->buyout[r], 99000000);
	batch_free(b);
}

static void classic_and_commodities(void **state)
{
	uint64_t bytes;
	/* the Classic top level adds id and name: skipped */
	struct batch *b = parse_fixture("classic_tbc_auctions_us4384_ah2.json", &bytes);
	size_t r;
	(void)state;

	assert_int_equal(b->n, 5753);
	r = find_row(b, 1791880004);
	assert_true(batch_has(b, r, BCOL_RAND) && b->rand[r] == -16);
	assert_true(batch_has(b, r, BCOL_SEED) && b->seed[r] == 462028829);
	r = find_row(b, 1793053499);
	assert_true(batch_has(b, r, BCOL_BUYOUT) && b->buyout[r] == 0);
	assert_int_equal(b->quantity[r], 4);
	batch_free(b);

	b = parse_fixture("apwc_commodities_us.json", &bytes);
	assert_int_equal(b->n, 9);
	r = find_row(b, 814959956);
	assert_int_equal(b->unit_price[r], 900000);
	assert_int_equal(b->present[r], 1u << BCOL_UNIT_PRICE);
	batch_free(b);
}

static void gzip_dump(void **state)
{
	uint64_t bytes;
	struct batch *b = parse_fixture("us5_realm_auctions_2020-09-15_A.json.gz", &bytes);
	size_t r;
	(void)state;

	assert_int_equal(b->n, 103505);
	assert_int_equal(bytes, 24754238);
	r = find_row(b, 6609730);
	assert_true(b->buyout[r] == INT64_C(99999999900)); /* beyond 32 bits */
	r = find_row(b, 6738213);
	assert_int_equal(b->bonus_off[r + 1] - b->bonus_off[r], 4);
	assert_int_equal(b->bonus[b->bonus_off[r] + 2], 42);
	batch_free(b);
}

static void escapes_whitespace_unknown_keys(void **state)
{
	struct batch *b;
	(void)state;

	b = parse_ok(" \r\n\t{ \"note\" : \"caf\\u00e9 \\\"x\\\"\", \"auctions\" :\n[ {\"id\":1,"
	             "\"item\":{\"id\":2,\"new_key\":{\"a\":[1,{\"b\":null}],\"c\":1.5e300},"
	             "\"rand\":-9223372036854775808},\"quantity\":3,\"time_left\":\"\\u0053HORT\","
	             "\"unit_price\":9223372036854775807,\"future\":[[],{}],\"flag\":true} ] ,"
	             "\"_links\":{\"self\":{\"href\":\"x\\u003dy\"}} }\n");
	assert_int_equal(b->n, 1);
	assert_int_equal(b->time_left[0], BATCH_TL_SHORT);
	assert_true(b->rand[0] == INT64_MIN);
	assert_true(b->unit_price[0] == INT64_MAX);
	assert_int_equal(b->present[0], (1u << BCOL_UNIT_PRICE) | (1u << BCOL_RAND));
	batch_free(b);

	/* null is an absent key; empty lists are present and empty */
	b = parse_ok(
	        "{\"auctions\":[{\"id\":1,\"item\":{\"id\":2,\"context\":null,\"bonus_lists\":[],"
	        "\"modifiers\":[]},\"quantity\":1,\"time_left\":\"LONG\",\"buyout\":null}]}");
	assert_int_equal(b->present[0], (1u << BCOL_BONUS_LISTS) | (1u << BCOL_MODIFIERS));
	assert_int_equal(b->nbonus, 0);
	batch_free(b);

	b = parse_ok("{\"auctions\":[]}");
	assert_int_equal(b->n, 0);
	batch_free(b);
}

/* Feeds the body in the given chunk sizes (0: random 1..4096) and compares with a
 * whole-buffer parse, column by column. */
static void same_in_chunks(const char *data, size_t len, size_t chunk)
{
	struct batch *whole = batch_new(), *b = batch_new();
	struct parse_auctions *p = parse_auctions_new(b);
	struct err e = {0};

	assert_int_equal(parse_auctions_buffer(whole, data, len, &e), 0);
	for (size_t off = 0; off < len;) {
		size_t n = chunk ? chunk : 1 + (size_t)(rand() % 4096);
		if (n > len - off)
			n = len - off;
		assert_int_equal(parse_auctions_feed(p, data + off, n, &e), 0);
		off += n;
	}
	assert_int_equal(parse_auctions_finish(p, &e), 0);
	assert_int_equal(parse_auctions_offset(p), len);
	assert_int_equal(b->n, whole->n);
	assert_memory_equal(b->auction_id, whole->auction_id, b->n * sizeof(int64_t));
	assert_memory_equal(b->item_id, whole->item_id, b->n * sizeof(int32_t));
	assert_memory_equal(b->time_left, whole->time_left, b->n);
	assert_memory_equal(b->present, whole->present, b->n * sizeof(uint16_t));
	/* an absent value is undefined in a batch: compare the present ones */
	for (size_t r = 0; r < b->n; r++) {
		if (batch_has(b, r, BCOL_BUYOUT))
			assert_true(b->buyout[r] == whole->buyout[r]);
		if (batch_has(b, r, BCOL_UNIT_PRICE))
			assert_true(b->unit_price[r] == whole->unit_price[r]);
		if (batch_has(b, r, BCOL_RAND))
			assert_true(b->rand[r] == whole->rand[r]);
	}
	assert_int_equal(b->nbonus, whole->nbonus);
	assert_memory_equal(b->bonus, whole->bonus, b->nbonus * sizeof(int32_t));
	assert_int_equal(b->nmod, whole->nmod);
	assert_memory_equal(b->mod_value, whole->mod_value, b->nmod * sizeof(int64_t));
	parse_auctions_free(p);
	batch_free(b);
	batch_free(whole);
}

static void chunked_feeding(void **state)
{
	const char *names[] = {"apwc_realm_auctions_us4.json",
	                       "apwc_realm_auctions_us1146_2020.json",
	                       "snippets/us_realm_auctions_2024_pet_and_item_excerpt.json",
	                       "classic_tbc_auctions_us4384_ah2.json"};
	(void)state;

	srand(42);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *path = fixture(names[i]), *data;
		size_t len;
		struct err e = {0};

		assert_int_equal(fs_read_file(path, &data, &len, &e), 0);
		if (i < 3)
			same_in_chunks(data, len, 1);
		same_in_chunks(data, len, 0);
		same_in_chunks(data, len, 7);
		free(data);
		free(path);
	}
}

#define AUC(inner) "{\"auctions\":[{\"id\":1,\"item\":{\"id\":2},\"quantity\":1," inner "}]}"

static void bad_bodies(void **state)
{
	(void)state;
	parse_bad("{\"auctions\":[{\"item\":{\"id\":2},\"quantity\":1,\"time_left\":\"LONG\"}]}",
	          "auctions[0]: the auction has no 'id'");
	parse_bad("{\"auctions\":[{\"id\":1,\"item\":{\"context\":2},\"quantity\":1,"
	          "\"time_left\":\"LONG\"}]}",
	          "no 'item.id'");
	parse_bad("{\"auctions\":[{\"id\":1,\"item\":{\"id\":2},\"time_left\":\"LONG\"}]}",
	          "no 'quantity'");
	parse_bad("{\"auctions\":[{\"id\":1,\"item\":{\"id\":2},\"quantity\":1}]}",
	          "no 'time_left'");
	parse_bad(AUC("\"time_left\":\"FOREVER\""), "'time_left' is 'FOREVER'");
	parse_bad(AUC("\"time_left\":\"LONG\",\"buyout\":\"100\""), "'buyout' is a string");
	parse_bad(AUC("\"time_left\":\"LONG\",\"buyout\":1.5"), "'buyout' is not an integer");
	parse_bad(AUC("\"time_left\":\"LONG\",\"bid\":-1"), "'bid' -1 is out of range");
	parse_bad(AUC("\"time_left\":\"LONG\",\"buyout\":99999999999999999999"), "out of range");
	parse_bad(AUC("\"time_left\":1"), "'time_left' is a number");
	parse_bad(AUC("\"time_left\":\"LONG\",\"item\":[1]"), "'item' is an array");
	parse_bad("{\"auctions\":[{\"id\":1,\"item\":{\"id\":4294967296},\"quantity\":1,"
	          "\"time_left\":\"LONG\"}]}",
	          "'item.id' 4294967296 is out of range");
	parse_bad("{\"auctions\":[{\"id\":1,\"item\":{\"id\":2,\"bonus_lists\":[\"x\"]},"
	          "\"quantity\":1,\"time_left\":\"LONG\"}]}",
	          "'item.bonus_lists' holds a string");
	parse_bad("{\"auctions\":[{\"id\":1,\"item\":{\"id\":2,\"modifiers\":[{\"type\":1}]},"
	          "\"quantity\":1,\"time_left\":\"LONG\"}]}",
	          "a modifier has no 'value'");
	parse_bad("{\"auctions\":[1]}", "the auction is not an object");
	parse_bad("{\"auctions\":{}}", "'auctions' is an object");
	parse_bad("[]", "the body is not a JSON object");
	parse_bad("{\"code\":404,\"type\":\"BLZWEBAPI00000404\",\"detail\":\"Not Found\"}",
	          "no 'auctions' array");
	parse_bad("{\"auctions\":[{\"id\":1,", "malformed JSON");
	parse_bad("{\"auctions\":[{\"id\":1 \"item\":{}}]}", "malformed JSON at byte");
	parse_bad("{\"auctions\":[]} x", "malformed JSON");
	parse_bad("", "malformed JSON");
}

static void error_sticks_and_keeps_earlier_rows(void **state)
{
	const char *json = "{\"auctions\":[{\"id\":1,\"item\":{\"id\":2},\"quantity\":1,"
	                   "\"time_left\":\"LONG\"},{\"id\":5,\"item\":{\"id\":2,"
	                   "\"bonus_lists\":[1,2]},\"quantity\":-1,";
	struct batch *b = batch_new();
	struct parse_auctions *p = parse_auctions_new(b);
	struct err e = {0};
	(void)state;

	assert_int_equal(parse_auctions_feed(p, json, strlen(json), &e), WOWAH_EPARSE);
	assert_non_null(strstr(e.msg, "auctions[1]: 'quantity' -1 is out of range"));
	assert_int_equal(b->n, 1);
	assert_int_equal(b->nbonus, 0);
	assert_int_equal(parse_auctions_feed(p, "}", 1, &e), WOWAH_EPARSE);
	assert_int_equal(parse_auctions_finish(p, &e), WOWAH_EPARSE);
	parse_auctions_free(p);
	batch_free(b);
}

static void truncated_everywhere(void **state)
{
	char *path = fixture("apwc_realm_auctions_us1146_2020.json"), *data;
	size_t len;
	struct err e = {0};
	(void)state;

	assert_int_equal(fs_read_file(path, &data, &len, &e), 0);
	/* every proper prefix is an incomplete body */
	for (size_t cut = 0; cut < len; cut += 13) {
		struct batch *b = batch_new();
		assert_int_equal(parse_auctions_buffer(b, data, cut, &e), WOWAH_EPARSE);
		batch_free(b);
	}
	free(data);
	free(path);
}

/* Bodies of many chunks: the reader thread runs ahead of the parser, and an error in the
 * middle (the parser's or the gzip stream's) must stop it, keep the rows before it and
 * name the place. */
static void big_files_stop_cleanly(void **state)
{
	char path[] = "/tmp/wowah-test-auctions.XXXXXX", *dump;
	struct buf body = BUF_INIT;
	struct batch *b = batch_new();
	struct err e = {0};
	uint64_t bytes;
	char *data;
	size_t len;
	int fd = mkstemp(path);
	(void)state;

	assert_true(fd >= 0);
	buf_puts(&body, "{\"auctions\":[");
	for (int i = 0; i < 40000; i++)
		buf_printf(&body,
		           "%s{\"id\":%d,\"item\":{\"id\":%d,\"context\":1},\"quantity\":%d,"
		           "\"unit_price\":%d,\"time_left\":\"LONG\",\"padding\":\"%040d\"}",
		           i ? "," : "", i + 1, 100 + i % 7, i == 30000 ? -3 : 1, 5 * i, i);
	buf_puts(&body, "]}");
	assert_true(body.len > 6 * 256 * 1024);
	assert_int_equal(write(fd, body.data, body.len), (ssize_t)body.len);
	close(fd);
	assert_int_equal(parse_auctions_file(path, b, &bytes, &e), WOWAH_EPARSE);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "auctions[30000]: 'quantity' -3 is out of range"));
	assert_int_equal(b->n, 30000);
	assert_int_equal(b->unit_price[29999], 5 * 29999);

	/* a gzip stream cut short, after several chunks of good JSON */
	dump = fixture("us5_realm_auctions_2020-09-15_A.json.gz");
	assert_int_equal(fs_read_file(dump, &data, &len, &e), 0);
	assert_int_equal(fs_write_atomic(path, data, 1000000, 0600, &e), 0);
	batch_clear(b);
	assert_int_equal(parse_auctions_file(path, b, &bytes, &e), WOWAH_EPARSE);
	assert_non_null(strstr(e.msg, "broken gzip data"));
	assert_true(bytes > 4 * 256 * 1024);
	assert_true(b->n > 10000);

	unlink(path);
	free(data);
	free(dump);
	buf_release(&body);
	batch_free(b);
}

/* Every row and column of a and b the same (a nullable value only where present). */
#define SAME_SCALAR(NAME, name, nullable)                \
	if (!(nullable) || batch_has(a, i, BCOL_##NAME)) \
		assert_true(a->name[i] == b->name[i]);
#define SAME_I64(NAME, name, nullable)       SAME_SCALAR(NAME, name, nullable)
#define SAME_I32(NAME, name, nullable)       SAME_SCALAR(NAME, name, nullable)
#define SAME_TIME_LEFT(NAME, name, nullable) SAME_SCALAR(NAME, name, nullable)
#define SAME_BONUS(NAME, name, nullable)
#define SAME_MODIFIERS(NAME, name, nullable)
#define SAME_COL(NAME, name, kind, type, nullable, json) SAME_##kind(NAME, name, nullable)

static void assert_same_batches(const struct batch *a, const struct batch *b)
{
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->nbonus, b->nbonus);
	assert_int_equal(a->nmod, b->nmod);
	for (size_t i = 0; i < a->n; i++) {
		assert_int_equal(a->present[i], b->present[i]);
		assert_int_equal(a->bonus_off[i + 1], b->bonus_off[i + 1]);
		assert_int_equal(a->mod_off[i + 1], b->mod_off[i + 1]);
		MODEL_AUCTION_ROW_COLUMNS(SAME_COL)
	}
	for (size_t i = 0; i < a->nbonus; i++)
		assert_int_equal(a->bonus[i], b->bonus[i]);
	for (size_t i = 0; i < a->nmod; i++) {
		assert_int_equal(a->mod_type[i], b->mod_type[i]);
		assert_int_equal(a->mod_value[i], b->mod_value[i]);
	}
}

/* path parsed split on two threads (a threshold of 0) and not split: the same return
 * code, rows and message; the split one is returned, its code in *rc. */
static struct batch *parse_both(const char *path, size_t max_rows, int *rc, struct err *e)
{
	struct batch *split = batch_new(), *plain = batch_new();
	struct err e2 = {0};
	uint64_t bytes1 = 0, bytes2 = 0;
	int rc2;

	memset(e, 0, sizeof(*e));
	split->max_rows = plain->max_rows = max_rows;
	*rc = parse_auctions_file_split(path, 0, split, &bytes1, e);
	rc2 = parse_auctions_file_split(path, UINT64_MAX, plain, &bytes2, &e2);
	assert_int_equal(*rc, rc2);
	assert_string_equal(e->msg, e2.msg);
	assert_true(bytes1 == bytes2);
	assert_same_batches(split, plain);
	batch_free(plain);
	return split;
}

static void write_body(const char *path, const struct buf *body)
{
	struct err e = {0};

	assert_int_equal(fs_write_atomic(path, body->data, body->len, 0600, &e), 0);
}

/* A body parsed on two threads is the body parsed on one: every column of a realm body
 * of every shape, the limits across both halves, and a split point that is not between
 * two auctions of the array (here: in a top-level array after it, whose objects would
 * pass for auctions) is never used. */
static void split_like_plain(void **state)
{
	char path[] = "/tmp/wowah-test-split.XXXXXX";
	const char *shapes[] = {"apwc_realm_auctions_us4.json", "apwc_commodities_us.json",
	                        "apwc_realm_auctions_us1146_2020.json",
	                        "classic_tbc_auctions_us4384_ah2.json"};
	struct buf body = BUF_INIT;
	struct batch *b;
	struct err e = {0};
	int rc, fd = mkstemp(path);
	(void)state;

	assert_true(fd >= 0);
	close(fd);
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		char *f = fixture(shapes[i]);
		b = parse_both(f, BATCH_MAX_ROWS, &rc, &e);
		assert_int_equal(rc, 0);
		assert_true(b->n > 0);
		batch_free(b);
		free(f);
	}

	buf_puts(&body, "{\"_links\":{\"self\":{\"href\":\"x\"}},\"auctions\":[");
	for (int i = 0; i < 3000; i++)
		buf_printf(&body,
		           "%s{\"id\":%d,\"item\":{\"id\":%d%s%s},\"quantity\":%d,%s\"time_left\":"
		           "\"%s\"}",
		           i ? ", " : "", i + 1, 100 + i % 7,
		           i % 3 ? ",\"bonus_lists\":[6654,1708]" : "",
		           i % 5 ? "" : ",\"modifiers\":[{\"type\":28,\"value\":49}]", 1 + i % 20,
		           i % 2 ? "\"buyout\":1003700,\"bid\":500000," : "\"unit_price\":77,",
		           i % 4 ? "LONG" : "SHORT");
	buf_puts(&body, "],\"id\":1}");
	write_body(path, &body);
	b = parse_both(path, BATCH_MAX_ROWS, &rc, &e);
	assert_int_equal(rc, 0);
	assert_int_equal(b->n, 3000);
	assert_int_equal(b->auction_id[2999], 3000);
	batch_free(b);
	/* the limits count both halves */
	batch_free(parse_both(path, 2999, &rc, &e));
	assert_int_equal(rc, WOWAH_EPARSE);
	assert_non_null(strstr(e.msg, "2999"));

	buf_release(&body);
	buf_puts(&body, "{\"auctions\":[{\"id\":1,\"item\":{\"id\":2},\"quantity\":1,"
	                "\"time_left\":\"SHORT\"}],\"extra\":[");
	for (int i = 0; i < 2000; i++)
		buf_printf(
		        &body,
		        "%s{\"id\":%d,\"item\":{\"id\":2},\"quantity\":1,\"time_left\":\"SHORT\"}",
		        i ? "," : "", i + 2);
	buf_puts(&body, "]}");
	write_body(path, &body);
	b = parse_both(path, BATCH_MAX_ROWS, &rc, &e);
	assert_int_equal(rc, 0);
	assert_int_equal(b->n, 1);
	batch_free(b);

	unlink(path);
	buf_release(&body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(modern_realm_shapes),
	        cmocka_unit_test(classic_and_commodities),
	        cmocka_unit_test(gzip_dump),
	        cmocka_unit_test(escapes_whitespace_unknown_keys),
	        cmocka_unit_test(chunked_feeding),
	        cmocka_unit_test(bad_bodies),
	        cmocka_unit_test(error_sticks_and_keeps_earlier_rows),
	        cmocka_unit_test(truncated_everywhere),
	        cmocka_unit_test(big_files_stop_cleanly),
	        cmocka_unit_test(split_like_plain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
