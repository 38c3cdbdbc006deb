/* format.c - tables, CSV, JSON lines and sparklines from result sets: gold, times and
 * numbers written from their raw values. */
#include "report/format.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "price/price.h"

int fmt_kind_parse(const char *s)
{
	if (strcmp(s, "table") == 0)
		return FMT_TABLE;
	if (strcmp(s, "csv") == 0)
		return FMT_CSV;
	if (strcmp(s, "json") == 0)
		return FMT_JSON;
	return -1;
}

int fmt_width(int fd)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (cols && atoi(cols) > 0)
		return atoi(cols);
	return FMT_DEFAULT_WIDTH;
}

/* ---- UTF-8 width ---- */

static uint32_t next_cp(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t c = *p++;
	int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

	if (more)
		c &= 0x3f >> more;
	while (more-- && (*p & 0xc0) == 0x80)
		c = (c << 6) | (*p++ & 0x3f);
	*s = (const char *)p;
	return c;
}

static int cp_width(uint32_t c)
{
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f))
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

size_t fmt_text_width(const char *s)
{
	size_t w = 0;
	while (*s)
		w += (size_t)cp_width(next_cp(&s));
	return w;
}

/* Appends s cut to at most width columns ("~" marks a cut) and padded to width. */
static void put_cell(struct buf *out, const char *s, size_t width, int right)
{
	size_t w = fmt_text_width(s);

	if (w > width) {
		size_t used = 0;
		const char *p = s, *q = s;
		while (*p) {
			int cw = cp_width(next_cp(&q));
			if (used + (size_t)cw + 1 > width)
				break;
			used += (size_t)cw;
			p = q;
		}
		buf_append(out, s, (size_t)(p - s));
		buf_putc(out, '~');
		for (used++; used < width; used++)
			buf_putc(out, ' ');
		return;
	}
	if (right)
		for (size_t i = w; i < width; i++)
			buf_putc(out, ' ');
	buf_puts(out, s);
	if (!right)
		for (size_t i = w; i < width; i++)
			buf_putc(out, ' ');
}

/* ---- the text of a value ---- */

#define CELL_LEN 128 /* the longest text of a number, time or gold amount, with room */

/* A double as DuckDB writes it (Python's repr): the shortest digits that read back as
 * the same value; an exponent below 1e-4 and from 1e16; ".0" on whole numbers. */
static void put_double(double v, char out[CELL_LEN])
{
	char digits[CELL_LEN], *e;
	int prec, exp, n;

	if (isnan(v) || isinf(v)) {
		snprintf(out, CELL_LEN, "%s", isnan(v) ? "nan" : v < 0 ? "-inf" : "inf");
		return;
	}
	for (prec = 1; prec < 17; prec++) {
		snprintf(digits, sizeof(digits), "%.*e", prec - 1, v);
		if (strtod(digits, NULL) == v)
			break;
	}
	snprintf(digits, sizeof(digits), "%.*e", prec - 1, v);
	e = strchr(digits, 'e');
	exp = atoi(e + 1);
	if (exp < -4 || exp >= 16) {
		*e = '\0';
		snprintf(out, CELL_LEN, "%.32se%c%02d", digits, exp < 0 ? '-' : '+', abs(exp));
		return;
	}
	n = prec - 1 - exp; /* decimals needed */
	snprintf(out, CELL_LEN, "%.*f", n > 0 ? n : 1, v);
}

