/* test-watch-metrics.c - wowah watch's metrics from its events: wowah_snapshots_total counts each
 * flavour apart, as the realms and items tables of two flavours share a kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/watch.h"
#include "model/keys.h"

static void test_snapshots_by_flavor(void **state)
{
	struct metrics *m = metrics_new();
	struct pull_event retail = {.kind = "realms",
	                            .flavor = MODEL_FLAVOR_RETAIL,
	                            .outcome = PULL_STORED,
	                            .path = "realms/x.parquet"};
	struct pull_event era = retail;
	struct buf b = BUF_INIT;

	(void)state;
	era.flavor = MODEL_FLAVOR_CLASSIC1X;
	watch_metrics_declare(m);
	watch_metrics_event(m, "eu", &retail);
	watch_metrics_event(m, "eu", &era);
	watch_metrics_event(m, "eu", &era);
	metrics_render(m, 0, &b);
	buf_putc(&b, '\0');
	assert_non_null(strstr(b.data, "wowah_snapshots_total{region=\"eu\",flavor=\"retail\","
	                               "kind=\"realms\",outcome=\"stored\"} 1\n"));
	assert_non_null(strstr(b.data, "wowah_snapshots_total{region=\"eu\",flavor=\"classic1x\","
	                               "kind=\"realms\",outcome=\"stored\"} 2\n"));
	buf_release(&b);
	metrics_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_snapshots_by_flavor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
