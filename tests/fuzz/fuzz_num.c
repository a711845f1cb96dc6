/*
 * fuzz_num.c: tp_num_parse against strtod, bit for bit.
 *
 * tp_num_parse accepts a strict subset of what strtod reads (tp_num.h); on
 * every text it accepts, the double must equal strtod's correctly rounded
 * answer (glibc's strtod is exact), and a value it calls out of range must
 * be one strtod overflows.  tp_num_format's output must read back to the
 * same double.  Any mismatch aborts.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[512], buf[TP_NUM_BUFSZ];
	double v, ref, back;
	int rc;

	if (size >= sizeof text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	rc = tp_num_parse((const char *)data, size, &v);
	if (rc == TP_NUM_SYNTAX)
		return 0;
	/* Only plain decimal text gets here: strtod reads all of it. */
	if (memchr(text, '\0', size))
		abort();
	ref = strtod(text, NULL);
	if (rc == TP_NUM_RANGE) {
		if (!isinf(ref))
			abort();
		return 0;
	}
	if (memcmp(&v, &ref, sizeof v) != 0)
		abort();
	tp_num_format(v, buf);
	if (tp_num_parse(buf, strlen(buf), &back) != TP_NUM_OK ||
	    memcmp(&v, &back, sizeof v) != 0)
		abort();
	return 0;
}
