/* writer.c - the pull's writer thread: parsed auction batches in, Parquet out.
 *
 * Writing Parquet (DuckDB's zstd, fsyncs) costs as much as parsing, so a whole batch is
 * handed to a writer thread through a short queue and the loop goes back to downloading
 * and parsing: the two overlap on two cores (bench/bench-pull.sh measures it). Written
 * jobs come back on a list that the loop's thread drains, so the report and the caller's
 * callbacks are only ever touched there.
 */
#include "pull/internal.h"

void pull_writer_init(struct pull *p)
{
	pthread_mutex_init(&p->wlock, NULL);
	pthread_cond_init(&p->wcond, NULL);
}

static void *writer_main(void *ud)
{
	struct pull *p = ud;
	struct job *j;

	pthread_mutex_lock(&p->wlock);
	for (;;) {
		while (!p->wq_n && !p->quit)
			pthread_cond_wait(&p->wcond, &p->wlock);
		if (!p->wq_n)
			break;
		j = p->wq[p->wq_head];
		p->wq_head = (p->wq_head + 1) % WRITE_QUEUE;
		p->wq_n--;
		p->writing = 1;
		pthread_cond_broadcast(&p->wcond);
		pthread_mutex_unlock(&p->wlock);

		pthread_mutex_lock(&p->store_lock);
		j->wrc = store_write_auctions(p->store, j->batch, j->fetched_at, &j->sr, &j->werr);
		pthread_mutex_unlock(&p->store_lock);
		batch_free(j->batch);
		j->batch = NULL;

		pthread_mutex_lock(&p->wlock);
		if (p->done_tail)
			p->done_tail->next = j;
		else
			p->done_head = j;
		p->done_tail = j;
		p->writing = 0;
		pthread_cond_broadcast(&p->wcond);
	}
	pthread_mutex_unlock(&p->wlock);
	return NULL;
}

int pull_writer_start(struct pull *p, struct err *e)
{
	if (pthread_create(&p->writer, NULL, writer_main, p) != 0)
		return err_set(e, WOWAH_ENOMEM, "cannot start the writer thread");
	p->writer_started = 1;
	return WOWAH_OK;
}

/* Batches still queued are written first: the thread leaves when the queue is empty. */
void pull_writer_release(struct pull *p)
{
	if (p->writer_started) {
		pthread_mutex_lock(&p->wlock);
		p->quit = 1;
		pthread_cond_broadcast(&p->wcond);
		pthread_mutex_unlock(&p->wlock);
		pthread_join(p->writer, NULL);
	}
	pthread_cond_destroy(&p->wcond);
	pthread_mutex_destroy(&p->wlock);
}

/* Queues a parsed batch for the writer, waiting while the queue is full. */
void pull_writer_hand(struct pull *p, struct job *j)
{
	pthread_mutex_lock(&p->wlock);
	while (p->wq_n == WRITE_QUEUE)
		pthread_cond_wait(&p->wcond, &p->wlock);
	p->wq[(p->wq_head + p->wq_n) % WRITE_QUEUE] = j;
	p->wq_n++;
	pthread_cond_broadcast(&p->wcond);
	pthread_mutex_unlock(&p->wlock);
	pull_writer_drain(p);
}

/* What the writer finished: counters and events, on the loop's thread. */
static void report_written(struct pull *p, struct job *j)
{
	struct pull_event ev = {0};

	if (j->wrc == WOWAH_ENOSPACE) {
		pull_halt(p, &j->werr);
		return;
	}
	if (j->wrc) {
		pull_unit_failed(p, j, j->werr.msg);
		return;
	}
	p->rep->units_done++;
	ev.kind = pull_kind_names[j->bkind];
	ev.realm_id = j->bkind == BATCH_COMMODITY ? 0 : j->id;
	ev.house_id = j->house_id;
	ev.snapshot_ts = j->snapshot_ts;
	if (j->sr.duplicate) {
		p->rep->unchanged++;
		ev.outcome = PULL_UNCHANGED;
	} else {
		p->rep->stored++;
		p->rep->rows += j->sr.rows;
		ev.outcome = PULL_STORED;
		ev.rows = j->sr.rows;
		ev.bytes = j->sr.bytes;
		ev.path = j->sr.path;
	}
	pull_event(p, &ev);
}

void pull_writer_drain(struct pull *p)
{
	struct job *j, *next;

	pthread_mutex_lock(&p->wlock);
	j = p->done_head;
	p->done_head = p->done_tail = NULL;
	pthread_mutex_unlock(&p->wlock);
	for (; j; j = next) {
		next = j->next;
		report_written(p, j);
		pull_job_free(j);
	}
}

/* Waits until every handed batch is written, and reports them. */
void pull_writer_flush(struct pull *p)
{
	pthread_mutex_lock(&p->wlock);
	while (p->wq_n || p->writing)
		pthread_cond_wait(&p->wcond, &p->wlock);
	pthread_mutex_unlock(&p->wlock);
	pull_writer_drain(p);
}