/* The civil date of days since 1970-01-01 (Howard Hinnant's days_from_civil inverse). */
static void civil(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* "2026-11-27" (DuckDB writes year 0 and before as "0001 (BC)"...). */
static void put_date(int64_t days, char out[CELL_LEN])
{
	int64_t y;
	int m, d;

	civil(days, &y, &m, &d);
	snprintf(out, CELL_LEN, "%04lld-%02d-%02d%s", (long long)(y <= 0 ? 1 - y : y), m, d,
	         y <= 0 ? " (BC)" : "");
}

enum time_form { TIME_MINUTE, TIME_ISO, TIME_DUCKDB };

/* A timestamp in microseconds: "2026-11-27 13:00" (TIME_MINUTE), "2026-11-27T13:00:00Z"
 * (TIME_ISO), or as DuckDB writes it, "2026-11-27 13:00:00[.ffffff]" (TIME_DUCKDB). */
static void put_time(int64_t us, enum time_form form, char out[CELL_LEN])
{
	int64_t days, rest;
	int secs, frac, k;
	char date[CELL_LEN], f[8] = "";

	if (us == INT64_MAX || us == -INT64_MAX) { /* DuckDB's infinite timestamps */
		snprintf(out, CELL_LEN, "%s", us > 0 ? "infinity" : "-infinity");
		return;
	}
	days = floor_div(us, 86400000000LL);
	rest = us - days * 86400000000LL;
	secs = (int)(rest / 1000000);
	frac = (int)(rest % 1000000);
	put_date(days, date);
	if (form == TIME_MINUTE) {
		snprintf(out, CELL_LEN, "%.40s %02d:%02d", date, secs / 3600, secs / 60 % 60);
		return;
	}
	if (frac) {
		k = snprintf(f, sizeof(f), ".%06d", frac % 1000000);
		while (k > 1 && f[k - 1] == '0')
			f[--k] = '\0';
	}
	snprintf(out, CELL_LEN, "%.40s%c%02d:%02d:%02d%.7s%s", date, form == TIME_ISO ? 'T' : ' ',
	         secs / 3600, secs / 60 % 60, secs % 60, f, form == TIME_ISO ? "Z" : "");
}

/* Copper from a cell: integers as they are, doubles rounded half away from zero. */
static int copper_of(const struct rset_col *col, const struct rset_cell *c, int64_t *out)
{
	if (col->type == RSET_INT) {
		*out = c->v.i;
		return 1;
	}
	if (col->type == RSET_DOUBLE && isfinite(c->v.d) && fabs(round(c->v.d)) < 9.2e18) {
		*out = (int64_t)round(c->v.d);
		return 1;
	}
	return 0;
}

/* The text of a cell in table and CSV output, in tmp or the cell's own text; NULL for
 * NULL (and for a value its kind cannot show). */
static const char *cell_text(const struct rset_col *col, const struct rset_cell *c,
                             char tmp[CELL_LEN])
{
	int64_t copper;

	if (c->null)
		return NULL;
	switch (col->kind) {
	case RSET_KIND_COPPER:
		if (!copper_of(col, c, &copper))
			return NULL;
		price_format_gold(copper, tmp);
		return tmp;
	case RSET_KIND_PERCENT:
		if (col->type != RSET_DOUBLE && col->type != RSET_INT)
			break;
		snprintf(tmp, CELL_LEN, "%.1f", col->type == RSET_INT ? (double)c->v.i : c->v.d);
		return tmp;
	case RSET_KIND_TIME:
	case RSET_KIND_DATE:
		if (col->type == RSET_TIME && col->kind == RSET_KIND_TIME)
			put_time(c->v.i, TIME_MINUTE, tmp);
		else if (col->type == RSET_TIME)
			put_date(floor_div(c->v.i, 86400000000LL), tmp);
		else if (col->type == RSET_DATE)
			put_date(c->v.i, tmp);
		else
			break;
		return tmp;
	default:
		break;
	}
	switch (col->type) {
	case RSET_BOOL:
		return c->v.i ? "true" : "false";
	case RSET_INT:
		snprintf(tmp, CELL_LEN, "%lld", (long long)c->v.i);
		return tmp;
	case RSET_DOUBLE:
		put_double(c->v.d, tmp);
		return tmp;
	case RSET_TIME:
		put_time(c->v.i, TIME_DUCKDB, tmp);
		return tmp;
	case RSET_DATE:
		put_date(c->v.i, tmp);
		return tmp;
	default:
		return c->v.s;
	}
}

/* ---- the cells ---- */

struct grid {
	size_t rows, cols;
	char **cell; /* rows x cols, NULL for NULL */
	const struct rset *r;
};

static void grid_load(struct grid *g, const struct rset *r)
{
	char tmp[CELL_LEN];

	g->r = r;
	g->rows = r->nrows;
	g->cols = r->ncols;
	g->cell = xcalloc(g->rows * g->cols + 1, sizeof(char *));
	for (size_t i = 0; i < g->rows; i++)
		for (size_t c = 0; c < g->cols; c++) {
			const char *s = cell_text(&r->cols[c], rset_at(r, i, c), tmp);
			g->cell[i * g->cols + c] = xstrdup_or_null(s);
		}
}

static void grid_release(struct grid *g)
{
	for (size_t i = 0; i < g->rows * g->cols; i++)
		free(g->cell[i]);
	free(g->cell);
}

static const char *cell(const struct grid *g, size_t row, size_t col)
{
	return g->cell[row * g->cols + col];
}

static const char *col_name(const struct grid *g, size_t col)
{
	return g->r->cols[col].name;
}

/* A gold amount, number or percentage: "1234g 56s 78c", "-12.5%". */
static int looks_numeric(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (*s < '0' || *s > '9')
		return 0;
	for (; *s; s++)
		if (!strchr("0123456789.gsc %", *s))
			return 0;
	return 1;
}

static int right_aligned(const struct grid *g, size_t col)
{
	int any = 0;
	enum rset_type t = g->r->cols[col].type;

	if (t == RSET_INT || t == RSET_DOUBLE || t == RSET_NUMBER)
		return 1;
	if (t != RSET_TEXT)
		return 0;
	for (size_t i = 0; i < g->rows; i++) {
		const char *s = cell(g, i, col);
		if (s && !looks_numeric(s))
			return 0;
		any |= s != NULL;
	}
	return any;
}

/* Narrows the widest column, one at a time, until the line fits: text columns first,
 * numbers only when cutting text was not enough (a cut number misleads). */
static void fit(size_t *w, const int *right, size_t cols, int width)
{
	for (int pass = 0; pass < 2; pass++)
		for (;;) {
			size_t total = cols ? 2 * (cols - 1) : 0, widest = 0;
			size_t at = 0;
			for (size_t c = 0; c < cols; c++) {
				total += w[c];
				if (w[c] > widest && (pass || !right[c])) {
					widest = w[c];
					at = c;
				}
			}
			if (width <= 0 || total <= (size_t)width)
				return;
			if (widest <= 4)
				break;
			w[at] = widest - 1;
		}
}

/* Ends a line without trailing blanks. */
static void end_line(struct buf *out)
{
	while (out->len && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
	buf_putc(out, '\n');
}

static void put_table(const struct grid *g, int width, struct buf *out)
{
	size_t *w = xcalloc(g->cols + 1, sizeof(size_t));
	int *right = xcalloc(g->cols + 1, sizeof(int));

	for (size_t c = 0; c < g->cols; c++) {
		w[c] = fmt_text_width(col_name(g, c));
		right[c] = right_aligned(g, c);
		for (size_t i = 0; i < g->rows; i++) {
			const char *s = cell(g, i, c);
			size_t cw = s ? fmt_text_width(s) : 0;
			if (cw > w[c])
				w[c] = cw;
		}
	}
	fit(w, right, g->cols, width);
	for (size_t c = 0; c < g->cols; c++) {
		if (c)
			buf_puts(out, "  ");
		put_cell(out, col_name(g, c), w[c], right[c]);
	}
	end_line(out);
	for (size_t c = 0; c < g->cols; c++) {
		if (c)
			buf_puts(out, "  ");
		for (size_t i = 0; i < w[c]; i++)
			buf_putc(out, '-');
	}
	buf_putc(out, '\n');
	for (size_t i = 0; i < g->rows; i++) {
		for (size_t c = 0; c < g->cols; c++) {
			const char *s = cell(g, i, c);
			if (c)
				buf_puts(out, "  ");
			put_cell(out, s ? s : "", w[c], right[c]);
		}
		end_line(out);
	}
	free(w);
	free(right);
}

static void put_csv_field(struct buf *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		buf_puts(out, s);
		return;
	}
	buf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(out, '"');
		buf_putc(out, *s);
	}
	buf_putc(out, '"');
}

