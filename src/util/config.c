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

int cfg_load_dotenv(const char *path, struct err *e)
{
	char *text, *line, *save = NULL;
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
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *s = trim(line), *eq;
		lineno++;
		if (*s == '\0' || *s == '#')
			continue;
		if (strncmp(s, "export ", 7) == 0)
			s = trim(s + 7);
		eq = strchr(s, '=');
		if (!eq || eq == s) {
			free(text);
			return err_set(
			        e, WOWAH_ECONFIG,
			        "%s: a line is not KEY=VALUE (near line %d); fix or remove it",
			        path, lineno);
		}
		*eq = '\0';
		add(trim(s), unquote(trim(eq + 1)));
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
