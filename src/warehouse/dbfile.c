/* dbfile.c - DATA_DIR/wowah.duckdb as a file: opened past a writer's lock, recognised when
 * it is no DuckDB database at all, moved aside when broken, removed with its WAL.
 *
 * The database is only a cache of the data dir: what cannot be opened is built again by
 * the next load (warehouse.c), never left to fail every command with DuckDB's words.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "warehouse/internal.h"

#define POLL_MS 100

long warehouse_db_locker(const char *path, int read_only)
{
	/* DuckDB locks the whole file with fcntl(): shared for a read-only connection,
	 * exclusive for a writer. F_GETLK names a holder the asked-for lock conflicts with. */
	struct flock fl = {.l_type = read_only ? F_RDLCK : F_WRLCK, .l_whence = SEEK_SET};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long pid = 0;

	if (fd < 0)
		return 0;
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		pid = fl.l_pid;
	close(fd); /* drops this process's fcntl locks on path: callers have it closed */
	return pid;
}

static int locked(const char *path, int read_only, long pid, struct err *e)
{
	if (read_only)
		return err_set(e, WOWAH_ELOCKED,
		               "wowah load is updating %s (process %ld holds it for writing); try "
		               "again in a moment",
		               path, pid);
	return err_set(e, WOWAH_ELOCKED,
	               "%s is in use by process %ld (a wowah sql, report or load); try again "
	               "when it is done",
	               path, pid);
}

int warehouse_db_open(struct duck *d, const char *path, int read_only, struct err *e)
{
	const struct timespec pause = {0, POLL_MS * 1000000L};

	for (int waited = 0;; waited += POLL_MS) {
		int rc = read_only ? duck_open_read_only(d, path, e) : duck_open_serial(d, path, e);
		long pid;

		if (!rc)
			return rc;
		pid = warehouse_db_locker(path, read_only);
		/* a holder that let go between DuckDB's try and ours: try again */
		if (!pid &&
		    !(e && strstr(e->msg, "Could not set lock") && waited < WAREHOUSE_LOCK_WAIT_MS))
			return rc;
		if (pid && waited >= WAREHOUSE_LOCK_WAIT_MS)
			return locked(path, read_only, pid, e);
		nanosleep(&pause, NULL);
	}
}

int warehouse_db_is_duckdb(const char *path)
{
	/* DuckDB's main header starts with an 8-byte checksum and the magic "DUCK". */
	char head[12];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 1; /* unreadable: DuckDB's own open says why */
	n = pread(fd, head, sizeof(head), 0);
	close(fd);
	return n == (ssize_t)sizeof(head) && memcmp(head + 8, "DUCK", 4) == 0;
}

void warehouse_db_remove(const char *path)
{
	struct buf wal = BUF_INIT;

	buf_printf(&wal, "%s.wal", path);
	unlink(path);
	unlink(wal.data);
	buf_release(&wal);
}

int warehouse_db_move_aside(const char *path, struct err *e)
{
	struct buf aside = BUF_INIT, wal = BUF_INIT, aside_wal = BUF_INIT;
	int rc = WOWAH_OK;

	buf_printf(&aside, "%s%s", path, WAREHOUSE_BROKEN_SUFFIX);
	buf_printf(&wal, "%s.wal", path);
	buf_printf(&aside_wal, "%s.wal", aside.data);
	/* An earlier broken file's WAL must not pair up with this one. */
	unlink(aside_wal.data);
	if (rename(path, aside.data) != 0)
		rc = err_errno(e, WOWAH_EIO, errno, "cannot move %s aside to %s", path, aside.data);
	else if (rename(wal.data, aside_wal.data) != 0 && errno != ENOENT)
		rc = err_errno(e, WOWAH_EIO, errno, "cannot move %s aside", wal.data);
	buf_release(&aside);
	buf_release(&wal);
	buf_release(&aside_wal);
	return rc;
}
