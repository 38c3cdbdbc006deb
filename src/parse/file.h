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

#endif
