/* report.c - wowah report NAME: runs one report (report/report.h) and prints it. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ch/schema.h"
#include "cli/cli.h"
#include "report/batch.h"
#include "report/format.h"
#include "report/report.h"
#include "report/request.h"
#include "util/buf.h"
#include "util/opt.h"

static const char *const summary =
        "Market reports over DATA_DIR/wowah.duckdb (run 'wowah load' first), or over the\n"
        "ClickHouse that 'wowah feed' fills (--clickhouse URL). Prices in gold.\n"
        "  price ITEM        latest lowest/market value/median per realm and commodities,\n"
        "                    14-day weighted, 60-day historical and region values\n"
        "  history ITEM      hourly lowest, market value, median, units of the last 14\n"
        "                    days (--since: further back; --daily: every day, daily)\n"
        "  top               items by gold listed at fair prices (--by units|auctions;\n"
        "                    --by sold: gold sold per day, estimated)\n"
        "  deals             listings at or below --threshold % of the region value\n"
        "  arbitrage [ITEM]  per realm lowest prices: where to buy, where to sell\n"
        "  movers            market value changes against 24 hours (--by 7d: 7 days) ago,\n"
        "                    items with --min-auctions and --min-units at both times\n"
        "  realms            connected realms, population, last snapshot, auctions\n"
        "  sales ITEM        units sold, sale rate, average sale price per day, per realm\n"
        "                    and region (estimated from the auction lifetimes); on a\n"
        "                    terminal, a sparkline of each region's daily units sold\n"
        "  token             the WoW Token's price over time\n"
        "  economy           per hour: houses, auctions, units, gold listed at fair prices\n"
        "  search TEXT       items whose name (any locale) holds TEXT; pets as p:SPECIES\n"
        "  houses            every house: first and last snapshot, count, gaps\n"
        "  snapshots         snapshots per house and day\n"
        "  gaps              each gap of over 90 minutes between a house's snapshots\n"
        "  buy ITEM          the cost of --units N now, walking the cheapest listings\n"
        "  shortage          items whose listed units run out within --hours H at the\n"
        "                    current sell rate (estimated sales)\n"
        "ITEM is an id, a name (any locale, case-insensitive) or p:SPECIES (a battle pet).";

/* A line "LABEL <sparkline>" as wide as the terminal, when there are two values or more. */
static void labelled_sparkline(const char *label, const double *series, size_t n, struct buf *text)
{
	size_t at = text->len;

	if (!series || n < 2)
		return;
	buf_puts(text, label);
	fmt_sparkline(series, n, fmt_width(STDOUT_FILENO) - (int)(text->len - at), text);
	buf_putc(text, '\n');
}

/* history on a terminal: the market value column as a sparkline under the table. */
static void sparkline(const struct rset *rows, struct buf *text)
{
	size_t n;
	double *series = report_series(rows, &n);

	labelled_sparkline("market value ", series, n, text);
	free(series);
}

/* sales on a terminal: per region, the daily units sold as a sparkline under the table
 * (the region's rows come in day order). */
static void sales_sparklines(const struct rset *rows, struct buf *text)
{
	struct buf label = BUF_INIT;
	int rc = rset_find(rows, "region");

	for (size_t i = 0; rc >= 0 && i < rows->nrows; i++) {
		const struct rset_cell *c = rset_at(rows, i, (size_t)rc);
		size_t n, k = 0;
		double *series;

		if (c->null)
			continue;
		while (k < i && (rset_at(rows, k, (size_t)rc)->null ||
		                 strcmp(rset_at(rows, k, (size_t)rc)->v.s, c->v.s) != 0))
			k++;
		if (k < i) /* a region's line once, at its first row */
			continue;
		series = report_sales_series(rows, c->v.s, &n);
		buf_reset(&label);
		buf_printf(&label, "units sold %s ", c->v.s);
		labelled_sparkline(label.data, series, n, text);
		free(series);
	}
	buf_release(&label);
}

