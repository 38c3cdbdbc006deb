/* main.c - wowah's entry point: global flags, .env, and dispatch to one command. */
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "cli/cli.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/opt.h"

static const struct cli_cmd *const commands[] = {
        &cmd_feed,   &cmd_fsck,  &cmd_import, &cmd_load,     &cmd_prune, &cmd_pull,
        &cmd_report, &cmd_serve, &cmd_sim,    &cmd_snapshot, &cmd_sql,   &cmd_watch,
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char usage[] = "wowah <command> [options]";
static const char about[] =
        "World of Warcraft auction house analytics: pull Battle.net snapshots to Parquet,\n"
        "explore them in DuckDB.";

static void print_help(FILE *f)
{
	fprintf(f, "usage: %s\n\n%s\n\ncommands:\n", usage, about);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fputs("\n'wowah <command> --help' tells more; 'wowah --version' prints the version.\n"
	      "Settings: flags, then environment, then ./.env, then defaults.\n",
	      f);
}

/* Exact name, else a unique prefix (as tmux's cmd_find). */
static const struct cli_cmd *find_command(const char *name, struct err *e)
{
	const struct cli_cmd *found = NULL;
	struct buf cands = BUF_INIT;
	size_t n = strlen(name), hits = 0;

	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i]->name, name) == 0) {
			buf_release(&cands);
			return commands[i];
		}
		if (strncmp(commands[i]->name, name, n) == 0) {
			found = commands[i];
			buf_printf(&cands, "%s%s", hits++ ? ", " : "", commands[i]->name);
		}
	}
	if (hits == 1) {
		buf_release(&cands);
		return found;
	}
	if (hits > 1)
		err_set(e, WOWAH_EUSAGE, "ambiguous command '%s', could be: %s", name, cands.data);
	else
		err_set(e, WOWAH_EUSAGE, "unknown command '%s' (see 'wowah help')", name);
	buf_release(&cands);
	return NULL;
}

static int run_command(int argc, char **argv)
{
	const struct cli_cmd *cmd;
	struct err e = {0};
	char name[64];
	int status;

	if (argv[0][0] == '-') {
		err_set(&e, WOWAH_EUSAGE, "unknown option '%s' (see 'wowah help')", argv[0]);
		return cli_fail(&e);
	}
	cmd = find_command(argv[0], &e);
	if (!cmd)
		return cli_fail(&e);
	if (cfg_load_dotenv(".env", &e))
		return cli_fail(&e);
	snprintf(name, sizeof(name), "wowah %s", cmd->name);
	argv[0] = name;
	status = cmd->run(argc, argv);
	cfg_free();
	return status;
}

/* 'wowah help --spec': the command table and each command's options as data (util/opt.h
 * opt_print_spec), which the build turns into the man pages and the shell completion
 * (src/cli/gendoc/). Each command is asked for its --help, so what they show is what
 * --help shows, read from the same tables. */
static int print_spec(void)
{
	char help[] = "--help";
	int status = 0;

	opt_print_spec(stdout, usage, about, NULL);
	cli_spec_mode();
	for (size_t i = 0; i < NCOMMANDS && status == 0; i++) {
		char name[64];
		char *argv[] = {name, help, NULL};

		snprintf(name, sizeof(name), "wowah %s", commands[i]->name);
		printf("command\t%s\t%s\n", commands[i]->name, commands[i]->summary);
		status = commands[i]->run(2, argv);
	}
	return fflush(stdout) == 0 ? status : 1;
}

/* Every wowah process may hold the Blizzard client secret, an OAuth token or the
 * ClickHouse password: from ./.env (read by every command), from the environment it
 * inherited, and in the copies libcurl and YAJL make of requests and answers, which no
 * madvise(MADV_DONTDUMP) of our own buffers could reach. So no process of wowah may be
 * dumped: no core file, and no ptrace or /proc/PID/mem by other users (docs/watch.md). */
static void no_core_dumps(void)
{
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int main(int argc, char **argv)
{
	no_core_dumps();
	if (argc < 2) {
		print_help(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("wowah %s\n", WOWAH_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0 && argc == 3 && strcmp(argv[2], "--spec") == 0)
		return print_spec();
	if (strcmp(argv[1], "help") == 0 && argc >= 3) {
		/* "wowah help pull" is "wowah pull --help" */
		char help[] = "--help";
		char *hargv[] = {argv[2], help, NULL};
		return run_command(2, hargv);
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		print_help(stdout);
		return 0;
	}
	return run_command(argc - 1, argv + 1);
}
