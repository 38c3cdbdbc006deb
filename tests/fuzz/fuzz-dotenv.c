/* fuzz-dotenv.c - the .env reader (util/config.h) on the input as a file.
 *
 * A load either fails with one line or leaves every KEY of a KEY=VALUE line answerable:
 * cfg_get() of each key the file sets is NULL (an empty value) or a string no longer
 * than the file, never bytes past it.
 */
#include "fuzz.h"

#include "util/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct err e = {0};
	int rc = cfg_load_dotenv(fuzz_file(data, len), &e);

	fuzz_check_err(rc, &e);
	if (rc == WOWAH_OK) {
		/* look every line's would-be key up: reads each stored value to its end */
		char key[128];
		for (size_t i = 0; i < len;) {
			size_t n = 0;
			while (i < len && data[i] != '=' && data[i] != '\n' && n + 1 < sizeof(key))
				key[n++] = data[i] == '\0' ? ' ' : (char)data[i], i++;
			key[n] = '\0';
			const char *v = getenv(key) ? NULL : cfg_get(key); /* .env values only */
			if (v && strlen(v) > len)
				abort();
			while (i < len && data[i] != '\n')
				i++;
			i++;
		}
	}
	cfg_free();
	return 0;
}
