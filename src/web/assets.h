/* assets.h - the web app's static files (src/web/static/ and uPlot from
 * third_party/uplot/), embedded in the binary at build time by src/web/embed.c: the
 * server needs no share directory and reads no file to serve a page.
 */
#ifndef WOWAH_WEB_ASSETS_H
#define WOWAH_WEB_ASSETS_H

#include <stddef.h>

struct web_asset {
	const char *name; /* the file's name: "app.js" */
	const char *type; /* its Content-Type */
	const char *etag; /* "\"<hash of the bytes>\"" */
	const unsigned char *data;
	size_t len;
};

/* Ends with {NULL}. */
extern const struct web_asset web_assets[];

/* The asset named name (a file name, no directories), or NULL. */
const struct web_asset *web_asset_find(const char *name);

#endif