static void put_csv(const struct grid *g, struct buf *out)
{
	for (size_t c = 0; c < g->cols; c++) {
		if (c)
			buf_putc(out, ',');
		put_csv_field(out, col_name(g, c));
	}
	buf_putc(out, '\n');
	for (size_t i = 0; i < g->rows; i++) {
		for (size_t c = 0; c < g->cols; c++) {
			const char *s = cell(g, i, c);
			if (c)
				buf_putc(out, ',');
			if (s)
				put_csv_field(out, s);
		}
		buf_putc(out, '\n');
	}
}

/* A bare JSON number when s is a finite one, else null. */
static void put_json_number(struct buf *out, const char *s)
{
	char *end;
	double v = strtod(s, &end);

	buf_puts(out, *end == '\0' && end != s && isfinite(v) ? s : "null");
}

/* Reports' values raw: copper as an integer, times as ISO 8601 UTC text, days as dates;
 * `wowah sql`'s numbers and booleans bare, the rest as their text. */
static void put_json_value(struct buf *out, const struct grid *g, size_t row, size_t col)
{
	const struct rset_col *c = &g->r->cols[col];
	const struct rset_cell *v = rset_at(g->r, row, col);
	const char *text = cell(g, row, col);
	char tmp[CELL_LEN];
	int64_t copper;

	if (v->null || !text) {
		buf_puts(out, "null");
		return;
	}
	if (c->kind == RSET_KIND_COPPER && copper_of(c, v, &copper)) {
		buf_printf(out, "%lld", (long long)copper);
		return;
	}
	if (c->kind == RSET_KIND_TIME && c->type == RSET_TIME) {
		put_time(v->v.i, TIME_ISO, tmp);
		buf_put_json_string(out, tmp, strlen(tmp));
		return;
	}
	if (c->type == RSET_BOOL) {
		buf_puts(out, text);
		return;
	}
	if (c->type == RSET_INT || c->type == RSET_DOUBLE || c->type == RSET_NUMBER) {
		put_json_number(out, text);
		return;
	}
	buf_put_json_string(out, text, strlen(text));
}

