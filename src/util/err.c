/* err.c - error codes and messages. */
#include "util/err.h"

#include <stdio.h>
#include <string.h>

static const char *const names[WOWAH_ERR_LAST] = {
        [WOWAH_OK] = "ok",
        [WOWAH_EUSAGE] = "usage error",
        [WOWAH_ECONFIG] = "configuration error",
        [WOWAH_ENOMEM] = "out of memory",
        [WOWAH_EIO] = "I/O error",
        [WOWAH_EPARSE] = "parse error",
        [WOWAH_EHTTP] = "HTTP error",
        [WOWAH_EAUTH] = "authentication failed",
        [WOWAH_EDB] = "database error",
        [WOWAH_ENOTFOUND] = "not found",
        [WOWAH_ELOCKED] = "locked",
        [WOWAH_ETIMEOUT] = "timed out",
        [WOWAH_EINTERRUPTED] = "interrupted",
        [WOWAH_EPARTIAL] = "partly failed",
        [WOWAH_ENOSPACE] = "disk full",
};

const char *wowah_strerror(int code)
{
	if (code < 0 || code >= WOWAH_ERR_LAST || !names[code])
		return "unknown error";
	return names[code];
}

int err_exit_status(int code)
{
	if (code == WOWAH_OK)
		return 0;
	if (code == WOWAH_EUSAGE || code == WOWAH_ECONFIG)
		return 2;
	return 1;
}

int err_setv(struct err *e, int code, const char *fmt, va_list ap)
{
	if (!e)
		return code;
	e->code = code;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	return code;
}

int err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_setv(e, code, fmt, ap);
	va_end(ap);
	return code;
}

int err_errno(struct err *e, int code, int errno_value, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (!e)
		return code;
	va_start(ap, fmt);
	err_setv(e, code, fmt, ap);
	va_end(ap);
	n = strlen(e->msg);
	snprintf(e->msg + n, sizeof(e->msg) - n, ": %s", strerror(errno_value));
	return code;
}
