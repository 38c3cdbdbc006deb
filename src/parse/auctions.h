/* auctions.h - streaming parser of auction bodies into row batches.
 *
 * Fed the bytes of a realm, commodities or Classic house body as they arrive (any chunk
 * sizes, no whole-body buffer, no DOM), it appends one row per element of the top-level
 * "auctions" array to a batch (batch/batch.h) and skips every other top-level key.
 *
 * Inside an auction and its item, keys the parser does not know are skipped with their
 * values (the API adds keys over time); known keys must have the documented type and
 * range. A record without id, item.id, quantity or time_left, a time_left that is not
 * one of the four names, a wrong type, a number out of range, a body without an
 * "auctions" array, and malformed or truncated JSON all fail with WOWAH_EPARSE and a
 * message naming the byte offset and auction index: the caller fetches the body again.
 * So does a body past the batch's limits (batch_rows_full, batch_lists_full): memory
 * stays bounded whatever the body holds.
 *
 * After an error the parser refuses further input; the batch then holds the rows parsed
 * before the bad record (the caller clears or discards it).
 */
#ifndef WOWAH_PARSE_AUCTIONS_H
#define WOWAH_PARSE_AUCTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "batch/batch.h"
#include "util/err.h"

struct parse_auctions;

/* A parser appending to out (not owned; it must outlive the parser). out->meta is left
 * alone: the caller says what the body is. Allocation failure aborts (util/buf.h). */
struct parse_auctions *parse_auctions_new(struct batch *out);
void parse_auctions_free(struct parse_auctions *p);

/* Parses the next len bytes of the body. */
int parse_auctions_feed(struct parse_auctions *p, const void *data, size_t len, struct err *e);

/* Ends the body: fails when it is incomplete or had no "auctions" array. */
int parse_auctions_finish(struct parse_auctions *p, struct err *e);

/* Whether the bytes fed so far end right after an element of the "auctions" array, at
 * the top level, with no token left unfinished: then "," and the rest of the array can
 * be parsed on their own, behind a "{\"auctions\":[" of their own (parse/file.c splits
 * a body that way). Tells by feeding "]", so the parser takes no more input after. */
int parse_auctions_between(struct parse_auctions *p);

/* Bytes fed so far. */
uint64_t parse_auctions_offset(const struct parse_auctions *p);

/* One-shot convenience: new + feed + finish + free on a body already in memory. */
int parse_auctions_buffer(struct batch *out, const void *data, size_t len, struct err *e);

#endif
