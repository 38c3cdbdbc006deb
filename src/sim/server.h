/* server.h - the simulated Battle.net API over HTTP on 127.0.0.1 (httpd/httpd.h).
 *
 * OAuth (POST /token), the Game Data endpoints of docs/sim.md with Bearer, namespace,
 * locale, Last-Modified / If-Modified-Since, gzip and a per-client rate limit, faults on
 * demand, and the control calls under /sim/. The HTTP layer polls connections and runs
 * handlers on worker threads, so a slow or large response never holds up another
 * client, and slow or idle clients cannot take every connection.
 */
#ifndef WOWAH_SIM_SERVER_H
#define WOWAH_SIM_SERVER_H

#include <stdint.h>

#include "sim/world.h"
#include "util/err.h"

struct sim_server_config {
	int port; /* 0: any free port */
	const char *client_id, *client_secret;
	int64_t token_ttl;                               /* seconds */
	int64_t rate_limit;                              /* requests per second per client */
	double fail_rate, truncate_rate, malformed_rate; /* probabilities per data request */
	int64_t slow_ms;                                 /* added to every data request */
};

struct sim_server;

/* Starts serving w (which must outlive the server). */
int sim_server_start(struct sim_world *w, const struct sim_server_config *cfg,
                     struct sim_server **out, struct err *e);
int sim_server_port(const struct sim_server *s);
/* Stops accepting, finishes, and frees the server. */
void sim_server_stop(struct sim_server *s);

#endif
