/* test-fs.c - the crash-safety core: atomic writes and commits (a reader in another process
 * sees a whole old or a whole new file, never a mix), no temporary left after a failure,
 * the lock between processes (and its release when the holder dies), mkdirs, read_file,
 * fs_crc32_file and fs_join. Real files in a fresh directory under /tmp per test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "util/buf.h"
#include "util/fs.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/wowah-test-fs.XXXXXX");
	assert_non_null(mkdtemp(dir));
	umask(022);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	(void)state;
	return nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* dir/name, in a static buffer of its own per call site (enough for one test's needs). */
static char *at(const char *name)
{
	static char paths[8][256];
	static int next;
	char *p = paths[next++ % 8];
	snprintf(p, 256, "%s/%s", dir, name);
	return p;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Names in dir ending in FS_TMP_SUFFIX. */
static int tmp_files(const char *d)
{
	DIR *dh = opendir(d);
	struct dirent *de;
	int n = 0;
	size_t sl = strlen(FS_TMP_SUFFIX);

	assert_non_null(dh);
	while ((de = readdir(dh))) {
		size_t l = strlen(de->d_name);
		n += l > sl && strcmp(de->d_name + l - sl, FS_TMP_SUFFIX) == 0;
	}
	closedir(dh);
	return n;
}

static void mkdirs_nested_and_existing(void **state)
{
	struct err e = {0};
	struct stat st;
	(void)state;

	assert_int_equal(fs_mkdirs(at("a/b/c"), &e), 0);
	assert_int_equal(stat(at("a/b/c"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* existing directories are fine, with or without a trailing slash */
	assert_int_equal(fs_mkdirs(at("a/b"), &e), 0);
	assert_int_equal(fs_mkdirs(at("a/b/c/"), &e), 0);
	/* a file in the way is an error naming the path */
	write_file(at("a/file"), "x", 1);
	assert_int_equal(fs_mkdirs(at("a/file/sub"), &e), WOWAH_EIO);
	assert_non_null(strstr(e.msg, "a/file"));
	assert_int_equal(fs_mkdirs(at("a/file"), &e), WOWAH_EIO);
	assert_non_null(strstr(e.msg, "not a directory"));
	assert_int_equal(fs_mkdirs("", &e), WOWAH_EIO);
}

static void write_atomic_replaces_whole(void **state)
{
	struct err e = {0};
	struct stat st;
	char *text;
	size_t len;
	(void)state;

	assert_int_equal(fs_write_atomic(at("f"), "old", 3, 0600, &e), 0);
	assert_int_equal(stat(at("f"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(fs_write_atomic(at("f"), "new\0data", 8, 0644, &e), 0);
	assert_int_equal(fs_read_file(at("f"), &text, &len, &e), 0);
	assert_int_equal(len, 8);
	assert_memory_equal(text, "new\0data", 8);
	free(text);
	assert_int_equal(tmp_files(dir), 0);
}

static void write_atomic_failure_leaves_nothing(void **state)
{
	struct err e = {0};
	struct stat st;
	(void)state;

	/* no such directory: an error, no file */
	assert_int_equal(fs_write_atomic(at("missing/f"), "x", 1, 0644, &e), WOWAH_EIO);
	assert_non_null(strstr(e.msg, "missing/f"));
	assert_false(fs_exists(at("missing")));
	/* the rename fails (a directory is in the way): the temporary is removed, the
	 * directory is untouched */
	assert_int_equal(mkdir(at("d"), 0755), 0);
	write_file(at("d/keep"), "k", 1);
	assert_int_equal(fs_write_atomic(at("d"), "x", 1, 0644, &e), WOWAH_EIO);
	assert_non_null(strstr(e.msg, "cannot rename"));
	assert_int_equal(tmp_files(dir), 0);
	assert_int_equal(stat(at("d/keep"), &st), 0);
}

/* A child replaces the file over and over with one of two contents; the parent reads it
 * meanwhile: every read is one content, whole. */
static void readers_see_old_or_new(void **state)
{
	enum { SIZE = 300000, ROUNDS = 200 };
	char *a = malloc(SIZE), *b = malloc(SIZE), *text;
	struct err e = {0};
	size_t len;
	int status, reads = 0, as = 0, bs = 0;
	pid_t pid;
	(void)state;

	memset(a, 'a', SIZE);
	memset(b, 'b', SIZE);
	assert_int_equal(fs_write_atomic(at("f"), a, SIZE, 0644, &e), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		for (int i = 0; i < ROUNDS; i++)
			if (fs_write_atomic(at("f"), i % 2 ? a : b, SIZE, 0644, &e))
				_exit(1);
		_exit(0);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		assert_int_equal(fs_read_file(at("f"), &text, &len, &e), 0);
		assert_int_equal(len, SIZE);
		assert_true(memcmp(text, a, SIZE) == 0 || memcmp(text, b, SIZE) == 0);
		as += text[0] == 'a';
		bs += text[0] == 'b';
		reads++;
		free(text);
	}
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(reads > 0);
	print_message("# %d reads while the file was replaced %d times (%d old, %d new)\n", reads,
	              ROUNDS, as, bs);
	assert_int_equal(tmp_files(dir), 0);
	free(a);
	free(b);
}

static void commit_renames_into_place(void **state)
{
	struct err e = {0};
	char *text;
	size_t len;
	(void)state;

	write_file(at("x.tmp"), "body", 4);
	write_file(at("x"), "old", 3);
	assert_int_equal(fs_commit(at("x.tmp"), at("x"), &e), 0);
	assert_false(fs_exists(at("x.tmp")));
	assert_int_equal(fs_read_file(at("x"), &text, &len, &e), 0);
	assert_string_equal(text, "body");
	free(text);
	/* nothing to commit: an error, the target stays as it was */
	assert_int_equal(fs_commit(at("x.tmp"), at("x"), &e), WOWAH_EIO);
	assert_non_null(strstr(e.msg, "x.tmp"));
	assert_int_equal(fs_read_file(at("x"), &text, &len, &e), 0);
	assert_string_equal(text, "body");
	free(text);
}

static void fsync_paths(void **state)
{
	struct err e = {0};
	(void)state;

	write_file(at("s"), "s", 1);
	assert_int_equal(fs_fsync_path(at("s"), &e), 0);
	assert_int_equal(fs_fsync_dir_of(at("s"), &e), 0);
	assert_int_equal(fs_fsync_dir_of("no-slash", &e), 0); /* the working directory */
	assert_int_equal(fs_fsync_dir_of("/top", &e), 0);     /* the root */
	assert_int_equal(fs_fsync_path(at("nope"), &e), WOWAH_EIO);
}

static void read_file_whole(void **state)
{
	enum { SIZE = 200001 }; /* more than one read chunk */
	char *big = malloc(SIZE), *text;
	struct err e = {0};
	size_t len = 99;
	(void)state;

	for (int i = 0; i < SIZE; i++)
		big[i] = (char)(i * 7);
	write_file(at("big"), big, SIZE);
	assert_int_equal(fs_read_file(at("big"), &text, &len, &e), 0);
	assert_int_equal(len, SIZE);
	assert_memory_equal(text, big, SIZE);
	assert_int_equal(text[SIZE], '\0'); /* NUL-terminated beyond the data */
	free(text);
	write_file(at("empty"), "", 0);
	assert_int_equal(fs_read_file(at("empty"), &text, &len, &e), 0);
	assert_int_equal(len, 0);
	assert_string_equal(text, "");
	free(text);
	/* missing: not found (callers treat it as "none yet"); a directory: an I/O error */
	assert_int_equal(fs_read_file(at("missing"), &text, &len, &e), WOWAH_ENOTFOUND);
	assert_non_null(strstr(e.msg, "missing"));
	assert_int_equal(fs_read_file(dir, &text, &len, &e), WOWAH_EIO);
	free(big);
}

/* In a child: fs_lock(path); exit 0 if it got the lock, 10 if ELOCKED, 1 otherwise. With
 * hold, keeps it until killed. */
static pid_t lock_in_child(const char *path, int hold)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct err e = {0};
		int fd = fs_lock(path, &e);
		if (fd < 0)
			_exit(e.code == WOWAH_ELOCKED && strstr(e.msg, "locked") ? 10 : 1);
		if (hold) {
			write_file(at("held"), "", 0);
			pause();
		}
		_exit(0);
	}
	return pid;
}

static int child_status(pid_t pid)
{
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

static void lock_between_processes(void **state)
{
	struct err e = {0};
	int fd, again;
	pid_t holder;
	(void)state;

	fd = fs_lock(at("lock"), &e);
	assert_true(fd >= 0);
	/* another process cannot have it, and is told why */
	assert_int_equal(child_status(lock_in_child(at("lock"), 0)), 10);
	/* nor another open of it in this process (flock is per open file) */
	again = fs_lock(at("lock"), &e);
	assert_int_equal(again, -1);
	assert_int_equal(e.code, WOWAH_ELOCKED);
	close(fd);
	/* released: the next process gets it */
	assert_int_equal(child_status(lock_in_child(at("lock"), 0)), 0);

	/* a holder killed with SIGKILL leaves no stale lock behind */
	holder = lock_in_child(at("lock"), 1);
	for (int i = 0; i < 500 && !fs_exists(at("held")); i++)
		usleep(10000);
	assert_true(fs_exists(at("held")));
	assert_int_equal(fs_lock(at("lock"), &e), -1);
	assert_int_equal(e.code, WOWAH_ELOCKED);
	kill(holder, SIGKILL);
	assert_int_equal(child_status(holder), -SIGKILL);
	fd = fs_lock(at("lock"), &e);
	assert_true(fd >= 0);
	close(fd);

	/* a lock file that cannot be created is an I/O error, not "locked" */
	assert_int_equal(fs_lock(at("missing/lock"), &e), -1);
	assert_int_equal(e.code, WOWAH_EIO);
}

static void crc32_of_files(void **state)
{
	enum { SIZE = 150000 };
	unsigned char *big = malloc(SIZE);
	struct err e = {0};
	uint32_t crc = 1;
	int64_t size = -1;
	(void)state;

	write_file(at("check"), "123456789", 9);
	assert_int_equal(fs_crc32_file(at("check"), &crc, &size, &e), 0);
	assert_int_equal(crc, 0xCBF43926u); /* the CRC-32 check value */
	assert_int_equal(size, 9);
	write_file(at("empty"), "", 0);
	assert_int_equal(fs_crc32_file(at("empty"), &crc, &size, &e), 0);
	assert_int_equal(crc, 0);
	assert_int_equal(size, 0);
	/* across read chunks: the same as zlib over the whole buffer */
	for (int i = 0; i < SIZE; i++)
		big[i] = (unsigned char)(i * 13 + 5);
	write_file(at("big"), (const char *)big, SIZE);
	assert_int_equal(fs_crc32_file(at("big"), &crc, &size, &e), 0);
	assert_int_equal(crc, (uint32_t)crc32(crc32(0, Z_NULL, 0), big, SIZE));
	assert_int_equal(size, SIZE);
	assert_int_equal(fs_crc32_file(at("missing"), &crc, &size, &e), WOWAH_EIO);
	assert_non_null(strstr(e.msg, "missing"));
	free(big);
}

static void join_and_exists(void **state)
{
	const char *cases[][3] = {
	        {"a", "b", "a/b"}, {"a/", "b", "a/b"}, {"a", "/b", "a/b"},
	        {"", "b", "b"},    {"/", "b", "/b"},   {"a/b", "c/d", "a/b/c/d"},
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *j = fs_join(cases[i][0], cases[i][1]);
		assert_string_equal(j, cases[i][2]);
		free(j);
	}
	assert_true(fs_exists(dir));
	assert_false(fs_exists(at("nothing")));
}

static void resolve_and_within(void **state)
{
	char *real = realpath(dir, NULL), *r, want[512];
	struct err e = {0};
	(void)state;

	assert_int_equal(mkdir(at("d"), 0755), 0);
	assert_int_equal(mkdir(at("d/sub"), 0755), 0);
	write_file(at("d/f"), "x", 1);
	assert_int_equal(symlink(at("d"), at("link")), 0);
	assert_int_equal(symlink(at("d/f"), at("flink")), 0);
	/* an existing file (through a symlink), a new one through a symlinked dir and '..' */
	const char *cases[][2] = {
	        {"d/f", "d/f"},        {"flink", "d/f"},
	        {"link/new", "d/new"}, {"d/sub/../new", "d/new"},
	        {"link/sub/..", "d"},  {"d/sub/../../d/x", "d/x"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = fs_resolve(at(cases[i][0]), &e);
		snprintf(want, sizeof(want), "%s/%s", real, cases[i][1]);
		assert_non_null(r);
		assert_string_equal(r, want);
		free(r);
	}
	assert_null(fs_resolve(at("none/x"), &e));
	assert_non_null(strstr(e.msg, "none/x"));

	assert_true(fs_within("/a/b", "/a/b"));
	assert_true(fs_within("/a/b/c", "/a/b"));
	assert_true(fs_within("/a/b/c", "/a/b/"));
	assert_true(fs_within("/x", "/"));
	assert_false(fs_within("/a/bc", "/a/b"));
	assert_false(fs_within("/a", "/a/b"));
	free(real);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(mkdirs_nested_and_existing, setup, teardown),
	        cmocka_unit_test_setup_teardown(write_atomic_replaces_whole, setup, teardown),
	        cmocka_unit_test_setup_teardown(write_atomic_failure_leaves_nothing, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(readers_see_old_or_new, setup, teardown),
	        cmocka_unit_test_setup_teardown(commit_renames_into_place, setup, teardown),
	        cmocka_unit_test_setup_teardown(fsync_paths, setup, teardown),
	        cmocka_unit_test_setup_teardown(read_file_whole, setup, teardown),
	        cmocka_unit_test_setup_teardown(lock_between_processes, setup, teardown),
	        cmocka_unit_test_setup_teardown(crc32_of_files, setup, teardown),
	        cmocka_unit_test_setup_teardown(join_and_exists, setup, teardown),
	        cmocka_unit_test_setup_teardown(resolve_and_within, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
