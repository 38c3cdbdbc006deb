/* request.h - one report request: the words `wowah report` takes after `report` (NAME,
 * ITEM, the report's options), parsed with the one option table that the command line and
 * `wowah report --batch` share.
 *
 * The table (REPORT_REQUEST_OPTS) holds what a request may vary; where to answer from
 * (--data-dir, --engine, --clickhouse, --database) is the process's and stays in the
 * command's own table. A request line is split as a shell splits plain words and "double
 * quotes" (report_request_parse says what is and is not taken), so that a batch line reads
 * as the command line it stands for.
 */
#ifndef WOWAH_REPORT_REQUEST_H
#define WOWAH_REPORT_REQUEST_H

#include "report/format.h"
#include "report/report.h"
#include "util/err.h"
#include "util/opt.h"

struct report_request {
	const char *name;   /* the report */
	const char *format; /* one of FMT_CHOICES */
	struct report_opts o;
	/* report_request_parse's: the line's words (owned), and their argv (owned) */
	char *bytes;
	char **argv;
};

/* The request's options, in --help's order; rq is a struct report_request *. */
#define REPORT_REQUEST_OPTS(rq)                                                                    \
	OPT_STR_("region", &(rq)->o.region, "REGION", "eu, us, kr, tw or cn", NULL),               \
	        OPT_STR_("realm", &(rq)->o.realm, "REALM",                                         \
	                 "connected realm id, realm slug or name", NULL),                          \
	        OPT_STR_("flavor", &(rq)->o.flavor, "F,...",                                       \
	                 "houses of these flavours of WoW only: retail, classic, classic1x, "      \
	                 "classicann (default: retail)",                                           \
	                 NULL),                                                                    \
	        OPT_STR_("item", &(rq)->o.item, "ITEM", "item id or name", NULL),                  \
	        OPT_STR_("since", &(rq)->o.since, "TIME", "from this UTC time (2026-11-27T13:00)", \
	                 NULL),                                                                    \
	        OPT_STR_("until", &(rq)->o.until, "TIME",                                          \
	                 "up to this UTC time (a date: its whole day)", NULL),                     \
	        OPT_CHOICE_DEF_("format", &(rq)->format, FMT_CHOICES, "output format", NULL,       \
	                        "table"),                                                          \
	        OPT_BOOL_("daily", &(rq)->o.daily, "history: one row per day"),                    \
	        OPT_INT_DEF_("limit", &(rq)->o.limit, "N", "rows at most", NULL, 1, 1e9, 20),      \
	        OPT_DBL_DEF_("threshold", &(rq)->o.threshold, "PCT",                               \
	                     "deals: percent of the region value", NULL, 0, 100, 50),              \
	        OPT_INT_DEF_("min-auctions", &(rq)->o.min_auctions, "N",                           \
	                     "movers: auctions needed at both times", NULL, 0, 1e9, 5),            \
	        OPT_INT_DEF_("min-units", &(rq)->o.min_units, "N",                                 \
	                     "movers: units needed at both times", NULL, 0, 1e9, 5),               \
	        OPT_INT_("units", &(rq)->o.units, "N", "buy: units to buy", NULL, 1, 1e12),        \
	        OPT_STR_("by", &(rq)->o.by, "KEY",                                                 \
	                 "top: gold|units|auctions|sold; movers: 24h|7d", NULL),                   \
	        OPT_DBL_DEF_("hours", &(rq)->o.hours, "H",                                         \
	                     "shortage: hours the listed units must last", NULL, 0, 1e6, 24)

/* The longest request line taken, in bytes (a longer one is refused, not cut). */
#define REPORT_REQUEST_LINE_MAX 4096

/* After opt_parse over a table holding REPORT_REQUEST_OPTS(rq): the npos positional
 * arguments pos[0..npos) are NAME and, when two, ITEM. A usage error otherwise. */
int report_request_args(struct report_request *rq, int npos, char **pos, struct err *e);

/* Parses one request line into rq (zeroed first; data_dir becomes rq->o.data_dir). Words
 * are split at blanks (spaces, tabs); "double quotes" make one word of what they hold
 * (blanks included), with \" and \\ inside them for a quote and a backslash, and may join
 * a word's other parts (--realm="Argent Dawn"). Nothing else is special: single quotes,
 * backslashes outside double quotes, $, *, ~ and # inside a line are plain characters.
 * An unterminated quote, an empty line, --help, or a bad option or value is WOWAH_EUSAGE
 * with a one-line message. Release rq in every case. */
int report_request_parse(const char *line, const char *data_dir, struct report_request *rq,
                         struct err *e);
void report_request_release(struct report_request *rq);

/* The name of the first option of opts, a table holding REPORT_REQUEST_OPTS(rq), that
 * argv named (seen: opt_parse_seen's), or NULL when it named none: given at its default
 * value or not, it belongs to a request. */
const char *report_request_named(const struct opt *opts, const unsigned char *seen,
                                 const struct report_request *rq);

/* Runs rq on eng and appends its answer as `wowah report` prints it when not on a terminal
 * (tables width columns wide, 0: no limit). With out_rows, the rows are the caller's to
 * rset_free (a terminal draws sparklines from them); else freed here. */
int report_request_answer(const struct rset_engine *eng, const struct report_request *rq, int width,
                          struct buf *out, struct rset **out_rows, struct err *e);

#endif
