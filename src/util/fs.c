/* fs.c - crash-safe file helpers. */
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "util/buf.h"

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int fs_mkdirs(const char *path, struct err *e)
{
	char tmp[PATH_MAX];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof(tmp))
		return err_set(e, WOWAH_EIO, "bad directory path '%s'", path);
	memcpy(tmp, path, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return err_errno(e, WOWAH_EIO, errno, "cannot create directory '%s'", tmp);
		*p = '/';
	}
	if (mkdir(tmp, 0755) == 0)
		return WOWAH_OK;
	if (errno != EEXIST)
		return err_errno(e, WOWAH_EIO, errno, "cannot create directory '%s'", tmp);
	if (!is_dir(tmp))
		return err_set(e, WOWAH_EIO, "'%s' exists and is not a directory", tmp);
	return WOWAH_OK;
}

int fs_fsync_path(const char *path, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_errno(e, WOWAH_EIO, errno, "cannot open '%s'", path);
	if (fsync(fd) != 0 && errno != EINVAL) {
		int saved = errno;
		close(fd);
		return err_errno(e, WOWAH_EIO, saved, "cannot fsync '%s'", path);
	}
	close(fd);
	return WOWAH_OK;
}

int fs_fsync_dir_of(const char *path, struct err *e)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	if (n >= sizeof(dir))
		return err_set(e, WOWAH_EIO, "path too long: '%s'", path);
	if (n == 0) {
		strcpy(dir, slash ? "/" : ".");
	} else {
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	return fs_fsync_path(dir, e);
}

int fs_commit(const char *tmp_path, const char *path, struct err *e)
{
	if (rename(tmp_path, path) != 0)
		return err_errno(e, WOWAH_EIO, errno, "cannot rename '%s' to '%s'", tmp_path, path);
	return fs_fsync_dir_of(path, e);
}

int fs_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

char *fs_tmp_path(const char *path)
{
	struct buf tmp = BUF_INIT;

	buf_printf(&tmp, "%s.%ld%s", path, (long)getpid(), FS_TMP_SUFFIX);
	return buf_detach(&tmp, NULL);
}

int fs_write_atomic(const char *path, const void *data, size_t len, int mode, struct err *e)
{
	char *tmp = fs_tmp_path(path);
	int fd, rc;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		rc = err_errno(e, WOWAH_EIO, errno, "cannot create '%s'", tmp);
		free(tmp);
		return rc;
	}
	if (fs_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		rc = err_errno(e, WOWAH_EIO, errno, "cannot write '%s'", tmp);
		close(fd);
		unlink(tmp);
		free(tmp);
		return rc;
	}
	close(fd);
	rc = fs_commit(tmp, path, e);
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

int fs_read_file(const char *path, char **out, size_t *out_len, struct err *e)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_errno(e, errno == ENOENT ? WOWAH_ENOTFOUND : WOWAH_EIO, errno,
		                 "cannot open '%s'", path);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			close(fd);
			buf_release(&b);
			return err_errno(e, WOWAH_EIO, saved, "cannot read '%s'", path);
		}
		buf_append(&b, chunk, (size_t)n);
	}
	close(fd);
	*out = buf_detach(&b, out_len);
	return WOWAH_OK;
}

int fs_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* flock() the lock file PATH (waiting for it when WAIT), emptying its note of an earlier
 * holder. */
static int lock_file(const char *path, int wait, struct err *e)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	int rc;

	if (fd < 0)
		return err_errno(e, WOWAH_EIO, errno, "cannot open lock file '%s'", path), -1;
	while ((rc = flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB)) != 0 && errno == EINTR)
		;
	if (rc != 0) {
		int saved = errno;
		close(fd);
		if (saved == EWOULDBLOCK)
			err_set(e, WOWAH_ELOCKED,
			        "'%s' is locked by another wowah process; stop it or use another "
			        "--data-dir",
			        path);
		else
			err_errno(e, WOWAH_EIO, saved, "cannot lock '%s'", path);
		return -1;
	}
	(void)!ftruncate(fd, 0);
	return fd;
}

int fs_lock(const char *path, struct err *e)
{
	return lock_file(path, 0, e);
}

int fs_lock_wait(const char *path, struct err *e)
{
	return lock_file(path, 1, e);
}

int fs_lock_note(int fd, const char *note)
{
	size_t n = strlen(note);

	if (ftruncate(fd, 0) != 0)
		return -1;
	return pwrite(fd, note, n, 0) == (ssize_t)n ? 0 : -1;
}

char *fs_join(const char *a, const char *b)
{
	struct buf out = BUF_INIT;
	size_t n = strlen(a);

	buf_append(&out, a, n);
	if (n && a[n - 1] != '/')
		buf_putc(&out, '/');
	buf_puts(&out, b[0] == '/' ? b + 1 : b);
	return buf_detach(&out, NULL);
}

char *fs_resolve(const char *path, struct err *e)
{
	char real[PATH_MAX];
	char *dir, *slash, *out;

	if (realpath(path, real))
		return strdup(real);
	if (errno != ENOENT) {
		err_errno(e, WOWAH_EIO, errno, "%s", path);
		return NULL;
	}
	slash = strrchr(path, '/');
	dir = slash ? strndup(path, (size_t)(slash - path) + 1) : strdup(".");
	if (!realpath(dir, real)) {
		err_errno(e, WOWAH_EIO, errno, "the directory of %s", path);
		free(dir);
		return NULL;
	}
	free(dir);
	out = fs_join(real, slash ? slash + 1 : path);
	return out;
}

int fs_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (strncmp(path, dir, n) != 0)
		return 0;
	return path[n] == '\0' || path[n] == '/' || (n == 1 && dir[0] == '/');
}

int fs_crc32_file(const char *path, uint32_t *out_crc, int64_t *out_size, struct err *e)
{
	unsigned char chunk[1 << 16];
	uLong crc = crc32(0, Z_NULL, 0);
	int64_t size = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_errno(e, WOWAH_EIO, errno, "cannot open '%s'", path);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			close(fd);
			return err_errno(e, WOWAH_EIO, saved, "cannot read '%s'", path);
		}
		if (n == 0)
			break;
		crc = crc32(crc, chunk, (uInt)n);
		size += n;
	}
	close(fd);
	*out_crc = (uint32_t)crc;
	*out_size = size;
	return WOWAH_OK;
}

int fs_has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), m = strlen(suffix);
	return n >= m && strcmp(name + n - m, suffix) == 0;
}

int fs_full_errno(int errnum)
{
	return errnum == ENOSPC || errnum == EDQUOT;
}

int fs_err_full(struct err *e, int errnum, const char *path, const char *then)
{
	return err_set(e, WOWAH_ENOSPACE,
	               "the disk is full: cannot write %s (%s); nothing of it was kept: free some "
	               "space%s",
	               path, strerror(errnum), then);
}
