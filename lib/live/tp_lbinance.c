/*
 * tp_lbinance.c: the binance venue (tp_live.h).  Being written.
 */
#include "live/tp_live.h"

const struct tp_venue tp_binance_venue = { "binance", NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL };
