/* load.c - wowah load (placeholder until its issue lands). */
#include "cli/cli.h"
#include "util/opt.h"

static int run(int argc, char **argv)
{
	static const struct opt opts[] = {OPT_END_};
	struct err e;
	int npos, status;

	if (!cli_parse(opts, "wowah load", "Not built yet.", argc, argv, &npos, &status))
		return status;
	err_set(&e, WOWAH_EUSAGE, "wowah load: not available in this build yet");
	return cli_fail(&e);
}

const struct cli_cmd cmd_load = {"load", "(not built yet)", run};