/* The one request of the command line, printed as `wowah report` always has. */
static int run_one(struct cli_engine *x, const struct report_request *rq)
{
	struct rset *rows;
	struct buf text = BUF_INIT;
	struct err e = {0};
	int kind = fmt_kind_parse(rq->format), tty = isatty(STDOUT_FILENO);

	if (report_request_answer(&x->eng, rq, fmt_width(STDOUT_FILENO), &text, &rows, &e))
		return cli_fail(&e);
	if (kind == FMT_TABLE && tty && strcmp(rq->name, "history") == 0)
		sparkline(rows, &text);
	if (kind == FMT_TABLE && tty && strcmp(rq->name, "sales") == 0)
		sales_sparklines(rows, &text);
	fwrite(text.data ? text.data : "", 1, text.len, stdout);
	buf_release(&text);
	rset_free(rows);
	return 0;
}

/* --batch: the requests of FILE ('-': stdin), each framed (report/batch.h). */
static int run_batch(struct cli_engine *x, const char *data_dir, FILE *in)
{
	struct err e = {0};

	if (report_batch_run(&x->eng, data_dir, fmt_width(STDOUT_FILENO), in, stdout, &e))
		return cli_fail(&e);
	return 0;
}

/* With --batch a request's options go on its line: the command line's would be ignored. */
static int batch_alone(const struct report_request *rq, int npos, const struct opt *opts,
                       const unsigned char *seen, struct err *e)
{
	const char *named = report_request_named(opts, seen, rq);

	if (npos)
		return err_set(e, WOWAH_EUSAGE,
		               "--batch takes its reports from FILE, one a line: no report name on "
		               "the command line");
	if (named)
		return err_set(e, WOWAH_EUSAGE,
		               "with --batch, --%s goes on a request's line in FILE, not on the "
		               "command line (there only --data-dir, --engine, --clickhouse, "
		               "--database)",
		               named);
	return WOWAH_OK;
}

static FILE *open_batch(const char *path, struct err *e)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");

	if (!f)
		err_errno(e, WOWAH_EUSAGE, errno, "--batch %s", path);
	return f;
}

static int run(int argc, char **argv)
{
	struct report_request rq = {0};
	struct cli_engine x = {0};
	const char *batch = NULL;
	char dir[PATH_MAX];
	const struct opt opts[] = {
	        OPT_STR_DEF_("data-dir", &x.data_dir, "DIR", "the data dir", "WOWAH_DATA_DIR",
	                     CLI_DATA_DIR_DEFAULT),
	        REPORT_REQUEST_OPTS(&rq),
	        OPT_STR_("batch", &batch, "FILE",
	                 "answer each line of FILE ('-': stdin) as a request, framed "
	                 "(docs/report.md)",
	                 NULL),
	        CLI_ENGINE_OPTS(&x),
	        OPT_END_,
	};
	struct err e = {0};
	FILE *in = NULL;
	unsigned char seen[OPT_MAX] = {0};
	int npos, status;

	if (!cli_parse_seen(opts, "wowah report NAME [ITEM] [options] | --batch FILE [options]",
	                    summary, argc, argv, &npos, seen, &status))
		return status;
	if (batch ? batch_alone(&rq, npos, opts, seen, &e) || !(in = open_batch(batch, &e))
	          : report_request_args(&rq, npos, argv, &e))
		return cli_fail(&e);
	/* a database of another schema version would fail in the middle of the SQL */
	if (cli_engine_open(&x, &e) || (x.ch && ch_schema_check(x.ch, x.ch_at.database, &e))) {
		status = cli_fail(&e);
	} else {
		rq.o.data_dir = realpath(x.data_dir, dir) ? dir : x.data_dir;
		status = in ? run_batch(&x, rq.o.data_dir, in) : run_one(&x, &rq);
	}
	cli_engine_close(&x);
	if (in && in != stdin)
		fclose(in);
	return status;
}

const struct cli_cmd cmd_report = {"report", "market reports: price, history, top, deals, ...",
                                   run};
