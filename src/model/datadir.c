/* datadir.c - the data dir as a whole (datadir.h). */
#include "model/datadir.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The parent of dir ("." for a plain name), to free. */
static char *parent_of(const char *dir)
{
	size_t n = strlen(dir);
	char *p;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	while (n > 0 && dir[n - 1] != '/')
		n--;
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 0)
		return strdup(".");
	p = strndup(dir, n);
	return p;
}

/* A user's name, or "uid N" (getpwuid's answer is overwritten by its next call). */
static void user_name(uid_t uid, char *out, size_t cap)
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		snprintf(out, cap, "%s", pw->pw_name);
	else
		snprintf(out, cap, "uid %u", (unsigned)uid);
}

static int refused(const char *dir, const struct stat *st, const char *what, int errno_value,
                   struct err *e)
{
	char owner[64], self[64];

	if (errno_value == EROFS)
		return err_errno(e, WOWAH_EIO, errno_value,
		                 "cannot %s the data dir %s (sql and report only read it)", what,
		                 dir);
	user_name(st->st_uid, owner, sizeof(owner));
	user_name(geteuid(), self, sizeof(self));
	return err_errno(e, WOWAH_EIO, errno_value,
	                 "cannot %s the data dir %s (owned by %s, mode %04o; this is %s)", what,
	                 dir, owner, (unsigned)(st->st_mode & 07777), self);
}

int model_data_dir_check(const char *dir, enum model_dir_use use, struct err *e)
{
	struct stat st;
	int rc = WOWAH_OK;

	if (stat(dir, &st) != 0) {
		char *parent;
		if (errno != ENOENT || use != MODEL_DIR_CREATE)
			return errno == ENOENT || errno == ENOTDIR
			               ? WOWAH_OK /* the callers' own words for it */
			               : err_errno(e, WOWAH_EIO, errno, "data dir %s", dir);
		parent = parent_of(dir);
		if (stat(parent, &st) != 0)
			rc = err_set(
			        e, WOWAH_ECONFIG,
			        "data dir %s: its parent %s does not exist; create that first, or "
			        "check --data-dir",
			        dir, parent);
		else if (!S_ISDIR(st.st_mode))
			rc = err_set(e, WOWAH_ECONFIG,
			             "data dir %s: its parent %s is no directory; check --data-dir",
			             dir, parent);
		else if (access(parent, W_OK | X_OK) != 0)
			rc = refused(parent, &st, "make a directory in the parent of", errno, e);
		free(parent);
		return rc;
	}
	if (!S_ISDIR(st.st_mode))
		return err_set(e, WOWAH_ECONFIG,
		               "data dir %s is a file, not a directory; check --data-dir", dir);
	if (access(dir, R_OK | X_OK) != 0)
		return refused(dir, &st, "read", errno, e);
	if (use != MODEL_DIR_READ && access(dir, W_OK) != 0)
		return refused(dir, &st, "write in", errno, e);
	return WOWAH_OK;
}
