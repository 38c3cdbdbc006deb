/* test-buf.c - byte buffers and JSON string escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static void appends(void **state)
{
	struct buf b = BUF_INIT;
	char *s;
	size_t n;
	(void)state;

	buf_puts(&b, "a");
	buf_printf(&b, "%d-%s", 42, "x");
	buf_put_i64(&b, -9223372036854775807LL - 1);
	buf_putc(&b, '|');
	buf_put_i64(&b, 0);
	assert_string_equal(b.data, "a42-x-9223372036854775808|0");
	s = buf_detach(&b, &n);
	assert_int_equal(n, strlen(s));
	assert_null(b.data);
	free(s);
}

/* buf_printf formats into the spare room first: a text longer than that room, after text
 * already there, must come out whole on the second pass; an empty one must add nothing. */
static void printf_past_spare_room(void **state)
{
	struct buf b = BUF_INIT;
	char want[1000];
	size_t i;
	(void)state;

	buf_puts(&b, "head:");
	for (i = 0; i < 3; i++)
		buf_printf(&b, "%0300d|", (int)i);
	buf_printf(&b, "%s", "");
	memcpy(want, "head:", 5);
	for (i = 0; i < 3; i++)
		snprintf(want + 5 + 301 * i, sizeof(want) - 5 - 301 * i, "%0300d|", (int)i);
	assert_int_equal(b.len, 5 + 3 * 301);
	assert_string_equal(b.data, want);
	buf_release(&b);
}

/* Callers read a detached buffer as a string even when nothing was appended (an empty
 * file read whole). */
static void detach_empty(void **state)
{
	struct buf b = BUF_INIT;
	size_t n = 99;
	char *s;
	(void)state;

	s = buf_detach(&b, &n);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(n, 0);
	free(s);
}

static void json_escapes(void **state)
{
	struct buf b = BUF_INIT;
	const char in[] = "q\"b\\n\n\x01é";
	(void)state;
	buf_put_json_string(&b, in, sizeof(in) - 1);
	assert_string_equal(b.data, "\"q\\\"b\\\\n\\n\\u0001é\"");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(appends),
	        cmocka_unit_test(printf_past_spare_room),
	        cmocka_unit_test(detach_empty),
	        cmocka_unit_test(json_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
