/* gendoc.c - the build's generator of wowah's man pages and shell completion: reads what
 * 'wowah help --spec' writes (the command table and every command's option table, see
 * util/opt.h opt_print_spec) and writes wowah(1), one wowah-COMMAND(1) per command, the
 * bash completion and the zsh completion. A command added to the table is picked up
 * with no edit here, and nothing can disagree with --help: it is the same tables.
 *
 * Usage: gendoc VERSION SPEC MANDIR BASHFILE ZSHFILE  (meson builds and runs it)
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_CMDS 64
#define MAX_OPTS 64

struct option {
	char *name, *kind, *arg, *def, *env, *help;
};

struct command {
	char *name, *brief, *usage, *summary;
	struct option opts[MAX_OPTS];
	int nopts;
};

struct spec {
	char *usage, *summary; /* the tool's own */
	struct command cmds[MAX_CMDS];
	int ncmds;
};

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "gendoc: %s: %s\n", what, detail);
	exit(1);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die(path, strerror(errno));
	data = malloc((size_t)n + 1);
	if (!data || fread(data, 1, (size_t)n, f) != (size_t)n)
		die(path, "cannot read");
	data[n] = '\0';
	fclose(f);
	return data;
}

/* Splits the next tab-separated field off *p and undoes opt_print_spec's escapes, in
 * place; NULL at the end of the line. */
static char *field(char **p)
{
	char *start = *p, *in = *p, *out = *p;

	if (!start)
		return NULL;
	for (; *in && *in != '\t'; in++) {
		if (*in != '\\' || !in[1]) {
			*out++ = *in;
			continue;
		}
		in++;
		*out++ = *in == 't' ? '\t' : *in == 'n' ? '\n' : *in;
	}
	*p = *in ? in + 1 : NULL;
	*out = '\0';
	return start;
}

static char *need(char **p, const char *line)
{
	char *f = field(p);
	if (!f)
		die("a spec line lacks a field", line);
	return f;
}

static void parse_line(struct spec *s, char *line)
{
	char *p = line, *tag = need(&p, line);
	struct command *c = s->ncmds ? &s->cmds[s->ncmds - 1] : NULL;

	if (strcmp(tag, "command") == 0) {
		if (s->ncmds == MAX_CMDS)
			die("too many commands", line);
		c = &s->cmds[s->ncmds++];
		c->name = need(&p, line);
		c->brief = need(&p, line);
	} else if (strcmp(tag, "usage") == 0) {
		*(c ? &c->usage : &s->usage) = need(&p, line);
	} else if (strcmp(tag, "summary") == 0) {
		*(c ? &c->summary : &s->summary) = need(&p, line);
	} else if (strcmp(tag, "option") == 0 && c) {
		struct option *o;
		if (c->nopts == MAX_OPTS)
			die("too many options", line);
		o = &c->opts[c->nopts++];
		o->name = need(&p, line);
		o->kind = need(&p, line);
		o->arg = need(&p, line);
		o->def = need(&p, line);
		o->env = need(&p, line);
		o->help = need(&p, line);
	} else {
		die("unexpected spec line", line);
	}
}

static void parse_spec(struct spec *s, char *text)
{
	for (char *line = text, *nl; line && *line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		if (*line)
			parse_line(s, line);
	}
	if (!s->usage || !s->summary || s->ncmds == 0)
		die("spec", "no usage, summary or command: is it 'wowah help --spec' output?");
	for (int i = 0; i < s->ncmds; i++)
		if (!s->cmds[i].usage || !s->cmds[i].summary)
			die("no usage or summary for command", s->cmds[i].name);
}

static FILE *create(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		die(path, strerror(errno));
	return f;
}

static void finish(FILE *f, const char *path)
{
	if (ferror(f) | fclose(f))
		die(path, "write failed");
}

/* ---- man pages ---------------------------------------------------------------------- */

/* Text for roff: backslashes and hyphens escaped, a control character at a line's start
 * defused. */
static void roff(FILE *f, const char *s)
{
	int bol = 1;

	for (; *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", f);
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
		bol = *s == '\n';
	}
}

