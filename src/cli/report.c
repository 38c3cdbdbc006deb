/* report.c - wowah report NAME: runs one report (report/report.h) and prints it. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ch/schema.h"
#include "cli/cli.h"
#include "report/format.h"
#include "report/report.h"
#include "util/buf.h"
#include "util/opt.h"

static const char *const summary =
        "Market reports over DATA_DIR/wowah.duckdb (run 'wowah load' first), or over the\n"
        "ClickHouse that 'wowah feed' fills (--clickhouse URL). Prices in gold.\n"
        "  price ITEM        latest lowest/market value/median per realm and commodities,\n"
        "                    14-day weighted, 60-day historical and region values\n"
        "  history ITEM      hourly (--daily) lowest, market value, median, units\n"
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

static int run(int argc, char **argv)
{
	struct report_opts o = {0};
	struct cli_engine x = {0};
	const char *format;
	char dir[PATH_MAX];
	const struct opt opts[] = {
	        OPT_STR_DEF_("data-dir", &x.data_dir, "DIR", "the data dir", "WOWAH_DATA_DIR",
	                     CLI_DATA_DIR_DEFAULT),
	        OPT_STR_("region", &o.region, "REGION", "eu, us, kr, tw or cn", NULL),
	        OPT_STR_("realm", &o.realm, "REALM", "connected realm id, realm slug or name",
	                 NULL),
	        OPT_STR_("flavor", &o.flavor, "F,...",
	                 "houses of these flavours of WoW only: retail, classic, classic1x, "
	                 "classicann (default: retail)",
	                 NULL),
	        OPT_STR_("item", &o.item, "ITEM", "item id or name", NULL),
	        OPT_STR_("since", &o.since, "TIME", "from this UTC time (2026-11-27T13:00)", NULL),
	        OPT_STR_("until", &o.until, "TIME", "up to this UTC time (a date: its whole day)",
	                 NULL),
	        OPT_CHOICE_DEF_("format", &format, FMT_CHOICES, "output format", NULL, "table"),
	        OPT_BOOL_("daily", &o.daily, "history: one row per day"),
	        OPT_INT_DEF_("limit", &o.limit, "N", "rows at most", NULL, 1, 1e9, 20),
	        OPT_DBL_DEF_("threshold", &o.threshold, "PCT", "deals: percent of the region value",
	                     NULL, 0, 100, 50),
	        OPT_INT_DEF_("min-auctions", &o.min_auctions, "N",
	                     "movers: auctions needed at both times", NULL, 0, 1e9, 5),
	        OPT_INT_DEF_("min-units", &o.min_units, "N", "movers: units needed at both times",
	                     NULL, 0, 1e9, 5),
	        OPT_INT_("units", &o.units, "N", "buy: units to buy", NULL, 1, 1e12),
	        OPT_STR_("by", &o.by, "KEY", "top: gold|units|auctions|sold; movers: 24h|7d", NULL),
	        OPT_DBL_DEF_("hours", &o.hours, "H", "shortage: hours the listed units must last",
	                     NULL, 0, 1e6, 24),
	        CLI_ENGINE_OPTS(&x),
	        OPT_END_,
	};
	struct rset *rows;
	struct buf text = BUF_INIT;
	struct err e = {0};
	int npos, status, kind, tty = isatty(STDOUT_FILENO);

	if (!cli_parse(opts, "wowah report NAME [ITEM] [options]", summary, argc, argv, &npos,
	               &status))
		return status;
	if (npos < 1 || npos > 2) {
		err_set(&e, WOWAH_EUSAGE, "which report? one of: %s (see 'wowah report --help')",
		        report_names);
		return cli_fail(&e);
	}
	if (npos == 2)
		o.item = argv[1];
	kind = fmt_kind_parse(format);
	/* a database of another schema version would fail in the middle of the SQL */
	if (cli_engine_open(&x, &e) || (x.ch && ch_schema_check(x.ch, x.ch_at.database, &e))) {
		cli_engine_close(&x);
		return cli_fail(&e);
	}
	o.data_dir = realpath(x.data_dir, dir) ? dir : x.data_dir;
	if (report_run(&x.eng, argv[0], &o, &rows, &e)) {
		cli_engine_close(&x);
		return cli_fail(&e);
	}
	fmt_result(rows, kind, fmt_width(STDOUT_FILENO), &text);
	if (kind == FMT_TABLE && tty && strcmp(argv[0], "history") == 0)
		sparkline(rows, &text);
	if (kind == FMT_TABLE && tty && strcmp(argv[0], "sales") == 0)
		sales_sparklines(rows, &text);
	fwrite(text.data ? text.data : "", 1, text.len, stdout);
	buf_release(&text);
	rset_free(rows);
	cli_engine_close(&x);
	return 0;
}

const struct cli_cmd cmd_report = {"report", "market reports: price, history, top, deals, ...",
                                   run};
