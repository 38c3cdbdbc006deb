/* internal.h - what the pull's files share: the pull and its jobs, and the functions one
 * file calls in another. Not part of the public surface (pull/pull.h).
 *
 *   pull.c    the pull's life, one run, and its outcome
 *   jobs.c    the job graph: one job per request, queued, streamed, and done
 *   writer.c  the writer thread that turns parsed batches into Parquet
 *   tables.c  the realms, items and pets tables (items and pets grow by new ids)
 *
 * Everything but the writer thread's own work runs on the loop's thread (the caller's);
 * struct pull's comments say what the writer's lock guards.
 */
#ifndef WOWAH_PULL_INTERNAL_H
#define WOWAH_PULL_INTERNAL_H

#include <pthread.h>

#include "batch/batch.h"
#include "bnet/http.h"
#include "bnet/oauth.h"
#include "model/meta.h"
#include "parse/auctions.h"
#include "parse/meta.h"
#include "pull/pull.h"

#define WRITE_QUEUE 3 /* whole batches waiting for the writer: bounds memory */

enum job_kind {
	JOB_INDEX,    /* connected-realm index */
	JOB_REALM,    /* one connected realm's details */
	JOB_AUCTIONS, /* realm, commodities or Classic house auctions */
	JOB_HOUSES,   /* one Classic realm's auction houses */
	JOB_TOKEN,
	JOB_ITEM,
	JOB_PET, /* one battle pet species */
};

struct pull {
	struct pull_config cfg;
	char *region;
	struct buf api_url;
	struct bnet_oauth oauth;
	struct bnet_http *http;
	struct store *store;
	pthread_mutex_t store_lock;

	/* the writer thread; wq and done are guarded by wlock */
	pthread_t writer;
	pthread_mutex_t wlock;
	pthread_cond_t wcond;
	struct job *wq[WRITE_QUEUE];
	size_t wq_head, wq_n;
	struct job *done_head, *done_tail;
	int writing, quit, writer_started;

	/* per run (pull.c; jobs.c sets fatal) */
	const struct pull_what *what;
	struct pull_report *rep;
	int64_t started_ms;
	struct pull_http_counts http_before; /* the engine's counts when the run began */
	int fatal;
	struct err fatal_err;
	/* the run's realms table and items (tables.c; the index job sizes crs and
	 * details_same) */
	struct meta_connected_realm *crs;
	size_t ncrs, capcrs;
	int details_pending, details_failed, details_changed;
	int64_t realms_mtime;  /* when the realms table was last written, 0: never */
	int32_t *details_same; /* realms whose details answered 304 */
	size_t ndetails_same;
	int32_t *item_ids;
	size_t nitem_ids, capitem_ids;
	struct meta_item *items;
	size_t nitems, capitems;
	int items_failed;
	/* the battle pet species the run's retail auctions list, and those fetched */
	int32_t *species_ids;
	size_t nspecies_ids, capspecies_ids;
	struct meta_pet *pets;
	size_t npets, cappets;
};

struct job {
	struct pull *p;
	enum job_kind kind;
	enum batch_kind bkind;
	int32_t id; /* realm, item or battle pet species id */
	int16_t house_id;
	struct buf body;
	struct batch *batch;
	struct parse_auctions *parser;
	/* filled by the writer */
	int64_t fetched_at, snapshot_ts;
	int handed, wrc;
	struct store_result sr;
	struct err werr;
	struct job *next;
};

/* The event kind of each enum batch_kind ("realm", "commodity", "classic"). */
extern const char *const pull_kind_names[];

/* pull.c: hands ev to the caller's on_event. */
void pull_event(struct pull *p, const struct pull_event *ev);

/* jobs.c: queues the request of a job (ims: If-Modified-Since to send, 0 for the
 * catalog's); records a failed unit; frees a job. */
void pull_queue_ims(struct pull *p, enum job_kind kind, enum batch_kind bkind, int32_t id,
                    int16_t house_id, int64_t ims);
void pull_queue(struct pull *p, enum job_kind kind, enum batch_kind bkind, int32_t id,
                int16_t house_id);
void pull_unit_failed(struct pull *p, const struct job *j, const char *why);
/* Ends the run with why: an error that makes the rest of it pointless (refused credentials,
 * a full disk). The first one wins; transfers still queued are cancelled. */
void pull_halt(struct pull *p, const struct err *why);
void pull_job_free(struct job *j);

/* writer.c: the thread's locks (init/release) and the thread (start; release stops it);
 * handing it a parsed auctions job (it frees the job once reported); reporting what it
 * wrote (drain), and waiting until it has written everything (flush). */
void pull_writer_init(struct pull *p);
int pull_writer_start(struct pull *p, struct err *e);
void pull_writer_release(struct pull *p);
void pull_writer_hand(struct pull *p, struct job *j);
void pull_writer_drain(struct pull *p);
void pull_writer_flush(struct pull *p);

/* tables.c: the realms table (its file's time; the details jobs) and the items table
 * (the ids seen; their metadata jobs; fetching and storing the missing ones). */
int64_t pull_realms_mtime(const struct pull *p);
int pull_realm_done(struct job *j, const struct bnet_http_result *r, struct err *e);
void pull_detail_finished(struct pull *p, int ok);
void pull_note_items(struct pull *p, const struct batch *b);
int pull_item_done(struct job *j, struct err *e);
void pull_unique_items(struct pull *p);
void pull_fetch_items(struct pull *p, const int32_t *ids, size_t n, struct err *e);
/* The same for the battle pet species the run's auctions listed (retail's static namespace;
 * no other flavour has battle pets). */
int pull_pet_done(struct job *j, struct err *e);
void pull_fetch_pets(struct pull *p, struct err *e);

#endif
