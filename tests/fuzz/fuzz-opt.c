/* fuzz-opt.c - the option parser (util/opt.h) over a table of every option kind.
 *
 * Input: argv words separated by '\n', then optionally a NUL byte and a .env file whose
 * variables the table's env names pick up (util/config.h). A parse is OK with every
 * value in its range, a help request, or one usage line.
 */
#include "fuzz.h"

#include <math.h>

#include "util/config.h"
#include "util/opt.h"

#define MAX_ARGS 64

static int flag;
static const char *str, *choice;
static int64_t num;
static double dbl;

static const struct opt opts[] = {
        OPT_BOOL_("verbose", &flag, "say more"),
        OPT_STR_("data-dir", &str, "DIR", "data dir", "WOWAH_DATA_DIR"),
        OPT_INT_("port", &num, "N", "port", "WOWAH_PORT", 0, 65535),
        OPT_DBL_("fail-rate", &dbl, "P", "fault rate", "WOWAH_FAIL_RATE", 0, 1),
        OPT_CHOICE_("format", &choice, "table|csv|json", "output format", "WOWAH_FORMAT"),
        OPT_END_,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const uint8_t *nul = memchr(data, '\0', len);
	size_t alen = nul ? (size_t)(nul - data) : len;
	char *words = malloc(alen + 1), *argv[MAX_ARGS + 1];
	struct err e = {0};
	int argc = 0, npos = -1, rc;

	memcpy(words, data, alen);
	words[alen] = '\0';
	argv[argc++] = "fuzz";
	for (char *p = words; p && argc < MAX_ARGS; argc++) {
		argv[argc] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = '\0';
	}
	argv[argc] = NULL;
	rc = cfg_load_dotenv(fuzz_file(nul ? nul + 1 : data, nul ? len - alen - 1 : 0), &e);
	fuzz_check_err(rc, &e);
	flag = 0, str = choice = NULL, num = 0, dbl = 0;
	if (rc == WOWAH_OK)
		rc = opt_parse(opts, argc, argv, &npos, &e);
	if (rc == WOWAH_OK &&
	    (npos < 0 || npos > argc || num < 0 || num > 65535 || !(dbl >= 0 && dbl <= 1)))
		abort();
	if (rc != OPT_HELP_REQUESTED)
		fuzz_check_err(rc, &e);
	cfg_free();
	free(words);
	return 0;
}
