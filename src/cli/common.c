/* common.c - what several commands share: error lines, option parsing, stop signals,
 * credentials, and the fetch settings of pull and watch. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bnet/api.h"
#include "bnet/bnet.h"
#include "ch/client.h"
#include "ch/engine.h"
#include "duck/engine.h"
#include "cli/cli.h"
#include "model/keys.h"
#include "pull/pull.h"
#include "util/config.h"
#include "util/opt.h"
#include "warehouse/warehouse.h"

int cli_fail(const struct err *e)
{
	fprintf(stderr, "wowah: %s\n", e->msg[0] ? e->msg : wowah_strerror(e->code));
	return err_exit_status(e->code);
}

/* gcc says __SANITIZE_ADDRESS__, clang __has_feature(address_sanitizer) */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CLI_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CLI_SANITIZED 1
#endif

int cli_exit_now(int status)
{
#ifndef CLI_SANITIZED
	if (fflush(stdout) != 0 && status == 0)
		status = 1;
	_exit(status);
#endif
	return status;
}

static int spec_mode;

void cli_spec_mode(void)
{
	spec_mode = 1;
}

int cli_parse(const struct opt *opts, const char *usage, const char *summary, int argc, char **argv,
              int *out_npos, int *out_status)
{
	unsigned char seen[OPT_MAX] = {0};

	return cli_parse_seen(opts, usage, summary, argc, argv, out_npos, seen, out_status);
}

int cli_parse_seen(const struct opt *opts, const char *usage, const char *summary, int argc,
                   char **argv, int *out_npos, unsigned char *seen, int *out_status)
{
	struct err e = {0};
	int rc = opt_parse_seen(opts, argc, argv, out_npos, seen, &e);

	if (rc == OPT_HELP_REQUESTED) {
		if (spec_mode)
			opt_print_spec(stdout, usage, summary, opts);
		else
			opt_print_help(stdout, usage, summary, opts);
		*out_status = 0;
		return 0;
	}
	if (rc) {
		*out_status = cli_fail(&e);
		return 0;
	}
	return 1;
}

int cli_no_args(const char *name, int npos, char **argv, struct err *e)
{
	if (npos <= 0)
		return WOWAH_OK;
	return err_set(e, WOWAH_EUSAGE, "unexpected argument '%s' (see 'wowah %s --help')", argv[0],
	               name);
}

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

volatile sig_atomic_t *cli_catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return &stop_requested;
}

int cli_credentials(const char **out_id, const char **out_secret, struct err *e)
{
	*out_id = cfg_get("BLIZZARD_API_CLIENT_ID");
	*out_secret = cfg_get("BLIZZARD_API_CLIENT_SECRET");
	if (*out_id && *out_secret)
		return WOWAH_OK;
	return err_set(e, WOWAH_ECONFIG,
	               "missing credentials: set BLIZZARD_API_CLIENT_ID and "
	               "BLIZZARD_API_CLIENT_SECRET in the environment or in ./.env");
}

int cli_flavors(const char *list, int classic, unsigned *out_mask, struct err *e)
{
	int rc = model_flavor_list("--flavor", list, out_mask, e);

	if (!rc && classic)
		*out_mask |= 1u << MODEL_FLAVOR_CLASSIC;
	return rc;
}

int cli_fetch_setup(const struct cli_fetch *f, struct pull_config *cfg, int32_t **out_ids,
                    size_t *out_n, struct err *e)
{
	int rc = cli_credentials(&cfg->client_id, &cfg->client_secret, e);

	if (rc || (rc = model_region_check(f->region, e)) ||
	    (f->api_url && (rc = bnet_url_check("--api-url", f->api_url, e))) ||
	    (f->oauth_url && (rc = bnet_url_check("--oauth-url", f->oauth_url, e))) ||
	    (f->cacert && access(f->cacert, R_OK) != 0 &&
	     (rc = err_errno(e, WOWAH_EUSAGE, errno, "--cacert %s", f->cacert))) ||
	    (rc = pull_parse_realms(f->realms, out_ids, out_n, e)))
		return rc;
	cfg->region = f->region;
	cfg->api_url = f->api_url;
	cfg->oauth_url = f->oauth_url;
	cfg->cacert = f->cacert;
	cfg->concurrency = (int)f->concurrency;
	cfg->max_rows = (size_t)f->max_rows;
	return WOWAH_OK;
}

int cli_clickhouse_opts(const struct cli_clickhouse *c, struct ch_opts *o, struct err *e)
{
	memset(o, 0, sizeof(*o));
	if (!c->url)
		return err_set(e, WOWAH_ECONFIG,
		               "no ClickHouse to talk to: give --clickhouse URL or set "
		               "WOWAH_CLICKHOUSE_URL (http://host:8123)");
	o->url = c->url;
	o->database = c->database;
	o->user = cfg_get("WOWAH_CLICKHOUSE_USER");
	o->password = cfg_get("WOWAH_CLICKHOUSE_PASSWORD");
	return WOWAH_OK;
}

static int open_clickhouse(struct cli_engine *x, struct err *e)
{
	struct ch_opts o;
	int rc = cli_clickhouse_opts(&x->ch_at, &o, e);

	if (rc)
		return rc;
	rc = bnet_global_init(e);
	if (!rc)
		rc = ch_engine_open(&o, &x->ch, &x->eng, e);
	if (rc)
		bnet_global_cleanup();
	return rc;
}

int cli_engine_open(struct cli_engine *x, struct err *e)
{
	/* the option points into argv, or at the environment's value when the flag is absent */
	const char *url = x->ch_at.url;
	int flag = url && url != cfg_get("WOWAH_CLICKHOUSE_URL");
	int ch = x->engine ? strcmp(x->engine, "clickhouse") == 0 : flag;

	x->ch = NULL;
	x->d.db = NULL;
	x->d.conn = NULL;
	if (!ch && flag)
		return err_set(e, WOWAH_EUSAGE, "--clickhouse goes with --engine clickhouse");
	if (ch)
		return open_clickhouse(x, e);
	if (warehouse_open_access(x->data_dir, &x->access, &x->d, e))
		return e->code;
	duck_engine(&x->d, &x->eng);
	return WOWAH_OK;
}

void cli_engine_close(struct cli_engine *x)
{
	if (x->ch) {
		ch_client_free(x->ch);
		bnet_global_cleanup();
		x->ch = NULL;
	}
	if (x->d.db)
		duck_close(&x->d);
}
