/* oauth.c - client-credentials tokens over libcurl, cached on disk. */
#include "bnet/oauth.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#include "bnet/tls.h"
#include "util/buf.h"
#include "util/fs.h"

#define CACHE_MAGIC     "wowah-oauth-token 1"
#define MAX_TOKEN_BODY  (64 * 1024)
#define TOKEN_CHARS_MAX 4096

void bnet_oauth_init(struct bnet_oauth *o, const char *url, const char *client_id,
                     const char *secret, const char *cache_path)
{
	memset(o, 0, sizeof(*o));
	o->url = xstrdup(url);
	o->client_id = xstrdup(client_id);
	o->secret = xstrdup(secret);
	o->cache_path = xstrdup_or_null(cache_path);
	o->timeout_s = 30;
}

static void forget(struct bnet_oauth *o)
{
	if (o->token) {
		explicit_bzero(o->token, strlen(o->token));
		free(o->token);
	}
	o->token = NULL;
	o->obtained_at = o->expires_at = 0;
}

void bnet_oauth_release(struct bnet_oauth *o)
{
	forget(o);
	if (o->secret)
		explicit_bzero(o->secret, strlen(o->secret));
	free(o->url);
	free(o->client_id);
	free(o->secret);
	free(o->cache_path);
	memset(o, 0, sizeof(*o));
}

int bnet_oauth_usable(int64_t obtained_at, int64_t expires_at, int64_t now)
{
	int64_t margin = (expires_at - obtained_at) / 4;

	if (margin > BNET_OAUTH_MARGIN_S)
		margin = BNET_OAUTH_MARGIN_S;
	return now >= obtained_at - 60 && now < expires_at - margin;
}

int bnet_oauth_cache_write(const char *path, const char *url, const char *client_id,
                           const char *token, int64_t obtained_at, int64_t expires_at,
                           struct err *e)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_printf(&b, "%s\n%s\n%s\n%lld\n%lld\n%s\n", CACHE_MAGIC, url, client_id,
	           (long long)obtained_at, (long long)expires_at, token);
	rc = fs_write_atomic(path, b.data, b.len, 0600, e);
	explicit_bzero(b.data, b.len);
	buf_release(&b);
	return rc;
}

/* Splits s into its lines (in place); returns how many, at most max. */
static int split_lines(char *s, char **lines, int max)
{
	int n = 0;
	while (*s && n < max) {
		char *nl = strchr(s, '\n');
		lines[n++] = s;
		if (!nl)
			break;
		*nl = '\0';
		s = nl + 1;
	}
	return n;
}

int bnet_oauth_cache_read(const char *path, const char *url, const char *client_id, int64_t now,
                          char **token, int64_t *obtained_at, int64_t *expires_at, struct err *e)
{
	char *data = NULL, *lines[6], *end;
	struct stat st;
	size_t len;
	int64_t got, exp;
	int rc = WOWAH_ENOTFOUND;

	if (!fs_exists(path))
		return err_set(e, WOWAH_ENOTFOUND, "no cached token");
	if (stat(path, &st) == 0 && (st.st_mode & 077))
		return err_set(
		        e, WOWAH_ECONFIG,
		        "%s is open to others (mode %04o, not 0600): its token may have "
		        "leaked; delete the file (the next run fetches a new token) and make "
		        "the data dir private",
		        path, (unsigned)(st.st_mode & 07777));
	if (fs_read_file(path, &data, &len, e))
		return e ? e->code : WOWAH_EIO;
	if (split_lines(data, lines, 6) != 6 || strcmp(lines[0], CACHE_MAGIC) != 0 ||
	    strcmp(lines[1], url) != 0 || strcmp(lines[2], client_id) != 0 || !lines[5][0])
		goto out;
	got = strtoll(lines[3], &end, 10);
	if (*end)
		goto out;
	exp = strtoll(lines[4], &end, 10);
	if (*end || !bnet_oauth_usable(got, exp, now))
		goto out;
	*token = xstrdup(lines[5]);
	*obtained_at = got;
	*expires_at = exp;
	rc = WOWAH_OK;
out:
	explicit_bzero(data, len);
	free(data);
	if (rc)
		err_set(e, rc, "no usable cached token");
	return rc;
}

static size_t collect(char *data, size_t size, size_t nmemb, void *ud)
{
	struct buf *b = ud;
	size_t n = size * nmemb;

	if (b->len + n > MAX_TOKEN_BODY)
		return 0;
	buf_append(b, data, n);
	return n;
}

