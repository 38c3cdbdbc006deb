/* format.c - tables, CSV, JSON lines and sparklines from DuckDB results. */
#include "report/format.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

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

static int is_number_type(duckdb_type t)
{
	switch (t) {
	case DUCKDB_TYPE_TINYINT:
	case DUCKDB_TYPE_SMALLINT:
	case DUCKDB_TYPE_INTEGER:
	case DUCKDB_TYPE_BIGINT:
	case DUCKDB_TYPE_UTINYINT:
	case DUCKDB_TYPE_USMALLINT:
	case DUCKDB_TYPE_UINTEGER:
	case DUCKDB_TYPE_UBIGINT:
	case DUCKDB_TYPE_HUGEINT:
	case DUCKDB_TYPE_UHUGEINT:
	case DUCKDB_TYPE_FLOAT:
	case DUCKDB_TYPE_DOUBLE:
	case DUCKDB_TYPE_DECIMAL:
		return 1;
	default:
		return 0;
	}
}

/* DuckDB's value accessors crash or give NULL on nested, enum, UUID and zoned types. */
int fmt_type_ok(duckdb_type t)
{
	switch (t) {
	case DUCKDB_TYPE_BOOLEAN:
	case DUCKDB_TYPE_VARCHAR:
	case DUCKDB_TYPE_BLOB:
	case DUCKDB_TYPE_DATE:
	case DUCKDB_TYPE_TIME:
	case DUCKDB_TYPE_TIMESTAMP:
	case DUCKDB_TYPE_INTERVAL:
		return 1;
	default:
		return is_number_type(t);
	}
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

/* ---- the cells ---- */

struct grid {
	idx_t rows, cols;
	char **cell; /* rows x cols, NULL for NULL */
	duckdb_type *type;
};

static void grid_load(struct grid *g, duckdb_result *r)
{
	g->rows = duckdb_row_count(r);
	g->cols = duckdb_column_count(r);
	g->cell = xcalloc(g->rows * g->cols + 1, sizeof(char *));
	g->type = xcalloc(g->cols + 1, sizeof(duckdb_type));
	for (idx_t c = 0; c < g->cols; c++)
		g->type[c] = duckdb_column_type(r, c);
	for (idx_t i = 0; i < g->rows; i++)
		for (idx_t c = 0; c < g->cols; c++)
			if (!duckdb_value_is_null(r, c, i) && fmt_type_ok(g->type[c]))
				g->cell[i * g->cols + c] = duckdb_value_varchar(r, c, i);
}

static void grid_release(struct grid *g)
{
	for (idx_t i = 0; i < g->rows * g->cols; i++)
		duckdb_free(g->cell[i]);
	free(g->cell);
	free(g->type);
}

static const char *cell(const struct grid *g, idx_t row, idx_t col)
{
	return g->cell[row * g->cols + col];
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

static int right_aligned(const struct grid *g, idx_t col)
{
	int any = 0;

	if (is_number_type(g->type[col]))
		return 1;
	if (g->type[col] != DUCKDB_TYPE_VARCHAR)
		return 0;
	for (idx_t i = 0; i < g->rows; i++) {
		const char *s = cell(g, i, col);
		if (s && !looks_numeric(s))
			return 0;
		any |= s != NULL;
	}
	return any;
}

/* Narrows the widest column, one at a time, until the line fits: text columns first,
 * numbers only when cutting text was not enough (a cut number misleads). */
static void fit(size_t *w, const int *right, idx_t cols, int width)
{
	for (int pass = 0; pass < 2; pass++)
		for (;;) {
			size_t total = cols ? 2 * (cols - 1) : 0, widest = 0;
			idx_t at = 0;
			for (idx_t c = 0; c < cols; c++) {
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

static void put_table(duckdb_result *r, const struct grid *g, int width, struct buf *out)
{
	size_t *w = xcalloc(g->cols + 1, sizeof(size_t));
	int *right = xcalloc(g->cols + 1, sizeof(int));

	for (idx_t c = 0; c < g->cols; c++) {
		w[c] = fmt_text_width(duckdb_column_name(r, c));
		right[c] = right_aligned(g, c);
		for (idx_t i = 0; i < g->rows; i++) {
			const char *s = cell(g, i, c);
			size_t cw = s ? fmt_text_width(s) : 0;
			if (cw > w[c])
				w[c] = cw;
		}
	}
	fit(w, right, g->cols, width);
	for (idx_t c = 0; c < g->cols; c++) {
		if (c)
			buf_puts(out, "  ");
		put_cell(out, duckdb_column_name(r, c), w[c], right[c]);
	}
	end_line(out);
	for (idx_t c = 0; c < g->cols; c++) {
		if (c)
			buf_puts(out, "  ");
		for (size_t i = 0; i < w[c]; i++)
			buf_putc(out, '-');
	}
	buf_putc(out, '\n');
	for (idx_t i = 0; i < g->rows; i++) {
		for (idx_t c = 0; c < g->cols; c++) {
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

static void put_csv(duckdb_result *r, const struct grid *g, struct buf *out)
{
	for (idx_t c = 0; c < g->cols; c++) {
		if (c)
			buf_putc(out, ',');
		put_csv_field(out, duckdb_column_name(r, c));
	}
	buf_putc(out, '\n');
	for (idx_t i = 0; i < g->rows; i++) {
		for (idx_t c = 0; c < g->cols; c++) {
			const char *s = cell(g, i, c);
			if (c)
				buf_putc(out, ',');
			if (s)
				put_csv_field(out, s);
		}
		buf_putc(out, '\n');
	}
}

static void put_json_value(struct buf *out, duckdb_type t, const char *s)
{
	if (!s) {
		buf_puts(out, "null");
		return;
	}
	if (t == DUCKDB_TYPE_BOOLEAN || is_number_type(t)) {
		char *end;
		double v = strtod(s, &end);
		if (t == DUCKDB_TYPE_BOOLEAN || (*end == '\0' && isfinite(v)))
			buf_puts(out, s);
		else
			buf_puts(out, "null");
		return;
	}
	buf_put_json_string(out, s, strlen(s));
}

static void put_json(duckdb_result *r, const struct grid *g, struct buf *out)
{
	for (idx_t i = 0; i < g->rows; i++) {
		buf_putc(out, '{');
		for (idx_t c = 0; c < g->cols; c++) {
			const char *name = duckdb_column_name(r, c);
			if (c)
				buf_putc(out, ',');
			buf_put_json_string(out, name, strlen(name));
			buf_putc(out, ':');
			put_json_value(out, g->type[c], cell(g, i, c));
		}
		buf_puts(out, "}\n");
	}
}

void fmt_result(duckdb_result *r, enum fmt_kind kind, int width, struct buf *out)
{
	struct grid g;

	grid_load(&g, r);
	if (kind == FMT_CSV)
		put_csv(r, &g, out);
	else if (kind == FMT_JSON)
		put_json(r, &g, out);
	else
		put_table(r, &g, width, out);
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
