/* report.c - wowah report (placeholder until its issue lands). */
#include "cli/cli.h"
#include "util/opt.h"

static int run(int argc, char **argv)
{
	static const struct opt opts[] = {OPT_END_};
	struct err e;
	int npos, status;

	if (!cli_parse(opts, "wowah report", "Not built yet.", argc, argv, &npos, &status))
		return status;
	err_set(&e, WOWAH_EUSAGE, "wowah report: not available in this build yet");
	return cli_fail(&e);
}

const struct cli_cmd cmd_report = {"report", "(not built yet)", run};
