/* test-watch-items.c - wowah watch --items keeps its item requests within their share of
 * the hourly budget by what the item pulls themselves cost: a watcher that has made many
 * requests still fetches the items of each new snapshot at once. Against the simulator
 * over loopback, with a small hourly limit (struct pull_config.per_hour) so that the
 * budget is reached within the test; the items' share is half of it (watch.c). The battle
 * pet species the snapshots list are stored by the auction pulls themselves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pull/watch.h"
#include "sim/server.h"
#include "sim/world.h"
#include "store/store.h"

#define PER_HOUR 1000 /* the items get 500 */
#define WAIT_S   60   /* for an item pull the watcher owes; the budget's hour is far longer */

struct fixture {
	char dir[64], url[64], token_url[80];
	struct sim_world *world;
	struct sim_server *server;
	struct store *store;
	pthread_t thread;
	int started;
	volatile sig_atomic_t stop;
	struct pull_config pc;
	struct watch_config wc;
	int rc;
	pthread_mutex_t lock;
	int64_t item_rows[8]; /* rows of each item pull, in order */
	int item_pulls;
	int64_t pet_rows; /* battle pet species stored, by the auction pulls */
};

static void on_event(void *ud, const struct pull_event *ev)
{
	struct fixture *f = ud;

	if (ev->outcome != PULL_STORED)
		return;
	pthread_mutex_lock(&f->lock);
	if (strcmp(ev->kind, "pets") == 0)
		f->pet_rows += ev->rows;
	else if (strcmp(ev->kind, "items") == 0 && f->item_pulls < 8)
		f->item_rows[f->item_pulls++] = ev->rows;
	pthread_mutex_unlock(&f->lock);
}

static void *watch_thread(void *arg)
{
	struct fixture *f = arg;
	struct err e = {0};

	f->rc = watch_run(&f->pc, f->store, &f->wc, &e);
	if (f->rc)
		fprintf(stderr, "watch: %s\n", e.msg);
	return NULL;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct sim_config sim = {.region = "eu",
	                         .seed = 3,
	                         .realms = 2,
	                         .history_hours = 4,
	                         .auctions_per_realm = 200,
	                         .commodities = 200};
	struct sim_server_config sc = {.client_id = "id",
	                               .client_secret = "secret",
	                               .token_ttl = 86400,
	                               .rate_limit = 1000000};
	struct err e = {0};

	strcpy(f->dir, "/tmp/wowah-test-watch-items-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(sim_world_new(&sim, &f->world, &e), 0);
	assert_int_equal(sim_server_start(f->world, &sc, &f->server, &e), 0);
	snprintf(f->url, sizeof(f->url), "http://127.0.0.1:%d", sim_server_port(f->server));
	snprintf(f->token_url, sizeof(f->token_url), "%s/token", f->url);
	assert_int_equal(store_open(f->dir, &f->store, &e), 0);
	pthread_mutex_init(&f->lock, NULL);
	f->pc = (struct pull_config){.region = "eu",
	                             .api_url = f->url,
	                             .oauth_url = f->token_url,
	                             .client_id = "id",
	                             .client_secret = "secret",
	                             .per_hour = PER_HOUR,
	                             .on_event = on_event,
	                             .ud = f};
	f->wc = (struct watch_config){
	        .commodities = 1, .items = 1, .floor_s = 1, .ceiling_s = 2, .stop = &f->stop};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	if (f->started) { /* a failed check left it running */
		f->stop = 1;
		pthread_join(f->thread, NULL);
	}
	store_close(f->store);
	sim_server_stop(f->server);
	sim_world_free(f->world);
	pthread_mutex_destroy(&f->lock);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* Waits until the watcher has made n item pulls; their count (less when it did not). */
static int wait_item_pulls(struct fixture *f, int n)
{
	int got = 0;

	for (int i = 0; i < WAIT_S * 10; i++) {
		pthread_mutex_lock(&f->lock);
		got = f->item_pulls;
		pthread_mutex_unlock(&f->lock);
		if (got >= n)
			break;
		nanosleep(&(struct timespec){0, 100000000L}, NULL);
	}
	return got;
}

static void advance(struct fixture *f, int64_t hours)
{
	struct err e = {0};
	assert_int_equal(sim_world_advance(f->world, hours, &e), 0);
}

static void new_items_come_at_once_after_many_requests(void **state)
{
	struct fixture *f = *state;
	int64_t first, later;

	assert_int_equal(pthread_create(&f->thread, NULL, watch_thread, f), 0);
	f->started = 1;
	assert_int_equal(wait_item_pulls(f, 1), 1);
	/* each hour brings auctions of items not seen before, so an item pull each */
	advance(f, 1);
	assert_int_equal(wait_item_pulls(f, 2), 2);
	advance(f, 1);
	/* The third pull is within the items' budget by what item pulls fetched; counted
	 * with the auction requests, or with the first pull's requests twice (the engine's
	 * totals since the watcher started), it is over it, and waits for the hour to pass. */
	assert_int_equal(wait_item_pulls(f, 3), 3);
	f->stop = 1;
	f->started = 0;
	assert_int_equal(pthread_join(f->thread, NULL), 0);
	assert_int_equal(f->rc, WOWAH_OK);
	first = f->item_rows[0];
	later = f->item_rows[1] + f->item_rows[2];
	print_message("item pulls of %lld, %lld and %lld items; budget %d\n", (long long)first,
	              (long long)f->item_rows[1], (long long)f->item_rows[2], PER_HOUR / 2);
	/* the case is one where the difference shows */
	assert_true(first + later <= PER_HOUR / 2);
	assert_true(2 * first + later > PER_HOUR / 2);
	assert_true(f->item_rows[1] > 0 && f->item_rows[2] > 0);
	/* the species the snapshots list came with them, outside the items' budget */
	print_message("%lld battle pet species stored\n", (long long)f->pet_rows);
	assert_true(f->pet_rows > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(new_items_come_at_once_after_many_requests, setup,
	                                        teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