/* Reads access_token and expires_in from the server's answer. */
static int parse_token(const char *body, char **token, int64_t *expires_in)
{
	static const char *tok_path[] = {"access_token", NULL};
	static const char *exp_path[] = {"expires_in", NULL};
	yajl_val root = yajl_tree_parse(body, NULL, 0), t, x;
	const char *s;
	int rc = -1;

	if (!root)
		return -1;
	t = yajl_tree_get(root, tok_path, yajl_t_string);
	x = yajl_tree_get(root, exp_path, yajl_t_number);
	s = t ? YAJL_GET_STRING(t) : NULL;
	if (s && x && YAJL_IS_INTEGER(x) && YAJL_GET_INTEGER(x) > 0 && s[0] &&
	    strlen(s) < TOKEN_CHARS_MAX && !strpbrk(s, "\r\n")) {
		*token = xstrdup(s);
		*expires_in = YAJL_GET_INTEGER(x);
		rc = 0;
	}
	yajl_tree_free(root);
	return rc;
}

static int fetch(struct bnet_oauth *o, int64_t now, struct err *e)
{
	static const char form[] = "grant_type=client_credentials";
	struct buf body = BUF_INIT;
	CURL *c = curl_easy_init();
	CURLcode cc;
	long status = 0;
	int64_t expires_in = 0;
	char *token = NULL;
	int rc = WOWAH_OK;

	if (!c)
		return err_set(e, WOWAH_ENOMEM, "cannot start a token request");
	curl_easy_setopt(c, CURLOPT_URL, o->url);
	curl_easy_setopt(c, CURLOPT_USERNAME, o->client_id);
	curl_easy_setopt(c, CURLOPT_PASSWORD, o->secret);
	curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout_s);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	bnet_tls_setup(c, o->cacert);
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	if (cc != CURLE_OK)
		rc = err_set(e, WOWAH_EHTTP, "cannot get an OAuth token from %s: %s", o->url,
		             bnet_tls_why(cc, o->cacert));
	else if (status == 401 || status == 400 || status == 403)
		rc = err_set(e, WOWAH_EAUTH,
		             "%s refused the client credentials (HTTP %ld): check "
		             "BLIZZARD_API_CLIENT_ID and BLIZZARD_API_CLIENT_SECRET",
		             o->url, status);
	else if (status != 200)
		rc = err_set(e, WOWAH_EHTTP, "OAuth token request to %s answered HTTP %ld", o->url,
		             status);
	else if (parse_token(body.data ? body.data : "", &token, &expires_in))
		rc = err_set(e, WOWAH_EPARSE, "OAuth answer from %s has no usable access_token",
		             o->url);
	if (body.data)
		explicit_bzero(body.data, body.len);
	buf_release(&body);
	if (rc)
		return rc;
	forget(o);
	o->token = token;
	o->obtained_at = now;
	o->expires_at = now + expires_in;
	return WOWAH_OK;
}

int bnet_oauth_token(struct bnet_oauth *o, int64_t now, const char **out, struct err *e)
{
	struct err ignored;
	int rc;

	if (o->token && bnet_oauth_usable(o->obtained_at, o->expires_at, now)) {
		*out = o->token;
		return WOWAH_OK;
	}
	forget(o);
	rc = o->cache_path ? bnet_oauth_cache_read(o->cache_path, o->url, o->client_id, now,
	                                           &o->token, &o->obtained_at, &o->expires_at, e)
	                   : WOWAH_ENOTFOUND;
	if (rc == WOWAH_OK)
		*out = o->token;
	if (rc == WOWAH_OK || rc == WOWAH_ECONFIG)
		return rc;
	rc = fetch(o, now, e);
	if (rc)
		return rc;
	/* A cache that cannot be written costs a token request next run, nothing more. */
	if (o->cache_path)
		bnet_oauth_cache_write(o->cache_path, o->url, o->client_id, o->token,
		                       o->obtained_at, o->expires_at, &ignored);
	*out = o->token;
	return WOWAH_OK;
}

void bnet_oauth_invalidate(struct bnet_oauth *o, const char *rejected)
{
	if (!o->token || (rejected && strcmp(rejected, o->token) != 0))
		return;
	forget(o);
	if (o->cache_path)
		unlink(o->cache_path);
}
