/* cli.h - the command table of the wowah tool.
 *
 * Adding a command (as git's builtin.h):
 *  1. write src/cli/<name>.c with `const struct cli_cmd cmd_<name>` whose run() parses
 *     its own options with util/opt.h and calls library modules (no real work here);
 *     an option's default goes in its table entry (OPT_*_DEF_), which --help prints;
 *  2. declare it below and add it, alphabetically, to commands[] in main.c;
 *  3. add the file to src/cli/meson.build;
 *  4. add tests (tests/cli/) and docs/<name>.md, and list it in README.md.
 */
#ifndef WOWAH_CLI_H
#define WOWAH_CLI_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "batch/batch.h"
#include "ch/client.h"
#include "duck/duck.h"
#include "rset/engine.h"
#include "util/err.h"
#include "warehouse/warehouse.h"

struct cli_cmd {
	const char *name;
	const char *summary; /* one line, for `wowah help` */
	/* argv[0] is "wowah <name>"; returns the exit status (0, 1 or 2). */
	int (*run)(int argc, char **argv);
};

extern const struct cli_cmd cmd_feed;
extern const struct cli_cmd cmd_fsck;
extern const struct cli_cmd cmd_import;
extern const struct cli_cmd cmd_load;
extern const struct cli_cmd cmd_prune;
extern const struct cli_cmd cmd_pull;
extern const struct cli_cmd cmd_report;
extern const struct cli_cmd cmd_serve;
extern const struct cli_cmd cmd_sim;
extern const struct cli_cmd cmd_snapshot;
extern const struct cli_cmd cmd_sql;
extern const struct cli_cmd cmd_watch;

/* Prints "wowah: <message>" on one line to stderr and returns the exit status. */
int cli_fail(const struct err *e);

/* Runs the option table on argv; prints help (returning 0 through *out_status) or the
 * usage error. Returns 1 when the command should go on, 0 when it should return
 * *out_status now. */
struct opt;
int cli_parse(const struct opt *opts, const char *usage, const char *summary, int argc, char **argv,
              int *out_npos, int *out_status);

/* The same, with opt_parse_seen's seen[OPT_MAX]: which options argv named. */
int cli_parse_seen(const struct opt *opts, const char *usage, const char *summary, int argc,
                   char **argv, int *out_npos, unsigned char *seen, int *out_status);

/* From now on cli_parse answers --help with the option table as data (opt_print_spec)
 * instead of the help text: 'wowah help --spec', for the build's man pages and completion. */
void cli_spec_mode(void);

/* 0 when the command got no arguments besides its options; else a usage error naming
 * the first (argv as cli_parse left it). */
int cli_no_args(const char *name, int npos, char **argv, struct err *e);

/* From now on SIGINT and SIGTERM set the returned flag instead of killing the process,
 * so long-running commands can finish what is in flight and exit cleanly. */
volatile sig_atomic_t *cli_catch_stop_signals(void);

/* Ends the process with status now, stdout flushed, without freeing what it holds nor
 * running the libraries' exit handlers: the kernel takes the memory back anyway, and
 * DuckDB's shutdown and destructors cost a 0.3 s import about 15 ms (docs/import.md).
 * A command calls it only once its files are written and synced. In a sanitizer build
 * it returns status instead, so that the caller frees everything for the leak check. */
int cli_exit_now(int status);

/* One warning line on stderr when store_open kept Parquet files that catalog.tsv does
 * not list (how many, and to run `wowah fsck --repair`); nothing when there are none. */
struct store;
void cli_warn_orphans(const struct store *s);

/* The Battle.net client credentials, from the environment or ./.env (never from argv). */
int cli_credentials(const char **out_id, const char **out_secret, struct err *e);

/* The data dir every command reads or writes when neither --data-dir nor WOWAH_DATA_DIR
 * names one. */
#define CLI_DATA_DIR_DEFAULT "./wowah-data"

/* What pull and watch share: where to fetch from, how hard, and where to store. Their
 * option entries (util/opt.h) declare the defaults and keep the help's order: region
 * first, concurrency after the commands' own switches, the URLs and the data dir last. */
struct cli_fetch {
	const char *region, *realms, *api_url, *oauth_url, *cacert, *data_dir;
	int64_t concurrency;
	int64_t max_rows;
};

#define CLI_FETCH_OPT_REGION(f)                                                \
	OPT_STR_DEF_("region", &(f)->region, "REGION", "eu, us, kr, tw or cn", \
	             "BLIZZARD_API_REGION", "eu")
#define CLI_FETCH_OPT_CONCURRENCY(f) \
	OPT_INT_DEF_("concurrency", &(f)->concurrency, "N", "transfers at once", NULL, 1, 64, 8)
