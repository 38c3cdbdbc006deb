/* fs.h - file system helpers for crash-safe storage.
 *
 * The rule everywhere: a file is written under a temporary name in its final directory,
 * fsynced, renamed into place, and the directory fsynced. A reader therefore sees either
 * no file or a whole one, whatever moment the process was killed at. Temporary names end
 * in FS_TMP_SUFFIX so that a later run can find and remove the leftovers.
 */
#ifndef WOWAH_UTIL_FS_H
#define WOWAH_UTIL_FS_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define FS_TMP_SUFFIX ".tmp"

/* mkdir -p; 0 or an error. */
int fs_mkdirs(const char *path, struct err *e);

/* Whether the name (or path) name ends with suffix (".parquet"). */
int fs_has_suffix(const char *name, const char *suffix);

/* Writes data to path atomically (tmp + fsync + rename + fsync dir), with mode. */
int fs_write_atomic(const char *path, const void *data, size_t len, int mode, struct err *e);

/* "<path>.<pid>.tmp": the temporary name of this process's atomic writes of path (the
 * store's open removes such leftovers); the caller frees it. */
char *fs_tmp_path(const char *path);

/* write() until all of data is written (again after EINTR): 0, or -1 with errno. */
int fs_write_all(int fd, const void *data, size_t len);

/* Renames an already written and fsynced tmp file into place and fsyncs the directory. */
int fs_commit(const char *tmp_path, const char *path, struct err *e);

int fs_fsync_path(const char *path, struct err *e);
int fs_fsync_dir_of(const char *path, struct err *e);

/* Reads a whole file; *out is NUL-terminated and freed by the caller with free(). */
int fs_read_file(const char *path, char **out, size_t *out_len, struct err *e);

int fs_exists(const char *path);

/* Takes an exclusive advisory lock on path (created if needed). Returns the fd to keep
 * open while the lock is wanted, or -1 with WOWAH_ELOCKED when another process holds it. */
int fs_lock(const char *path, struct err *e);
/* fs_lock, waiting for the lock as long as another process holds it. */
int fs_lock_wait(const char *path, struct err *e);
/* Says in the lock file of fd (held) what its holder is doing, for a process that finds it
 * locked (fs_lock empties it); -1 if it cannot be written. */
int fs_lock_note(int fd, const char *note);

/* Size and zlib crc32 of a whole file (what catalog.tsv records of each file). */
int fs_crc32_file(const char *path, uint32_t *out_crc, int64_t *out_size, struct err *e);

/* Joins a and b with one '/', into a fresh string the caller frees. */
char *fs_join(const char *a, const char *b);

/* path made absolute with every symlink and '..' resolved, into a fresh string the caller
 * frees: the file itself when it exists, else its directory (which must exist) joined to
 * its last name. NULL with e set when that cannot be done. */
char *fs_resolve(const char *path, struct err *e);

/* Whether errnum says the disk (or the user's quota) is full. */
int fs_full_errno(int errnum);

/* WOWAH_ENOSPACE with the one line every command gives for a full disk: "the disk is
 * full: cannot write PATH (strerror(errnum)); nothing of it was kept: free some space"
 * followed by then (e.g. " and run again"; "" for nothing). */
int fs_err_full(struct err *e, int errnum, const char *path, const char *then);

/* 1 when path is dir or lies below it (both as fs_resolve() gives them). */
int fs_within(const char *path, const char *dir);

#endif
