/* config.c - environment and .env lookup. */
#include "util/config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/fs.h"

struct kv {
	char *key;
	char *value;
};

static struct kv *entries;
static size_t nentries;

void cfg_free(void)
{
	for (size_t i = 0; i < nentries; i++) {
		free(entries[i].key);
		free(entries[i].value);
	}
	free(entries);
	entries = NULL;
	nentries = 0;
}

static char *trim(char *s)
{
	char *end;
	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static char *unquote(char *v)
{
	size_t n = strlen(v);
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v[n - 1] = '\0';
		return v + 1;
	}
	/* an unquoted value ends at " #" */
	for (char *p = v; *p; p++)
		if (*p == '#' && p > v && isspace((unsigned char)p[-1])) {
			*p = '\0';
			return trim(v);
		}
	return v;
}

static void add(const char *key, const char *value)
{
	for (size_t i = 0; i < nentries; i++)
		if (strcmp(entries[i].key, key) == 0) {
			free(entries[i].value);
			entries[i].value = xstrdup(value);
			return;
		}
	entries = xrealloc(entries, (nentries + 1) * sizeof(*entries));
	entries[nentries].key = xstrdup(key);
	entries[nentries].value = xstrdup(value);
	nentries++;
}

/* The 1-based number of the line of text that holds offset. */
static int line_of(const char *text, size_t offset)
{
	int n = 1;
	for (size_t i = 0; i < offset; i++)
		n += text[i] == '\n';
	return n;
}

/* One KEY=VALUE line (trimmed, not a comment); 0 or -1 when it is not one. */
static int parse_line(char *s)
{
	char *eq;

	if (strncmp(s, "export ", 7) == 0)
		s = trim(s + 7);
	eq = strchr(s, '=');
	if (!eq || eq == s)
		return -1;
	*eq = '\0';
	add(trim(s), unquote(trim(eq + 1)));
	return 0;
}

int cfg_load_dotenv(const char *path, struct err *e)
{
	char *text, *line, *next;
	const char *nul;
	size_t len;
	int rc, lineno = 0;

	cfg_free();
	rc = fs_read_file(path, &text, &len, e);
	if (rc == WOWAH_ENOTFOUND) {
		err_clear(e);
		return WOWAH_OK;
	}
	if (rc)
		return rc;
	nul = memchr(text, '\0', len);
	if (nul) {
		rc = err_set(e, WOWAH_ECONFIG,
		             "%s: a NUL byte on line %d, this is not a text file; fix or remove it",
		             path, line_of(text, (size_t)(nul - text)));
		free(text);
		return rc;
	}
	/* line by line, blank ones too, so that the number in a message is the file's */
	for (line = text; line; line = next) {
		char *s;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		if (parse_line(s) != 0) {
			free(text);
			cfg_free(); /* nothing half loaded */
			return err_set(e, WOWAH_ECONFIG,
			               "%s: line %d is not KEY=VALUE; fix or remove it", path,
			               lineno);
		}
	}
	free(text);
	return WOWAH_OK;
}

static const char *dotenv_get(const char *name)
{
	for (size_t i = 0; i < nentries; i++)
		if (strcmp(entries[i].key, name) == 0)
			return entries[i].value[0] ? entries[i].value : NULL;
	return NULL;
}

const char *cfg_get(const char *name)
{
	const char *v = getenv(name);
	if (v && *v)
		return v;
	return dotenv_get(name);
}

const char *cfg_source(const char *name)
{
	const char *v = getenv(name);
	if (v && *v)
		return "environment";
	return dotenv_get(name) ? ".env" : NULL;
}
