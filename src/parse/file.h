/* file.h - auction bodies archived on disk, streamed into the auction parser.
 *
 * `wowah import` reads what users saved from the API: plain JSON or gzip (told apart by
 * the magic bytes, not the name), read and inflated in fixed chunks, so memory holds the
 * rows, never the file.
 */
#ifndef WOWAH_PARSE_FILE_H
#define WOWAH_PARSE_FILE_H

#include <stdint.h>

#include "batch/batch.h"
#include "util/err.h"

/* Appends the auctions of the body in path to out (see parse/auctions.h); *out_bytes
 * gets the body's (inflated) size. WOWAH_EIO when the file cannot be read, WOWAH_EPARSE
 * when it is not a valid auction body (or a broken gzip stream). */
int parse_auctions_file(const char *path, struct batch *out, uint64_t *out_bytes, struct err *e);

/* Plain bodies from this size on are parsed on two threads (see file.c): below it the
 * thread costs more than it saves. */
#define PARSE_SPLIT_MIN (4 * 1024 * 1024)

/* parse_auctions_file with another threshold (tests and the fuzz target use 0, to split
 * every plain body, and UINT64_MAX, to split none): same rows, same errors. */
int parse_auctions_file_split(const char *path, uint64_t split_min, struct batch *out,
                              uint64_t *out_bytes, struct err *e);

#endif
