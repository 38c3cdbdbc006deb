/* api.h - the JSON API of `wowah serve`: GET /api/NAME?params, one endpoint per report
 * (report/report.h) and /api/status.
 *
 * Every number comes from report_run on a connection of web_db: the same SQL as `wowah
 * report NAME`. No SQL comes from the request: each endpoint takes a fixed set of
 * parameters, each checked before anything runs (ids numeric and in range, times
 * parsed, words from a fixed list, text bounded and bound as a parameter); anything
 * else is a 400 whose JSON names the parameter ({"error": "...", "parameter": "item"}).
 * Answers: {"report": NAME, "generation": N, "columns": [{"name", "kind"}...],
 * "rows": [{...}...], "truncated": false}, values raw as in `wowah report --format json`;
 * format=csv gives `wowah report NAME --format csv`'s bytes. Row counts are bounded
 * (limit at most WEB_MAX_LIMIT, any answer at most WEB_MAX_ROWS rows).
 */
#ifndef WOWAH_WEB_API_H
#define WOWAH_WEB_API_H

#include "httpd/httpd.h"
#include "util/buf.h"
#include "web/cache.h"
#include "web/db.h"

#define WEB_MAX_LIMIT 500
#define WEB_MAX_ROWS  20000

struct web_api {
	struct web_db *db;
	struct web_cache *cache;
	const char *data_dir; /* absolute */
	unsigned wait_ms;     /* for a query slot */
};

/* An answer: status, body, its Content-Type, and a file name for a download (or ""). */
struct web_answer {
	int status;
	struct buf body;
	const char *type;
	char filename[64];
};

/* Answers GET /api/<name> (name: what follows /api/) into a (a->body empty on entry). */
void web_api_answer(struct web_api *api, const char *name, struct httpd_req *req,
                    struct web_answer *a);

/* A JSON error body {"error": msg, "parameter": param or null} with status. */
void web_api_error(struct web_answer *a, int status, const char *param, const char *msg);

#endif
