/* bnet.h - the bnet area's process-wide set-up: what must happen once before any request.
 *
 * libcurl keeps global state (TLS, DNS) that is not thread-safe to create, so it is made
 * once, at start-up, before any thread runs: every program that uses bnet/ calls
 * bnet_global_init() first and bnet_global_cleanup() last, and never curl itself.
 */
#ifndef WOWAH_BNET_BNET_H
#define WOWAH_BNET_BNET_H

#include "util/err.h"

/* WOWAH_ENOMEM when libcurl cannot set itself up. */
int bnet_global_init(struct err *e);
/* After the last bnet_http_free(); also when bnet_global_init() failed. */
void bnet_global_cleanup(void);

#endif