static void man_header(FILE *f, const char *title, const char *version, const char *name,
                       const char *brief)
{
	fputs(".TH ", f);
	roff(f, title);
	fprintf(f, " 1 \"\" \"wowah %s\" \"wowah manual\"\n.SH NAME\n", version);
	roff(f, name);
	fputs(" \\- ", f);
	roff(f, brief);
	fputs("\n", f);
}

static void man_synopsis(FILE *f, const char *usage, const char *summary)
{
	fputs(".SH SYNOPSIS\n.nf\n", f);
	roff(f, usage);
	/* as --help shows it: the summaries are laid out for a terminal */
	fputs("\n.fi\n.SH DESCRIPTION\n.nf\n", f);
	roff(f, summary);
	fputs("\n.fi\n", f);
}

static void man_option(FILE *f, const struct option *o)
{
	fputs(".TP\n\\fB\\-\\-", f);
	roff(f, o->name);
	fputs("\\fR", f);
	if (*o->arg) {
		fputs(" \\fI", f);
		roff(f, o->arg);
		fputs("\\fR", f);
	}
	fputs("\n", f);
	roff(f, o->help);
	if (*o->def) {
		fputs(" (default: ", f);
		roff(f, o->def);
		fputs(")", f);
	}
	if (strcmp(o->kind, "list") == 0)
		fputs(" (may be given more than once)", f);
	if (*o->env) {
		fputs(" [env \\fB", f);
		roff(f, o->env);
		fputs("\\fR]", f);
	}
	fputs(".\n", f);
}

static void man_tail(FILE *f, const char *see_also)
{
	fputs(".SH EXIT STATUS\n"
	      "0 on success, 1 on a runtime failure (network, disk, data), 2 on a usage or\n"
	      "configuration error; the error is one line on standard error.\n"
	      ".SH ENVIRONMENT\n"
	      "An option that names a variable takes it from the environment, then from\n"
	      "\\fI./.env\\fR, when the flag is not given.\n"
	      ".SH SEE ALSO\n",
	      f);
	fputs(see_also, f);
	fputs("\n", f);
}

static void man_command(const char *dir, const char *version, const struct command *c)
{
	char path[4096], title[128], name[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/wowah-%s.1", dir, c->name);
	snprintf(name, sizeof(name), "wowah-%s", c->name);
	snprintf(title, sizeof(title), "WOWAH-%s", c->name);
	for (char *t = title; *t; t++)
		*t = (char)(*t >= 'a' && *t <= 'z' ? *t - 'a' + 'A' : *t);
	f = create(path);
	man_header(f, title, version, name, c->brief);
	man_synopsis(f, c->usage, c->summary);
	fputs(".SH OPTIONS\n", f);
	for (int i = 0; i < c->nopts; i++)
		man_option(f, &c->opts[i]);
	fputs(".TP\n\\fB\\-\\-help\\fR\nprint the options and exit.\n", f);
	man_tail(f, ".BR wowah (1)");
	finish(f, path);
}

static void man_tool(const char *dir, const char *version, const struct spec *s)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/wowah.1", dir);
	f = create(path);
	man_header(f, "WOWAH", version, "wowah", "World of Warcraft auction house analytics");
	man_synopsis(f, s->usage, s->summary);
	fputs("Settings come from flags, then the environment, then \\fI./.env\\fR, then "
	      "defaults.\n.SH COMMANDS\n",
	      f);
	for (int i = 0; i < s->ncmds; i++) {
		fputs(".TP\n\\fB", f);
		roff(f, s->cmds[i].name);
		fputs("\\fR\n", f);
		roff(f, s->cmds[i].brief);
		fputs("; see \\fBwowah\\-", f);
		roff(f, s->cmds[i].name);
		fputs("\\fR(1).\n", f);
	}
	fputs(".TP\n\\fBhelp\\fR [\\fICOMMAND\\fR]\nthe commands, or one command's options.\n"
	      ".SH OPTIONS\n.TP\n\\fB\\-\\-version\\fR\nprint the version and exit.\n"
	      ".TP\n\\fB\\-\\-help\\fR\nlist the commands and exit.\n",
	      f);
	man_tail(f, "The wowah\\-COMMAND(1) page of each command above.");
	finish(f, path);
}

