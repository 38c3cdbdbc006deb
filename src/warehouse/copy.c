/* copy.c - a private copy of wowah.duckdb for a long-lived reader (serve).
 *
 * DuckDB lets one process write a database file, and a read-only open holds a shared lock
 * that a load waits for (up to WAREHOUSE_LOCK_WAIT_MS, then gives up). A server that kept
 * the database open would make every hourly load fail; one that opened it per request
 * would hold it most of the time under load. So the server queries a copy: taken while
 * holding the file as a reader (no writer can be in it), which costs a load at most the
 * copy's time, once per change; the identity (inode, size, mtimes) says when to take the
 * next one.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/layout.h"
#include "util/buf.h"
#include "util/fs.h"
#include "warehouse/internal.h"

static int64_t mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static int ident_of(const char *db_path, struct warehouse_ident *out, struct err *e)
{
	struct buf wal = BUF_INIT;
	struct stat st;

	*out = (struct warehouse_ident){0};
	if (stat(db_path, &st) != 0)
		return err_errno(e, errno == ENOENT ? WOWAH_ENOTFOUND : WOWAH_EIO, errno,
		                 "no %s: run 'wowah load' first", db_path);
	out->dev = (int64_t)st.st_dev;
	out->ino = (int64_t)st.st_ino;
	out->size = (int64_t)st.st_size;
	out->mtime_ns = mtime_ns(&st);
	buf_printf(&wal, "%s.wal", db_path);
	if (stat(wal.data, &st) == 0) {
		out->wal_size = (int64_t)st.st_size;
		out->wal_mtime_ns = mtime_ns(&st);
	}
	buf_release(&wal);
	return WOWAH_OK;
}

int warehouse_ident(const char *data_dir, struct warehouse_ident *out, struct err *e)
{
	char *db_path = fs_join(data_dir, MODEL_DB_FILE);
	int rc = ident_of(db_path, out, e);

	free(db_path);
	return rc;
}

/* A full disk says so in the words of every command (util/fs.h); anything else names
 * both files. */
static int write_failed(int errnum, const char *what, const char *src, const char *dst,
                        struct err *e)
{
	if (fs_full_errno(errnum))
		return fs_err_full(e, errnum, dst, "");
	return err_errno(e, WOWAH_EIO, errnum, "%s %s to %s", what, src, dst);
}

/* Copies all of in to out: in the kernel (a reflink where the file system has them), or
 * through a buffer where the kernel will not copy between these two file systems (EXDEV
 * between different kinds since Linux 5.19: a data dir on ext4, $TMPDIR on tmpfs). 0 or
 * the errno of the failure. */
static int copy_fd(int in, int out)
{
	static const size_t chunk = 1 << 20;
	ssize_t n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);
	int failed = 0;
	char *b;

	while (n > 0)
		n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);
	if (n == 0)
		return 0;
	if (errno != EXDEV && errno != ENOSYS && errno != EOPNOTSUPP && errno != EINVAL)
		return errno;
	if (lseek(in, 0, SEEK_SET) < 0 || lseek(out, 0, SEEK_SET) < 0 || ftruncate(out, 0) < 0)
		return errno;
	b = xmalloc(chunk);
	while (!failed && (n = read(in, b, chunk)) > 0)
		failed = fs_write_all(out, b, (size_t)n) ? errno : 0;
	if (n < 0)
		failed = errno;
	free(b);
	return failed;
}

/* Copies src to dst (created, replaced); a missing src with optional is no error. */
static int copy_file(const char *src, const char *dst, int optional, struct err *e)
{
	int in = open(src, O_RDONLY | O_CLOEXEC), out, failed;

	unlink(dst);
	if (in < 0 && optional && errno == ENOENT)
		return WOWAH_OK;
	if (in < 0)
		return err_errno(e, WOWAH_EIO, errno, "cannot read %s", src);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0) {
		close(in);
		return write_failed(errno, "cannot create", src, dst, e);
	}
	failed = copy_fd(in, out);
	/* closing in drops this process's fcntl locks on src: the copy is complete */
	close(in);
	if (close(out) != 0 && !failed)
		failed = errno;
	if (!failed)
		return WOWAH_OK;
	unlink(dst);
	return write_failed(failed, "cannot copy", src, dst, e);
}

int warehouse_copy(const char *data_dir, const char *dest, struct warehouse_ident *out,
                   struct err *e)
{
	char *db_path = fs_join(data_dir, MODEL_DB_FILE);
	struct buf wal = BUF_INIT, dest_wal = BUF_INIT;
	struct duck d;
	int rc = warehouse_reader_open(NULL, db_path, &d, e);

	buf_printf(&wal, "%s.wal", db_path);
	buf_printf(&dest_wal, "%s.wal", dest);
	if (!rc)
		rc = ident_of(db_path, out, e);
	if (!rc)
		rc = copy_file(db_path, dest, 0, e);
	if (!rc)
		rc = copy_file(wal.data, dest_wal.data, 1, e);
	if (rc)
		warehouse_db_remove(dest);
	duck_close(&d);
	buf_release(&wal);
	buf_release(&dest_wal);
	free(db_path);
	return rc;
}

int warehouse_open_copy(const char *path, const char *data_dir, struct duck *d, struct err *e)
{
	char dir[PATH_MAX];

	if (!realpath(data_dir, dir))
		return err_errno(e, WOWAH_EIO, errno, "data dir %s", data_dir);
	return warehouse_reader_open(dir, path, d, e);
}

int warehouse_connect(const struct duck *d, const char *data_dir, struct duck *out, struct err *e)
{
	char dir[PATH_MAX];
	int rc;

	if (!realpath(data_dir, dir))
		return err_errno(e, WOWAH_EIO, errno, "data dir %s", data_dir);
	rc = duck_connect(d->db, out, e);
	if (!rc && (rc = warehouse_session(out, dir, e)) != WOWAH_OK)
		duck_disconnect(out);
	return rc;
}
