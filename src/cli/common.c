/* common.c - what several commands share: error lines, option parsing, stop signals,
 * credentials, and the fetch settings of pull and watch. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "bnet/api.h"
#include "cli/cli.h"
#include "model/keys.h"
#include "pull/pull.h"
#include "util/config.h"
#include "util/opt.h"

int cli_fail(const struct err *e)
{
	fprintf(stderr, "wowah: %s\n", e->msg[0] ? e->msg : wowah_strerror(e->code));
	return err_exit_status(e->code);
}

static int spec_mode;

void cli_spec_mode(void)
{
	spec_mode = 1;
}

int cli_parse(const struct opt *opts, const char *usage, const char *summary, int argc, char **argv,
              int *out_npos, int *out_status)
{
	struct err e = {0};
	int rc = opt_parse(opts, argc, argv, out_npos, &e);

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

int cli_fetch_setup(const struct cli_fetch *f, struct pull_config *cfg, int32_t **out_ids,
                    size_t *out_n, struct err *e)
{
	int rc = cli_credentials(&cfg->client_id, &cfg->client_secret, e);

	if (rc || (rc = model_region_check(f->region, e)) ||
	    (f->api_url && (rc = bnet_url_check("--api-url", f->api_url, e))) ||
	    (f->oauth_url && (rc = bnet_url_check("--oauth-url", f->oauth_url, e))) ||
	    (rc = pull_parse_realms(f->realms, out_ids, out_n, e)))
		return rc;
	cfg->region = f->region;
	cfg->api_url = f->api_url;
	cfg->oauth_url = f->oauth_url;
	cfg->concurrency = (int)f->concurrency;
	cfg->max_rows = (size_t)f->max_rows;
	return WOWAH_OK;
}
