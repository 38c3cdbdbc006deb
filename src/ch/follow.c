/* follow.c - the follower thread: wait for a poke (or the retry time), feed, report. */
#include "ch/follow.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "util/buf.h"

struct ch_follow {
	struct ch_feed_opts o;
	int64_t retry_s;
	void (*on_pass)(void *ud, const struct ch_follow_pass *p);
	void *ud;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int poked;
	int64_t caught_up; /* when a pass last left nothing waiting */
	volatile sig_atomic_t stop;
};

static void pass(struct ch_follow *fl)
{
	struct ch_follow_pass p = {0};
	struct err e = {0};

	p.rc = ch_feed(&fl->o, &p.st, &e);
	p.error = p.rc ? e.msg : NULL;
	if (p.rc == WOWAH_OK && p.st.waiting == 0)
		fl->caught_up = (int64_t)time(NULL);
	p.lag_s = (int64_t)time(NULL) - fl->caught_up;
	p.retry_s = p.rc ? fl->retry_s : 0;
	if (fl->on_pass && !(p.rc == WOWAH_EINTERRUPTED && fl->stop))
		fl->on_pass(fl->ud, &p);
	pthread_mutex_lock(&fl->mu);
	/* after a failure, try again in retry_s even if nothing new is stored */
	if (p.rc && !fl->stop) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += fl->retry_s;
		while (!fl->stop && !fl->poked)
			if (pthread_cond_timedwait(&fl->cv, &fl->mu, &until) != 0)
				break;
		fl->poked = 1;
	}
	pthread_mutex_unlock(&fl->mu);
}

static void *run(void *arg)
{
	struct ch_follow *fl = arg;

	for (;;) {
		pthread_mutex_lock(&fl->mu);
		while (!fl->poked && !fl->stop)
			pthread_cond_wait(&fl->cv, &fl->mu);
		fl->poked = 0;
		pthread_mutex_unlock(&fl->mu);
		if (fl->stop)
			return NULL;
		pass(fl);
	}
}

int ch_follow_start(struct ch_follow **out, const struct ch_feed_opts *o, int64_t retry_s,
                    void (*on_pass)(void *ud, const struct ch_follow_pass *p), void *ud,
                    struct err *e)
{
	struct ch_follow *fl = xcalloc(1, sizeof(*fl));

	fl->o = *o;
	fl->o.stop = &fl->stop;
	fl->o.on_progress = NULL;
	fl->retry_s = retry_s > 0 ? retry_s : 30;
	fl->on_pass = on_pass;
	fl->ud = ud;
	fl->poked = 1; /* a first pass at once: what was stored before watch started */
	fl->caught_up = (int64_t)time(NULL);
	pthread_mutex_init(&fl->mu, NULL);
	pthread_cond_init(&fl->cv, NULL);
	if (pthread_create(&fl->thread, NULL, run, fl) != 0) {
		pthread_cond_destroy(&fl->cv);
		pthread_mutex_destroy(&fl->mu);
		free(fl);
		return err_set(e, WOWAH_ENOMEM, "cannot start the ClickHouse feed thread");
	}
	*out = fl;
	return WOWAH_OK;
}

void ch_follow_poke(struct ch_follow *fl)
{
	pthread_mutex_lock(&fl->mu);
	fl->poked = 1;
	pthread_cond_signal(&fl->cv);
	pthread_mutex_unlock(&fl->mu);
}

void ch_follow_stop(struct ch_follow *fl)
{
	if (!fl)
		return;
	pthread_mutex_lock(&fl->mu);
	fl->stop = 1;
	pthread_cond_signal(&fl->cv);
	pthread_mutex_unlock(&fl->mu);
	pthread_join(fl->thread, NULL);
	pthread_cond_destroy(&fl->cv);
	pthread_mutex_destroy(&fl->mu);
	free(fl);
}
