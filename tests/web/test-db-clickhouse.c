/* test-db-clickhouse.c - serve's ClickHouse source (web/db.h) on a real server: no
 * generation before a feed (and the reason says so), a generation per change of what the
 * feed finished, none for an unfinished snapshot; the lent connections refuse every write
 * (readonly=1, which a query cannot switch off); at most N lent at once, the next one
 * waiting until its deadline; a retired generation's connection still answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../ch/ch-server.h"
#include "ch/schema.h"
#include "web/db.h"

static struct ch_client *admin;
static struct ch_opts opts;

static void exec_ok(const char *sql)
{
	struct err e = {0};

	if (ch_exec(admin, sql, &e) != WOWAH_OK)
		fail_msg("%s: %s", sql, e.msg);
}

static int refresh(struct web_db *db)
{
	struct err e = {0};
	int changed = -1;

	assert_int_equal(web_db_refresh(db, &changed, &e), WOWAH_OK);
	return changed;
}

/* A row of the feed's ledger for one snapshot at hour h, finished (1) or started (0). */
static void ledger(int h, int state)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
	         "INSERT INTO w.fed_snapshots VALUES ('eu', 'realm', 1, 0, toDateTime(%d), now(), "
	         "0, 0, '', '', %d, now(), 'retail')",
	         3600 * h, state);
	exec_ok(sql);
}

/* A source of conns connections with its first generation, and one of them lent to c. */
static struct web_db *serving(unsigned conns, struct web_conn *c)
{
	struct web_db *db;
	struct err e = {0};

	assert_int_equal(web_db_new_clickhouse(&opts, conns, &db, &e), WOWAH_OK);
	assert_int_equal(refresh(db), 1);
	assert_int_equal(web_db_acquire(db, 10, c, &e), WOWAH_OK);
	return db;
}

/* Runs sql on a lent connection: its status, e's message in msg. */
static int run_on(const struct web_conn *c, const char *sql, char *msg, size_t n)
{
	struct rset *r = NULL;
	struct err e = {0};
	int rc = c->eng.run(c->eng.impl, sql, NULL, &r, &e);

	rset_free(r);
	snprintf(msg, n, "%s", e.msg);
	return rc;
}

static void before_feed_then_generations(void **state)
{
	struct web_db *db;
	struct web_conn c;
	struct err e = {0};
	int changed = -1;
	(void)state;

	assert_int_equal(web_db_new_clickhouse(&opts, 2, &db, &e), WOWAH_OK);
	assert_int_equal(web_db_refresh(db, &changed, &e), WOWAH_EDB);
	assert_int_equal(changed, 0);
	assert_non_null(strstr(e.msg, "wowah feed"));
	assert_int_equal(web_db_acquire(db, 10, &c, &e), WOWAH_ENOTFOUND);
	assert_non_null(strstr(e.msg, "wowah feed"));
	assert_int_equal(web_db_generation(db, NULL), 0);

	struct ch_schema s = {.database = "w"};
	int created;
	assert_int_equal(ch_schema_ensure(admin, &s, &created, &e), WOWAH_OK);
	assert_int_equal(refresh(db), 1);
	assert_int_equal(web_db_generation(db, NULL), 1);
	assert_int_equal(refresh(db), 0);

	ledger(1, 1);
	assert_int_equal(refresh(db), 1);
	assert_int_equal(web_db_generation(db, NULL), 2);
	ledger(2, 0); /* started, not finished: its rows may be half there */
	assert_int_equal(refresh(db), 0);
	ledger(2, 1);
	assert_int_equal(refresh(db), 1);
	exec_ok("INSERT INTO w.fed_files VALUES ('items', 'x', now())");
	assert_int_equal(refresh(db), 1);
	assert_int_equal(web_db_generation(db, NULL), 4);
	web_db_free(db);
}

static void connections_are_read_only(void **state)
{
	static const char *const writes[] = {
	        /* these two run with FORMAT appended (ch_run's) when not read-only */
	        "CREATE TABLE w.x (a Int8) ENGINE = Memory",
	        "DROP TABLE w.tokens",
	        "INSERT INTO w.tokens VALUES ('eu', now(), 1, now())",
	        "ALTER TABLE w.tokens DELETE WHERE 1",
	        "SELECT 1 SETTINGS readonly = 0",
	};
	struct web_conn c;
	struct web_db *db = serving(1, &c);
	char msg[512];
	(void)state;

	assert_string_equal(c.eng.dialect, "clickhouse");
	assert_int_equal(run_on(&c, "SELECT count() AS n FROM tokens", msg, sizeof(msg)), WOWAH_OK);
	for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
		assert_int_equal(run_on(&c, writes[i], msg, sizeof(msg)), WOWAH_EDB);
		if (!strstr(msg, "Code: 164"))
			fail_msg("%s: not refused as read-only: %s", writes[i], msg);
	}
	web_db_release(db, &c);
	char *n = ch_test_query(admin, "SELECT count() FROM w.tokens FORMAT TabSeparated");
	assert_string_equal(n, "0\n");
	free(n);
	n = ch_test_query(admin, "SELECT count() FROM system.tables WHERE database = 'w' AND "
	                         "name IN ('x', 'tokens') FORMAT TabSeparated");
	assert_string_equal(n, "1\n");
	free(n);
	web_db_free(db);
}

static void bounded_and_retired(void **state)
{
	struct web_conn a, b, x;
	struct web_db *db = serving(2, &a);
	struct err e = {0};
	char msg[512];
	(void)state;

	assert_int_equal(web_db_acquire(db, 10, &b, &e), WOWAH_OK);
	assert_int_equal(web_db_acquire(db, 50, &x, &e), WOWAH_ETIMEOUT);
	web_db_release(db, &b);
	assert_int_equal(web_db_acquire(db, 10, &b, &e), WOWAH_OK);
	web_db_release(db, &b);

	ledger(3, 1); /* a new generation while a is lent: a keeps answering on the old one */
	assert_int_equal(refresh(db), 1);
	assert_int_equal(run_on(&a, "SELECT count() AS n FROM snapshots", msg, sizeof(msg)),
	                 WOWAH_OK);
	assert_int_equal(web_db_acquire(db, 10, &b, &e), WOWAH_OK);
	assert_int_equal(b.generation, a.generation + 1);
	web_db_release(db, &a);
	web_db_release(db, &b);
	web_db_free(db);
}

static int group_setup(void **state)
{
	struct err e;

	(void)state;
	opts.url = ch_test_setup();
	opts.database = "w";
	admin = opts.url ? ch_client_new(&(struct ch_opts){.url = opts.url}, &e) : NULL;
	return admin ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	ch_client_free(admin);
	ch_test_teardown();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(before_feed_then_generations),
	        cmocka_unit_test(connections_are_read_only),
	        cmocka_unit_test(bounded_and_retired),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
