/* config.h - settings from the environment and from a .env file.
 *
 * Precedence for every setting: command-line flag, then the process environment, then
 * the .env file of the working directory, then the built-in default. Flags are the CLI's
 * business (util/opt.h); this module answers the other two. Values are never logged:
 * some are secrets.
 */
#ifndef WOWAH_UTIL_CONFIG_H
#define WOWAH_UTIL_CONFIG_H

#include "util/err.h"

/* Loads KEY=VALUE lines (with optional "export ", quotes and # comments) from path.
 * A missing file is not an error. Replaces anything loaded before. */
int cfg_load_dotenv(const char *path, struct err *e);

/* The value of name from the environment, else from the .env file, else NULL.
 * An empty value counts as unset. The string stays valid until the next load/free. */
const char *cfg_get(const char *name);

/* Where cfg_get(name) found its value: "environment", ".env" or NULL. */
const char *cfg_source(const char *name);

void cfg_free(void);

#endif