/* The directory holds exactly the pages of this spec: a page of a command that left
 * the table must not be installed. */
static void man_dir(const char *dir)
{
	DIR *d;
	struct dirent *de;
	char path[4096];

	if (mkdir(dir, 0755) && errno != EEXIST)
		die(dir, strerror(errno));
	if (!(d = opendir(dir)))
		die(dir, strerror(errno));
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (strncmp(de->d_name, "wowah", 5) || n < 2 || strcmp(de->d_name + n - 2, ".1"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path))
			die(path, strerror(errno));
	}
	closedir(d);
}

/* ---- completion --------------------------------------------------------------------- */

/* What an option's value completes to: "d" a directory, "f" a file, "" nothing offered. */
static const char *value_kind(const struct option *o)
{
	if (strstr(o->arg, "DIR"))
		return "d";
	if (strstr(o->arg, "FILE") || strstr(o->arg, "PATH"))
		return "f";
	return "";
}

/* The words of a choice option: "table|csv|json" -> "table csv json". */
static void choice_words(FILE *f, const char *choices)
{
	for (; *choices; choices++)
		fputc(*choices == '|' ? ' ' : *choices, f);
}

static void command_words(FILE *f, const struct spec *s)
{
	for (int i = 0; i < s->ncmds; i++)
		fprintf(f, "%s%s", i ? " " : "", s->cmds[i].name);
}

static void bash_values(FILE *f, const struct command *c)
{
	int any = 0;

	fputs("\t\tcase $prev in\n", f);
	for (int i = 0; i < c->nopts; i++) {
		const struct option *o = &c->opts[i];
		const char *vk = value_kind(o);
		if (strcmp(o->kind, "choice") == 0) {
			fprintf(f, "\t\t--%s) COMPREPLY=($(compgen -W '", o->name);
			choice_words(f, o->arg);
			fputs("' -- \"$cur\")); return ;;\n", f);
		} else if (*vk) {
			fprintf(f, "\t\t--%s) COMPREPLY=($(compgen -%c -- \"$cur\")); return ;;\n",
			        o->name, *vk);
		}
	}
	/* the options whose value is free text: nothing to offer */
	for (int i = 0; i < c->nopts; i++) {
		const struct option *o = &c->opts[i];
		if (strcmp(o->kind, "bool") && strcmp(o->kind, "choice") && !*value_kind(o))
			fprintf(f, "%s--%s", any++ ? "|" : "\t\t", o->name);
	}
	fputs(any ? ") return ;;\n\t\tesac\n" : "\t\tesac\n", f);
}

static void bash(const char *path, const struct spec *s)
{
	FILE *f = create(path);

	fputs("# bash completion for wowah(1), generated at build time from wowah's command and\n"
	      "# option tables (src/cli/gendoc/gendoc.c): do not edit.\n"
	      "_wowah() {\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tCOMPREPLY=()\n"
	      "\tif ((COMP_CWORD == 1)); then\n"
	      "\t\tCOMPREPLY=($(compgen -W '",
	      f);
	command_words(f, s);
	fputs(" help --help --version' -- \"$cur\"))\n\t\treturn\n\tfi\n"
	      "\tcase ${COMP_WORDS[1]} in\n\thelp)\n"
	      "\t\t((COMP_CWORD == 2)) && COMPREPLY=($(compgen -W '",
	      f);
	command_words(f, s);
	fputs("' -- \"$cur\"))\n\t\t;;\n", f);
	for (int i = 0; i < s->ncmds; i++) {
		const struct command *c = &s->cmds[i];
		fprintf(f, "\t%s)\n", c->name);
		bash_values(f, c);
		if (strstr(c->usage, "FILE"))
			fputs("\t\t[[ $cur == -* ]] || { COMPREPLY=($(compgen -f -- \"$cur\")); "
			      "return; }\n",
			      f);
		fputs("\t\tCOMPREPLY=($(compgen -W '", f);
		for (int j = 0; j < c->nopts; j++)
			fprintf(f, "--%s ", c->opts[j].name);
		fputs("--help' -- \"$cur\"))\n\t\t;;\n", f);
	}
	fputs("\tesac\n}\ncomplete -F _wowah wowah\n", f);
	finish(f, path);
}

