/* ts.h - UTC timestamps as whole seconds since the Unix epoch, and their text forms.
 *
 * Snapshot times come from HTTP's Last-Modified (RFC 1123, one-second resolution), so a
 * second is the natural unit everywhere: catalog, file names, Parquet, simulator clock.
 */
#ifndef WOWAH_UTIL_TS_H
#define WOWAH_UTIL_TS_H

#include <stdint.h>

#define TS_HTTP_LEN    32 /* "Fri, 27 Nov 2026 20:39:49 GMT" + NUL, with room */
#define TS_ISO_LEN     24 /* "2026-11-27T20:39:49Z" + NUL */
#define TS_DATE_LEN    11 /* "2026-11-27" + NUL */
#define TS_COMPACT_LEN 20 /* "20261127T203949Z" + NUL */

int64_t ts_now(void);
int64_t ts_now_ms(void); /* monotonic milliseconds, for intervals */

void ts_format_http(int64_t t, char out[TS_HTTP_LEN]);
void ts_format_iso(int64_t t, char out[TS_ISO_LEN]);
void ts_format_date(int64_t t, char out[TS_DATE_LEN]);
void ts_format_compact(int64_t t, char out[TS_COMPACT_LEN]);

/* Both parsers read times from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z (what the
 * formatters write back the same): a time outside is refused like malformed text. */

/* An HTTP date in any of the three forms HTTP/1.1 allows (RFC 9110 5.6.7): RFC 1123
 * ("Sun, 06 Nov 1994 08:49:37 GMT"), RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT", a
 * two-digit year read as 1970 to 2069) and asctime ("Sun Nov  6 08:49:37 1994").
 * Returns 0, or -1 when s is none of them. */
int ts_parse_http(const char *s, int64_t *out);

/* ISO 8601 in UTC: "2026-11-27", "2026-11-27T20:39", "2026-11-27T20:39:49",
 * optionally followed by "Z" or an offset "+01:00"; a space may replace the "T".
 * Returns 0, or -1 when s is not one. */
int ts_parse_iso(const char *s, int64_t *out);

#endif
