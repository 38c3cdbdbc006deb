/* ch-server.h - a real ClickHouse server for the C tests of tests/ch/, started with
 * tests/ch/lib-ch.sh in a fresh directory and stopped by its PID at the end, and what
 * those tests share. Include after cmocka.h. */
#ifndef WOWAH_TESTS_CH_SERVER_H
#define WOWAH_TESTS_CH_SERVER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bnet/bnet.h"
#include "ch/client.h"

/* Starts one server under a new temporary directory; returns its URL (static) or NULL. */
static inline const char *ch_server_start(char *dir, size_t dir_size)
{
	static char url[128];
	char cmd[1024];
	FILE *p;

	snprintf(dir, dir_size, "/tmp/wowah-ch-test.XXXXXX");
	if (!mkdtemp(dir))
		return NULL;
	snprintf(cmd, sizeof(cmd), "bash -c '. \"%s/tests/ch/lib-ch.sh\" && ch_start %s'",
	         getenv("WOWAH_SRC") ? getenv("WOWAH_SRC") : ".", dir);
	p = popen(cmd, "r");
	if (!p)
		return NULL;
	if (!fgets(url, sizeof(url), p))
		url[0] = '\0';
	if (pclose(p) != 0 || strncmp(url, "http://", 7) != 0)
		return NULL;
	url[strcspn(url, "\n")] = '\0';
	return url;
}

static inline void ch_server_stop(const char *dir)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
	         "bash -c '. \"%s/tests/ch/lib-ch.sh\" && ch_stop %s kill && rm -rf %s'",
	         getenv("WOWAH_SRC") ? getenv("WOWAH_SRC") : ".", dir, dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not stop the ClickHouse of %s\n", dir);
}

static char ch_test_dir[256];

/* For cmocka's group setup: libcurl's set-up and a server; its URL, or NULL. */
static inline const char *ch_test_setup(void)
{
	struct err e;

	if (bnet_global_init(&e) != WOWAH_OK)
		return NULL;
	return ch_server_start(ch_test_dir, sizeof(ch_test_dir));
}

static inline void ch_test_teardown(void)
{
	ch_server_stop(ch_test_dir);
	bnet_global_cleanup();
}

/* The answer to sql (NUL-terminated, the caller frees it), or the test fails. */
static inline char *ch_test_query(struct ch_client *c, const char *sql)
{
	struct buf out = BUF_INIT;
	struct err e;

	if (ch_query(c, sql, &out, &e) != WOWAH_OK)
		fail_msg("%s: %s", sql, e.msg);
	buf_putc(&out, '\0');
	return buf_detach(&out, NULL);
}

#endif