/* s inside a single-quoted zsh word: quotes closed and reopened; in an _arguments spec
 * (spec 1) its own brackets and colons escaped too. */
static void zsh_text(FILE *f, const char *s, int spec)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else if (spec && (*s == '[' || *s == ']' || *s == ':' || *s == '\\'))
			fprintf(f, "\\%c", *s);
		else
			fputc(*s == '\n' ? ' ' : *s, f);
	}
}

static void zsh_option(FILE *f, const struct option *o)
{
	const char *vk = value_kind(o);

	/* '*': zsh offers a repeatable option again after it is given */
	fprintf(f, " \\\n\t\t\t'%s--%s[", strcmp(o->kind, "list") == 0 ? "*" : "", o->name);
	zsh_text(f, o->help, 1);
	fputs("]", f);
	if (strcmp(o->kind, "bool") == 0) {
		fputs("'", f);
		return;
	}
	fputs(":", f);
	zsh_text(f, o->arg, 1);
	if (strcmp(o->kind, "choice") == 0) {
		fputs(":(", f);
		choice_words(f, o->arg);
		fputs(")'", f);
	} else {
		fputs(*vk == 'd' ? ":_files -/'" : *vk ? ":_files'" : ": '", f);
	}
}

static void zsh(const char *path, const struct spec *s)
{
	FILE *f = create(path);

	fputs("#compdef wowah\n"
	      "# zsh completion for wowah(1), generated at build time from wowah's command and\n"
	      "# option tables (src/cli/gendoc/gendoc.c): do not edit.\n"
	      "_wowah() {\n\tlocal -a commands\n\tcommands=(\n",
	      f);
	for (int i = 0; i < s->ncmds; i++) {
		fprintf(f, "\t\t'%s:", s->cmds[i].name);
		zsh_text(f, s->cmds[i].brief, 0);
		fputs("'\n", f);
	}
	fputs("\t\t'help:the commands, or one command'\\''s options'\n\t)\n"
	      "\tif ((CURRENT == 2)); then\n"
	      "\t\t_describe -t commands 'wowah command' commands\n\t\treturn\n\tfi\n"
	      "\tlocal cmd=${words[2]}\n\tshift words\n\t((CURRENT--))\n\tcase $cmd in\n"
	      "\thelp) _describe -t commands 'wowah command' commands ;;\n",
	      f);
	for (int i = 0; i < s->ncmds; i++) {
		const struct command *c = &s->cmds[i];
		fprintf(f, "\t%s)\n\t\t_arguments", c->name);
		for (int j = 0; j < c->nopts; j++)
			zsh_option(f, &c->opts[j]);
		fputs(" \\\n\t\t\t'--help[print the options and exit]'", f);
		if (strstr(c->usage, "FILE"))
			fputs(" \\\n\t\t\t'*:file:_files'", f);
		fputs("\n\t\t;;\n", f);
	}
	fputs("\tesac\n}\n_wowah \"$@\"\n", f);
	finish(f, path);
}

int main(int argc, char **argv)
{
	static struct spec s;
	char *text;

	if (argc != 6) {
		fputs("usage: gendoc VERSION SPEC MANDIR BASHFILE ZSHFILE\n", stderr);
		return 2;
	}
	text = read_file(argv[2]);
	parse_spec(&s, text);
	man_dir(argv[3]);
	man_tool(argv[3], argv[1], &s);
	for (int i = 0; i < s.ncmds; i++)
		man_command(argv[3], argv[1], &s.cmds[i]);
	bash(argv[4], &s);
	zsh(argv[5], &s);
	free(text);
	return 0;
}
