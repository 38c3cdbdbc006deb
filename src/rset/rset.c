/* rset.c - result sets and named parameters. */
#include "rset/rset.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

struct rset *rset_new(size_t ncols)
{
	struct rset *r = xcalloc(1, sizeof(*r));

	r->ncols = ncols;
	r->cols = xcalloc(ncols + 1, sizeof(*r->cols));
	return r;
}

static int owns_text(enum rset_type t)
{
	return t == RSET_NUMBER || t == RSET_TEXT || t == RSET_OTHER;
}

void rset_truncate(struct rset *r, size_t n)
{
	if (n >= r->nrows)
		return;
	for (size_t c = 0; c < r->ncols; c++)
		if (owns_text(r->cols[c].type))
			for (size_t i = n; i < r->nrows; i++)
				free(r->cells[i * r->ncols + c].v.s);
	r->nrows = n;
}

void rset_free(struct rset *r)
{
	if (!r)
		return;
	for (size_t c = 0; c < r->ncols; c++) {
		if (owns_text(r->cols[c].type))
			for (size_t i = 0; i < r->nrows; i++)
				free(r->cells[i * r->ncols + c].v.s);
		free(r->cols[c].name);
	}
	free(r->cols);
	free(r->cells);
	free(r);
}

void rset_column(struct rset *r, size_t col, const char *name, enum rset_type type)
{
	free(r->cols[col].name);
	r->cols[col].name = xstrdup(name ? name : "");
	r->cols[col].type = type;
}

struct rset_cell *rset_add_row(struct rset *r)
{
	struct rset_cell *row;

	if (r->nrows == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->cells = xrealloc(r->cells, r->cap * (r->ncols + 1) * sizeof(*r->cells));
	}
	row = &r->cells[r->nrows++ * r->ncols];
	memset(row, 0, r->ncols * sizeof(*row));
	for (size_t c = 0; c < r->ncols; c++)
		row[c].null = 1;
	return row;
}

void rset_cell_text(struct rset_cell *c, const char *s, size_t n)
{
	c->v.s = xmalloc(n + 1);
	memcpy(c->v.s, s, n);
	c->v.s[n] = '\0';
	c->null = 0;
}

int rset_find(const struct rset *r, const char *name)
{
	for (size_t c = 0; c < r->ncols; c++)
		if (strcmp(r->cols[c].name, name) == 0)
			return (int)c;
	return -1;
}

double rset_double(const struct rset *r, size_t row, size_t col)
{
	const struct rset_cell *c = rset_at(r, row, col);

	if (c->null)
		return NAN;
	switch (r->cols[col].type) {
	case RSET_DOUBLE:
		return c->v.d;
	case RSET_BOOL:
	case RSET_INT:
	case RSET_TIME:
	case RSET_DATE:
		return (double)c->v.i;
	default:
		return NAN;
	}
}

/* ---- named parameters ---- */

/* The index of the parameter called name, p->n when there is none. */
static size_t param_index(const struct rset_params *p, const char *name)
{
	size_t i = 0;

	while (i < p->n && strcmp(p->v[i].name, name) != 0)
		i++;
	return i;
}

/* A name given again takes its new value (a default worked out after the options). */
static struct rset_param *param_add(struct rset_params *p, const char *name, enum rset_type t)
{
	size_t i = param_index(p, name);
	struct rset_param *v;

	if (i == RSET_MAX_PARAMS)
		abort(); /* a report with more parameters: raise RSET_MAX_PARAMS */
	if (i == p->n)
		p->n++;
	v = &p->v[i];
	memset(v, 0, sizeof(*v));
	v->name = name;
	v->type = t;
	return v;
}

void rset_param_int(struct rset_params *p, const char *name, int64_t v)
{
	param_add(p, name, RSET_INT)->i = v;
}

void rset_param_bool(struct rset_params *p, const char *name, int v)
{
	param_add(p, name, RSET_BOOL)->i = v != 0;
}

void rset_param_double(struct rset_params *p, const char *name, double v)
{
	param_add(p, name, RSET_DOUBLE)->d = v;
}

void rset_param_text(struct rset_params *p, const char *name, const char *s)
{
	struct rset_param *v = param_add(p, name, RSET_TEXT);

	v->s = s;
	v->null = s == NULL;
}

void rset_param_time(struct rset_params *p, const char *name, int64_t micros)
{
	param_add(p, name, RSET_TIME)->i = micros;
}

void rset_param_null(struct rset_params *p, const char *name, enum rset_type t)
{
	param_add(p, name, t)->null = 1;
}

void rset_param_list(struct rset_params *p, const char *name, const char *const *v, size_t n)
{
	struct rset_param *x = param_add(p, name, RSET_TEXT);

	x->is_list = 1;
	x->list = v;
	x->nlist = n;
}

const struct rset_param *rset_param_find(const struct rset_params *p, const char *name)
{
	size_t i = p ? param_index(p, name) : 0;

	return p && i < p->n ? &p->v[i] : NULL;
}