/* --max-rows of import, pull and watch: the parser's memory bound (batch/batch.h) */
#define CLI_OPT_MAX_ROWS(v)                                                                      \
	OPT_INT_DEF_("max-rows", (v), "N", "the most auctions one body may hold (memory bound)", \
	             "WOWAH_MAX_ROWS", 1, 2000000000, BATCH_MAX_ROWS)
#define CLI_FETCH_OPTS_WHERE(f)                                                            \
	OPT_STR_("api-url", &(f)->api_url, "URL", "API base URL (default: the region's)",  \
	         "WOWAH_API_URL"),                                                         \
	        OPT_STR_("oauth-url", &(f)->oauth_url, "URL",                              \
	                 "OAuth token URL (default: the region's)", "WOWAH_OAUTH_URL"),    \
	        OPT_STR_("cacert", &(f)->cacert, "FILE",                                   \
	                 "trust only the CA certificates in FILE (PEM), not the system's", \
	                 "WOWAH_CACERT"),                                                  \
	        OPT_STR_DEF_("data-dir", &(f)->data_dir, "DIR", "where snapshots go",      \
	                     "WOWAH_DATA_DIR", CLI_DATA_DIR_DEFAULT)

/* --flavor of pull and watch: the flavours of WoW to fetch (model/keys.h); their --classic
 * adds classic to it, as it did before flavours. */
#define CLI_OPT_FLAVOR(v)                                                                        \
	OPT_STR_DEF_("flavor", (v), "F,...",                                                     \
	             "flavours of WoW, comma-separated: retail, classic, classic1x, classicann", \
	             "WOWAH_FLAVOR", "retail")
/* The bits (1u << enum model_flavor) of --flavor list, plus classic when classic is set. */
int cli_flavors(const char *list, int classic, unsigned *out_mask, struct err *e);

/* Checks the credentials, the region, the URLs and --realms, in that order, and fills cfg's
 * credentials, region, URLs and concurrency. *out_ids (the realms, NULL for all) is the
 * caller's to free. */
struct pull_config;
int cli_fetch_setup(const struct cli_fetch *f, struct pull_config *cfg, int32_t **out_ids,
                    size_t *out_n, struct err *e);

/* Where the ClickHouse commands (feed, watch --clickhouse, report and sql on ClickHouse)
 * find the server: --clickhouse and --database, declared once here; the user and the
 * password come from the environment or ./.env only (WOWAH_CLICKHOUSE_USER,
 * WOWAH_CLICKHOUSE_PASSWORD), never from argv. */
struct cli_clickhouse {
	const char *url, *database;
};

#define CLI_OPT_CLICKHOUSE_URL(c)                                                          \
	OPT_STR_("clickhouse", &(c)->url, "URL", "ClickHouse HTTP URL (http://host:8123)", \
	         "WOWAH_CLICKHOUSE_URL")
#define CLI_OPT_CLICKHOUSE_DATABASE(c)                                          \
	OPT_STR_DEF_("database", &(c)->database, "NAME", "ClickHouse database", \
	             "WOWAH_CLICKHOUSE_DATABASE", "wowah")

#define CLI_OPT_CLICKHOUSE_CLUSTER(v)                                                    \
	OPT_STR_("cluster", (v), "NAME",                                                 \
	         "a cluster of the server's remote_servers: Distributed tables over it", \
	         "WOWAH_CLICKHOUSE_CLUSTER")

/* Fills o (src/ch/client.h) from c and the environment's user and password; a missing
 * URL is a configuration error naming --clickhouse and WOWAH_CLICKHOUSE_URL. */
struct ch_opts;
int cli_clickhouse_opts(const struct cli_clickhouse *c, struct ch_opts *o, struct err *e);

/* The engine report and sql run on: DuckDB over DATA_DIR/wowah.duckdb, or ClickHouse
 * (--clickhouse URL, or --engine clickhouse with WOWAH_CLICKHOUSE_URL: a URL from the
 * environment alone does not switch, so that a feeder's .env leaves the reports on DuckDB).
 * ClickHouse is read-only whatever the user may do. */
struct cli_engine {
	const char *engine, *data_dir;
	struct cli_clickhouse ch_at;
	struct warehouse_access access; /* DuckDB: the sandbox (warehouse.h) */
	struct rset_engine eng;
	struct duck d;
	struct ch_client *ch;
};

#define CLI_ENGINE_OPTS(x)                                                                      \
	OPT_CHOICE_("engine", &(x)->engine, "duckdb|clickhouse",                                \
	            "where to run (default: clickhouse with --clickhouse, else duckdb)", NULL), \
	        CLI_OPT_CLICKHOUSE_URL(&(x)->ch_at), CLI_OPT_CLICKHOUSE_DATABASE(&(x)->ch_at)

/* Opens x's engine (x->eng); x->data_dir must be set for DuckDB. Close it in every case. */
int cli_engine_open(struct cli_engine *x, struct err *e);
void cli_engine_close(struct cli_engine *x);

#endif
