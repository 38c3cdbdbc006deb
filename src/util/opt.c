/* opt.c - table-driven long-option parser. */
#include "util/opt.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/config.h"

static const struct opt *find(const struct opt *opts, const char *name, size_t len)
{
	for (const struct opt *o = opts; o->kind != OPT_END; o++)
		if (strlen(o->name) == len && memcmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

static int in_choices(const char *choices, const char *v)
{
	size_t n = strlen(v);
	for (const char *p = choices; *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && memcmp(p, v, n) == 0)
			return 1;
		p += len + (bar ? 1 : 0);
	}
	return 0;
}

void opt_list_free(struct opt_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int list_append(struct opt_list *l, const char *v, const char *where, struct err *e)
{
	const char **grown = realloc(l->v, (l->n + 1) * sizeof(*l->v));

	if (!grown)
		return err_set(e, WOWAH_ENOMEM, "%s: out of memory", where);
	grown[l->n++] = v;
	l->v = grown;
	return WOWAH_OK;
}

/* where: "--port" or "WOWAH_PORT" for messages. */
static int set_value(const struct opt *o, const char *v, const char *where, struct err *e)
{
	char *end;

	switch (o->kind) {
	case OPT_STRING:
		/* as an empty variable counts as unset: '' is never a value (--data-dir '') */
		if (!*v)
			return err_set(e, WOWAH_EUSAGE, "%s: the value is empty; give a %s", where,
			               o->argname ? o->argname : "value");
		*(const char **)o->value = v;
		return WOWAH_OK;
	case OPT_LIST:
		if (!*v)
			return err_set(e, WOWAH_EUSAGE, "%s: the value is empty; give a %s", where,
			               o->argname ? o->argname : "value");
		return list_append(o->value, v, where, e);
	case OPT_CHOICE:
		if (!in_choices(o->choices, v))
			return err_set(e, WOWAH_EUSAGE, "%s: '%s' is not one of %s", where, v,
			               o->choices);
		*(const char **)o->value = v;
		return WOWAH_OK;
	case OPT_INT: {
		long long x;
		errno = 0;
		x = strtoll(v, &end, 10);
		if (errno || end == v || *end)
			return err_set(e, WOWAH_EUSAGE, "%s: '%s' is not a whole number", where, v);
		if (o->min < o->max && (x < o->min || x > o->max))
			return err_set(e, WOWAH_EUSAGE, "%s: %lld is out of range (%.0f to %.0f)",
			               where, x, o->min, o->max);
		*(int64_t *)o->value = x;
		return WOWAH_OK;
	}
	case OPT_DOUBLE: {
		double x;
		errno = 0;
		x = strtod(v, &end);
		if (errno || end == v || *end || !isfinite(x))
			return err_set(e, WOWAH_EUSAGE, "%s: '%s' is not a number", where, v);
		if (o->min < o->max && (x < o->min || x > o->max))
			return err_set(e, WOWAH_EUSAGE, "%s: %g is out of range (%g to %g)", where,
			               x, o->min, o->max);
		*(double *)o->value = x;
		return WOWAH_OK;
	}
	default:
		return err_set(e, WOWAH_EUSAGE, "%s takes no value", where);
	}
}

/* Sets o's default, checking it against o's own range or choices: a table that gets its
 * default wrong fails on every run, --help included, not only when the flag is absent. */
static int set_default(const struct opt *o, const char *cmd, struct err *e)
{
	double x;

	if (o->kind == OPT_STRING || o->kind == OPT_CHOICE) {
		if (o->kind == OPT_CHOICE && !in_choices(o->choices, o->def.s))
			return err_set(e, WOWAH_EUSAGE,
			               "%s: the default of --%s, '%s', is not one of %s", cmd,
			               o->name, o->def.s, o->choices);
		*(const char **)o->value = o->def.s;
		return WOWAH_OK;
	}
	if (o->kind == OPT_INT) {
		x = (double)o->def.i;
		*(int64_t *)o->value = o->def.i;
	} else if (o->kind == OPT_DOUBLE) {
		x = o->def.d;
		*(double *)o->value = o->def.d;
	} else {
		return err_set(e, WOWAH_EUSAGE, "%s: --%s cannot have a default", cmd, o->name);
	}
	if (o->min < o->max && (x < o->min || x > o->max))
		return err_set(e, WOWAH_EUSAGE,
		               "%s: the default of --%s is out of its range (%g to %g)", cmd,
		               o->name, o->min, o->max);
	return WOWAH_OK;
}

static int parse_flag(const struct opt *opts, const char *cmd, int argc, char **argv, int *i,
                      unsigned char *seen, struct err *e)
{
	const char *arg = argv[*i] + 2, *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct opt *o = find(opts, arg, len);
	char where[128];

	if (!o)
		return err_set(e, WOWAH_EUSAGE, "unknown option '--%.*s' (see '%s --help')",
		               (int)len, arg, cmd);
	snprintf(where, sizeof(where), "--%s", o->name);
	seen[o - opts] = 1;
	if (o->kind == OPT_BOOL) {
		if (eq)
			return err_set(e, WOWAH_EUSAGE, "%s takes no value", where);
		*(int *)o->value = 1;
		return WOWAH_OK;
	}
	if (eq)
		return set_value(o, eq + 1, where, e);
	if (*i + 1 >= argc)
		return err_set(e, WOWAH_EUSAGE, "%s needs a value (%s)", where,
		               o->argname ? o->argname : "see --help");
	return set_value(o, argv[++*i], where, e);
}

static int apply_env(const struct opt *opts, const unsigned char *seen, struct err *e)
{
	for (const struct opt *o = opts; o->kind != OPT_END; o++) {
		const char *v;
		char where[160];
		if (seen[o - opts] || !o->env || !(v = cfg_get(o->env)))
			continue;
		snprintf(where, sizeof(where), "%s (from the %s)", o->env, cfg_source(o->env));
		if (o->kind == OPT_BOOL) {
			*(int *)o->value = strcmp(v, "0") != 0 && strcmp(v, "false") != 0;
			continue;
		}
		if (set_value(o, v, where, e))
			return WOWAH_EUSAGE;
	}
	return WOWAH_OK;
}

int opt_parse(const struct opt *opts, int argc, char **argv, int *out_npos, struct err *e)
{
	unsigned char seen[OPT_MAX] = {0};

	return opt_parse_seen(opts, argc, argv, out_npos, seen, e);
}

int opt_parse_seen(const struct opt *opts, int argc, char **argv, int *out_npos,
                   unsigned char *seen, struct err *e)
{
	int npos = 0, only_pos = 0, rc;
	char *cmd = argv[0];

	for (const struct opt *o = opts; o->kind != OPT_END; o++) {
		if (o - opts >= OPT_MAX - 1)
			return err_set(e, WOWAH_EUSAGE, "%s: too many options in its table", cmd);
		if (o->has_default && (rc = set_default(o, cmd, e)))
			return rc;
	}

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (only_pos || a[0] != '-' || a[1] == '\0') {
			argv[npos++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			return OPT_HELP_REQUESTED;
		if (a[1] != '-')
			return err_set(e, WOWAH_EUSAGE, "unknown option '%s' (see '%s --help')", a,
			               cmd);
		rc = parse_flag(opts, cmd, argc, argv, &i, seen, e);
		if (rc)
			return rc;
	}
	*out_npos = npos;
	return apply_env(opts, seen, e);
}

/* The default as --help writes it: "8", "0.5", "eu". */
static void print_default_value(FILE *f, const struct opt *o)
{
	if (o->kind == OPT_INT)
		fprintf(f, "%lld", (long long)o->def.i);
	else if (o->kind == OPT_DOUBLE)
		fprintf(f, "%g", o->def.d);
	else
		fputs(o->def.s, f);
}

static void print_default(FILE *f, const struct opt *o)
{
	fputs(" (default: ", f);
	print_default_value(f, o);
	fputc(')', f);
}

void opt_print_help(FILE *f, const char *usage, const char *summary, const struct opt *opts)
{
	fprintf(f, "usage: %s\n\n%s\n", usage, summary);
	if (opts && opts->kind != OPT_END)
		fputs("\noptions:\n", f);
	for (const struct opt *o = opts; o && o->kind != OPT_END; o++) {
		char left[64];
		const char *arg = o->kind == OPT_CHOICE ? o->choices : o->argname;
		snprintf(left, sizeof(left), "--%s%s%s", o->name, arg ? " " : "", arg ? arg : "");
		fprintf(f, "  %-26s %s", left, o->help);
		if (o->has_default)
			print_default(f, o);
		if (o->kind == OPT_LIST)
			fputs(" (may be given more than once)", f);
		if (o->env)
			fprintf(f, " [env %s]", o->env);
		fputc('\n', f);
	}
}

/* A field of opt_print_spec: tab first, then s with tab, newline and backslash escaped. */
static void spec_field(FILE *f, const char *s)
{
	fputc('\t', f);
	for (; s && *s; s++) {
		if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\\')
			fputs("\\\\", f);
		else
			fputc(*s, f);
	}
}

static const char *const kind_names[] = {
        [OPT_BOOL] = "bool",     [OPT_STRING] = "string", [OPT_INT] = "int",
        [OPT_DOUBLE] = "double", [OPT_CHOICE] = "choice", [OPT_LIST] = "list",
};

void opt_print_spec(FILE *f, const char *usage, const char *summary, const struct opt *opts)
{
	fputs("usage", f);
	spec_field(f, usage);
	fputs("\nsummary", f);
	spec_field(f, summary);
	fputc('\n', f);
	for (const struct opt *o = opts; o && o->kind != OPT_END; o++) {
		fputs("option", f);
		spec_field(f, o->name);
		spec_field(f, kind_names[o->kind]);
		spec_field(f, o->kind == OPT_CHOICE ? o->choices : o->argname);
		fputc('\t', f);
		if (o->has_default)
			print_default_value(f, o);
		spec_field(f, o->env);
		spec_field(f, o->help);
		fputc('\n', f);
	}
}
