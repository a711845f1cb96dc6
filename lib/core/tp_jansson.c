/*
 * tp_jansson.c: helpers over jansson (tp_jansson.h).
 */
#include <math.h>
#include <string.h>

#include "core/tp_jansson.h"

json_t *
tp_jansson_reals(const double *v, size_t n)
{
	json_t *a = json_array();
	size_t k;

	for (k = 0; a != NULL && k < n; k++)
		if (json_array_append_new(a, json_real(v[k])) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

json_t *
tp_jansson_real_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

long
tp_jansson_get_reals(json_t *a, size_t n, double *out, size_t stride)
{
	json_t *v;
	size_t k;

	if (!json_is_array(a) || json_array_size(a) != n)
		return -1;
	json_array_foreach(a, k, v) {
		if (!json_is_number(v) || !isfinite(json_number_value(v)))
			return (long)k + 1;
		out[k * stride] = json_number_value(v);
	}
	return 0;
}

const char *
tp_jansson_unknown_key(json_t *obj, const char *const *keys, size_t nkeys)
{
	const char *key;
	json_t *v;
	size_t k;

	json_object_foreach(obj, key, v) {
		for (k = 0; k < nkeys; k++)
			if (strcmp(key, keys[k]) == 0)
				break;
		if (k == nkeys)
			return key;
	}
	return NULL;
}
