/* fuzz.h - what every libFuzzer target of tests/fuzz/ shares: the entry point's
 * declaration, the check that an error is one line, and a file path for parsers that
 * read files.
 *
 * A failed check calls abort(), which libFuzzer reports as a crash and keeps the input.
 */
#ifndef WOWAH_FUZZ_H
#define WOWAH_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

/* Every failure of a parser of outside input is one clear line: a code, a message, no
 * line break in it. */
static inline void fuzz_check_err(int rc, const struct err *e)
{
	if (rc == WOWAH_OK)
		return;
	if (e->code != rc || e->msg[0] == '\0' || strchr(e->msg, '\n')) {
		fprintf(stderr, "fuzz: bad error (rc %d, code %d): '%s'\n", rc, e->code, e->msg);
		abort();
	}
}

/* A path whose file holds exactly data[0..len): an in-memory file, so a run writes
 * nothing to disk. Valid until the next call. */
static inline const char *fuzz_file(const uint8_t *data, size_t len)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz-input", 0);
		if (fd < 0) {
			perror("fuzz: memfd_create");
			abort();
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || (len && pwrite(fd, data, len, 0) != (ssize_t)len)) {
		perror("fuzz: writing the input file");
		abort();
	}
	return path;
}

#endif
