/* cache.c - a hash table of answers with a least-recently-used list, bounded in bytes. */
#include "web/cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 4096

struct entry {
	char *key;
	char *body;
	size_t len;
	int status;
	struct entry *chain;       /* next in the bucket */
	struct entry *prev, *next; /* LRU list, most recent first */
};

struct web_cache {
	pthread_mutex_t lock;
	size_t bytes, max_bytes;
	struct entry *buckets[NBUCKETS];
	struct entry *head, *tail;
};

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h % NBUCKETS;
}

struct web_cache *web_cache_new(size_t max_bytes)
{
	struct web_cache *c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->max_bytes = max_bytes;
	return c;
}

static size_t cost(const struct entry *x)
{
	return x->len + strlen(x->key) + sizeof(*x);
}

static void unlink_lru(struct web_cache *c, struct entry *x)
{
	if (x->prev)
		x->prev->next = x->next;
	else
		c->head = x->next;
	if (x->next)
		x->next->prev = x->prev;
	else
		c->tail = x->prev;
	x->prev = x->next = NULL;
}

static void push_front(struct web_cache *c, struct entry *x)
{
	x->next = c->head;
	if (c->head)
		c->head->prev = x;
	c->head = x;
	if (!c->tail)
		c->tail = x;
}

static void drop(struct web_cache *c, struct entry *x)
{
	struct entry **p = &c->buckets[hash(x->key)];

	while (*p != x)
		p = &(*p)->chain;
	*p = x->chain;
	unlink_lru(c, x);
	c->bytes -= cost(x);
	free(x->key);
	free(x->body);
	free(x);
}

static struct entry *find(struct web_cache *c, const char *key)
{
	for (struct entry *x = c->buckets[hash(key)]; x; x = x->chain)
		if (strcmp(x->key, key) == 0)
			return x;
	return NULL;
}

int web_cache_get(struct web_cache *c, const char *key, struct buf *out, int *status)
{
	struct entry *x;

	pthread_mutex_lock(&c->lock);
	x = find(c, key);
	if (x) {
		unlink_lru(c, x);
		push_front(c, x);
		buf_append(out, x->body, x->len);
		*status = x->status;
	}
	pthread_mutex_unlock(&c->lock);
	return x != NULL;
}

void web_cache_put(struct web_cache *c, const char *key, int status, const char *body, size_t len)
{
	struct entry *x;

	if (len > c->max_bytes / 8)
		return;
	x = xcalloc(1, sizeof(*x));
	x->key = xstrdup(key);
	x->body = xmalloc(len + 1);
	memcpy(x->body, body, len);
	x->len = len;
	x->status = status;
	pthread_mutex_lock(&c->lock);
	if (find(c, key))
		drop(c, find(c, key));
	while (c->tail && c->bytes + cost(x) > c->max_bytes)
		drop(c, c->tail);
	x->chain = c->buckets[hash(key)];
	c->buckets[hash(key)] = x;
	push_front(c, x);
	c->bytes += cost(x);
	pthread_mutex_unlock(&c->lock);
}

void web_cache_clear(struct web_cache *c)
{
	pthread_mutex_lock(&c->lock);
	while (c->tail)
		drop(c, c->tail);
	pthread_mutex_unlock(&c->lock);
}

void web_cache_free(struct web_cache *c)
{
	if (!c)
		return;
	web_cache_clear(c);
	pthread_mutex_destroy(&c->lock);
	free(c);
}
