/* test-request.c - a request line of `wowah report --batch` split into words and parsed
 * with the report's option table (report/request.h): the quoting it takes and what it
 * refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "report/request.h"
#include "util/err.h"

/* line parses; its name, item and realm are these (NULL: none). */
static void parses(const char *line, const char *name, const char *item, const char *realm)
{
	struct report_request rq;
	struct err e = {0};

	assert_int_equal(report_request_parse(line, "/data", &rq, &e), WOWAH_OK);
	assert_string_equal(rq.name, name);
	if (item)
		assert_string_equal(rq.o.item, item);
	else
		assert_null(rq.o.item);
	if (realm)
		assert_string_equal(rq.o.realm, realm);
	else
		assert_null(rq.o.realm);
	assert_string_equal(rq.o.data_dir, "/data");
	report_request_release(&rq);
}

static void quoting(void **state)
{
	(void)state;
	parses("price 19019", "price", "19019", NULL);
	parses("  price\t\"Linen Cloth\"  --realm   \"Argent Dawn\" ", "price", "Linen Cloth",
	       "Argent Dawn");
	parses("price \"Linen Cloth\" --realm=\"Argent Dawn\"", "price", "Linen Cloth",
	       "Argent Dawn");
	parses("price Tiger's\\Eye", "price", "Tiger's\\Eye", NULL);
	parses("search \"say \\\"hi\\\" \\\\ \\n\"", "search", "say \"hi\" \\ \\n", NULL);
	parses("price Lin\"en Cl\"oth", "price", "Linen Cloth", NULL);
	parses("search #1", "search", "#1", NULL); /* a # after a line's start is text */
}

/* line is refused as a usage error whose message holds says. */
static void refused(const char *line, const char *says)
{
	struct report_request rq;
	struct err e = {0};

	assert_int_equal(report_request_parse(line, "/data", &rq, &e), WOWAH_EUSAGE);
	assert_non_null(strstr(e.msg, says));
	report_request_release(&rq);
}

static void refusals(void **state)
{
	(void)state;
	refused("price \"Linen Cloth", "a double quote is not closed");
	refused("price Linen Cloth", "unexpected argument 'Cloth'");
	refused("", "which report?");
	refused("price 19019 --data-dir /tmp", "--data-dir goes on the command line");
	refused("price 19019 --clickhouse=http://x", "--clickhouse goes on the command line");
	refused("price 19019 --format xml", "'xml' is not one of table|csv|json");
	refused("top --limit 0", "out of range");
	refused("top --help", "--help is not a request");
	refused("top --nosuch", "unknown option '--nosuch'");
}

static void options(void **state)
{
	struct report_request rq;
	struct err e = {0};
	(void)state;

	assert_int_equal(report_request_parse("movers --by 7d --limit 3 --format json --daily",
	                                      "/d", &rq, &e),
	                 WOWAH_OK);
	assert_string_equal(rq.o.by, "7d");
	assert_int_equal(rq.o.limit, 3);
	assert_string_equal(rq.format, "json");
	assert_int_equal(rq.o.daily, 1);
	assert_int_equal(rq.o.min_auctions, 5); /* the table's defaults, each request anew */
	report_request_release(&rq);
	assert_int_equal(report_request_parse("movers", "/d", &rq, &e), WOWAH_OK);
	assert_int_equal(rq.o.limit, 20);
	assert_string_equal(rq.format, "table");
	assert_int_equal(rq.o.daily, 0);
	assert_null(rq.o.by);
	report_request_release(&rq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(quoting),
	        cmocka_unit_test(refusals),
	        cmocka_unit_test(options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
