/* sql.c - wowah sql: queries over DATA_DIR/wowah.duckdb, from argv, stdin or a REPL. */
#include <editline/readline.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/format.h"
#include "report/query.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/opt.h"

static void print(struct buf *b)
{
	fwrite(b->data ? b->data : "", 1, b->len, stdout);
	fflush(stdout);
	buf_reset(b);
}

/* Line editing and history; an error is printed and the session goes on. */
static int repl(const struct rset_engine *eng, enum fmt_kind kind)
{
	const char *home = getenv("HOME");
	char *hist = home ? fs_join(home, ".wowah_history") : NULL;
	struct buf stmt = BUF_INIT, out = BUF_INIT;
	char *line;

	if (hist)
		read_history(hist);
	while ((line = readline(stmt.len ? "   ...> " : "wowah> ")) != NULL) {
		struct err e = {0};
		if (!stmt.len && (strcmp(line, ".quit") == 0 || strcmp(line, "\\q") == 0)) {
			free(line);
			break;
		}
		if (stmt.len)
			buf_putc(&stmt, '\n');
		buf_puts(&stmt, line);
		free(line);
		if (!report_sql_complete(stmt.data))
			continue;
		add_history(stmt.data);
		if (report_sql_run(eng, stmt.data, kind, fmt_width(STDOUT_FILENO), &out, &e))
			cli_fail(&e);
		print(&out);
		buf_reset(&stmt);
	}
	if (hist)
		write_history(hist);
	free(hist);
	buf_release(&stmt);
	buf_release(&out);
	return 0;
}

static char *read_stdin(void)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		buf_append(&b, chunk, n);
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

/* --out on an engine without Parquet output: the rows of the one query, written by DuckDB. */
static int fetch_to_parquet(const struct rset_engine *eng, const char *text, const char *path,
                            struct err *e)
{
	const char *end = report_sql_end(text);
	struct rset *r = NULL;
	char *one;
	int rc;

	if (*end && strspn(end + 1, " \t\r\n") != strlen(end + 1))
		return err_set(e, WOWAH_EUSAGE, "--out takes one query, not several statements");
	one = strndup(text, (size_t)(end - text));
	rc = eng->run(eng->impl, one, NULL, &r, e);
	if (!rc)
		rc = report_rset_to_parquet(r, path, e);
	rset_free(r);
	free(one);
	return rc;
}

static int run(int argc, char **argv)
{
	struct cli_engine x = {0};
	const char *format, *out_path = NULL;
	int unrestricted = 0;
	const struct opt opts[] = {
	        OPT_STR_DEF_("data-dir", &x.data_dir, "DIR", "the data dir", "WOWAH_DATA_DIR",
	                     CLI_DATA_DIR_DEFAULT),
	        OPT_CHOICE_DEF_("format", &format, FMT_CHOICES, "output format", NULL, "table"),
	        OPT_STR_("out", &out_path, "FILE.parquet", "write the result as Parquet instead",
	                 NULL),
	        OPT_BOOL_("unrestricted", &unrestricted,
	                  "let SQL read and write any file you may, ATTACH, COPY "
	                  "(default: only the loaded data)"),
	        CLI_ENGINE_OPTS(&x),
	        OPT_END_,
	};
	struct buf query = BUF_INIT, out = BUF_INIT;
	char *out_abs = NULL, *out_tmp = NULL;
	struct err e = {0};
	int npos, status, rc, kind;

	if (!cli_parse(opts, "wowah sql [--data-dir DIR | --clickhouse URL] [--format F] [QUERY]",
	               "Runs SQL on DATA_DIR/wowah.duckdb (made by 'wowah load'), with "
	               "market_value(),\n"
	               "unit_median(), weighted_market_value() and gold(); or, read-only, on the "
	               "ClickHouse\n"
	               "that 'wowah feed' fills (--clickhouse URL). Without QUERY: a prompt on a "
	               "terminal,\n"
	               "else the statements on stdin.",
	               argc, argv, &npos, &status))
		return status;
	for (int i = 0; i < npos; i++)
		buf_printf(&query, "%s%s", i ? " " : "", argv[i]);
	kind = fmt_kind_parse(format);
	if (out_path && report_sql_out_path(x.data_dir, out_path, &out_abs, &e)) {
		buf_release(&query);
		return cli_fail(&e);
	}
	out_tmp = out_abs ? fs_tmp_path(out_abs) : NULL;
	x.access.unrestricted = unrestricted;
	x.access.write_path = out_tmp;
	rc = cli_engine_open(&x, &e);
	free(out_tmp);
	if (rc) {
		cli_engine_close(&x);
		free(out_abs);
		buf_release(&query);
		return cli_fail(&e);
	}
	if (!npos && isatty(STDIN_FILENO) && !out_abs) {
		rc = repl(&x.eng, kind);
		cli_engine_close(&x);
		free(out_abs);
		buf_release(&query);
		return rc;
	}
	if (!npos) {
		char *text = read_stdin();
		buf_puts(&query, text);
		free(text);
	}
	if (out_abs && x.ch)
		rc = fetch_to_parquet(&x.eng, query.data ? query.data : "", out_abs, &e);
	else if (out_abs)
		rc = report_sql_to_parquet(&x.d, query.data ? query.data : "", out_abs, &e);
	else
		rc = report_sql_run(&x.eng, query.data ? query.data : "", kind,
		                    fmt_width(STDOUT_FILENO), &out, &e);
	print(&out);
	cli_engine_close(&x);
	free(out_abs);
	buf_release(&query);
	buf_release(&out);
	return rc ? cli_fail(&e) : 0;
}

const struct cli_cmd cmd_sql = {"sql", "run SQL on the loaded data (REPL, stdin or argument)", run};
