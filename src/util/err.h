/* err.h - the one error enum of wowah, and an error value that carries a message.
 *
 * Library code never prints and never exits: it fills a struct err and returns its code.
 * The CLI prints err.msg on one line and maps the code to an exit status
 * (err_exit_status). Codes are append-only: add new ones last, never remove one.
 */
#ifndef WOWAH_UTIL_ERR_H
#define WOWAH_UTIL_ERR_H

#include <stdarg.h>

enum wowah_err {
	WOWAH_OK = 0,       /* 0 */
	WOWAH_EUSAGE,       /* 1: bad option, bad value, unknown command (exit 2) */
	WOWAH_ECONFIG,      /* 2: missing or invalid configuration (exit 2) */
	WOWAH_ENOMEM,       /* 3 */
	WOWAH_EIO,          /* 4: file system */
	WOWAH_EPARSE,       /* 5: malformed input (JSON, dates, ...) */
	WOWAH_EHTTP,        /* 6: transport or unexpected HTTP status */
	WOWAH_EAUTH,        /* 7: credentials refused */
	WOWAH_EDB,          /* 8: DuckDB said no */
	WOWAH_ENOTFOUND,    /* 9 */
	WOWAH_ELOCKED,      /* 10: another process holds the lock */
	WOWAH_ETIMEOUT,     /* 11 */
	WOWAH_EINTERRUPTED, /* 12: stopped by a signal */
	WOWAH_EPARTIAL,     /* 13: some units of work failed, others succeeded */
	WOWAH_ENOSPACE,     /* 14: the disk (or the user's quota) is full */
	WOWAH_ERR_LAST      /* never use! */
};

struct err {
	int code;
	char msg[512];
};

/* Human name of a code ("usage error", "I/O error", ...). */
const char *wowah_strerror(int code);

/* Exit status for a code: 0 for OK, 2 for usage and configuration, 1 otherwise. */
int err_exit_status(int code);

/* Sets e (when not NULL) and returns code, so callers can `return err_set(...)`. */
int err_set(struct err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int err_setv(struct err *e, int code, const char *fmt, va_list ap);

/* Like err_set, appending ": strerror(errno_value)". */
int err_errno(struct err *e, int code, int errno_value, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static inline void err_clear(struct err *e)
{
	if (e) {
		e->code = WOWAH_OK;
		e->msg[0] = '\0';
	}
}

#endif
