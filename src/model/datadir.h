/* datadir.h - whether a path can serve as the data dir of a command, said in one line
 * before anything is opened, created or locked there.
 *
 * What --data-dir names is checked once, by what opens it (store_open, the warehouse),
 * so that a mistyped path, a file, a read-only file system or another user's directory
 * give the same answer in every command (docs/storage.md "The data dir itself").
 */
#ifndef WOWAH_MODEL_DATADIR_H
#define WOWAH_MODEL_DATADIR_H

#include "util/err.h"

enum model_dir_use {
	MODEL_DIR_READ,   /* sql, report: read what is there */
	MODEL_DIR_WRITE,  /* load, fsck: write in a data dir that exists */
	MODEL_DIR_CREATE, /* pull, watch, import: write, making the dir if its parent exists */
};

/* WOWAH_OK, or one line: a path that is no directory, or a missing one whose parent is
 * missing too (a mistyped path is not made), WOWAH_ECONFIG (exit 2); one the user may not
 * use as asked (permissions, naming its owner; a read-only file system) WOWAH_EIO. A
 * missing dir passes for MODEL_DIR_CREATE with its parent there, and for MODEL_DIR_READ
 * and MODEL_DIR_WRITE (their callers say what to run first). */
int model_data_dir_check(const char *dir, enum model_dir_use use, struct err *e);

#endif