static void put_json(const struct grid *g, struct buf *out)
{
	for (size_t i = 0; i < g->rows; i++) {
		buf_putc(out, '{');
		for (size_t c = 0; c < g->cols; c++) {
			const char *name = col_name(g, c);
			if (c)
				buf_putc(out, ',');
			buf_put_json_string(out, name, strlen(name));
			buf_putc(out, ':');
			put_json_value(out, g, i, c);
		}
		buf_puts(out, "}\n");
	}
}

void fmt_result(const struct rset *r, enum fmt_kind kind, int width, struct buf *out)
{
	struct grid g;

	grid_load(&g, r);
	if (kind == FMT_CSV)
		put_csv(&g, out);
	else if (kind == FMT_JSON)
		put_json(&g, out);
	else
		put_table(&g, width, out);
	grid_release(&g);
}

void fmt_sparkline(const double *v, size_t n, int width, struct buf *out)
{
	static const char *const blocks[8] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	size_t cols = width > 0 && (size_t)width < n ? (size_t)width : n;
	double lo = INFINITY, hi = -INFINITY;
	double *b = xcalloc(cols + 1, sizeof(double));

	for (size_t k = 0; k < cols; k++) {
		size_t from = k * n / cols, to = (k + 1) * n / cols;
		double sum = 0;
		for (size_t i = from; i < to; i++)
			sum += v[i];
		b[k] = sum / (double)(to - from);
		lo = fmin(lo, b[k]);
		hi = fmax(hi, b[k]);
	}
	for (size_t k = 0; k < cols; k++) {
		int level = hi > lo ? (int)((b[k] - lo) / (hi - lo) * 7 + 0.5) : 3;
		buf_puts(out, blocks[level]);
	}
	free(b);
}
