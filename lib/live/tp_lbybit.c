/*
 * tp_lbybit.c: the bybit venue (tp_live.h).  Being written.
 */
#include "live/tp_live.h"

const struct tp_venue tp_bybit_venue = { "bybit", NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL };
