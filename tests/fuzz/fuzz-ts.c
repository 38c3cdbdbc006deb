/* fuzz-ts.c - the time parsers (util/ts.h): RFC 1123 dates as the API sends them in
 * Last-Modified, and ISO 8601 times as users and the catalog write them.
 *
 * Input: byte 0 picks the parser (even: ISO 8601, odd: HTTP), the rest is the text. A time
 * that parses, formatted again, parses to the same second.
 */
#include "fuzz.h"

#include "util/ts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *s, text[TS_HTTP_LEN];
	int64_t t, again = 0;
	int http;

	if (len < 1)
		return 0;
	http = data[0] & 1;
	s = malloc(len);
	memcpy(s, data + 1, len - 1);
	s[len - 1] = '\0';
	if ((http ? ts_parse_http(s, &t) : ts_parse_iso(s, &t)) == 0) {
		if (http)
			ts_format_http(t, text);
		else
			ts_format_iso(t, text);
		if ((http ? ts_parse_http(text, &again) : ts_parse_iso(text, &again)) ||
		    again != t) {
			fprintf(stderr, "fuzz: '%s' is %lld, formatted '%s', read back as %lld\n",
			        s, (long long)t, text, (long long)again);
			abort();
		}
	}
	free(s);
	return 0;
}
