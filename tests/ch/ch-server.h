/* ch-server.h - a real ClickHouse server for the C tests of tests/ch/, started with
 * tests/ch/lib-ch.sh in a fresh directory and stopped by its PID at the end. */
#ifndef WOWAH_TESTS_CH_SERVER_H
#define WOWAH_TESTS_CH_SERVER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#endif
