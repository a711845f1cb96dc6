/*
 * test_model_mpred.c: a model predicting in a long-running filter
 * (model/tp_mpred.h) notices when it expires: expiry is judged at each
 * batch by the clock, which the test injects (tp-predict's is the wall
 * clock).
 *
 * The version is written by hand: meta.json as tp_mmeta.h describes it,
 * a logistic model of one feature as tp_logit.c's comment shows the file.
 * It was trained at T0 and expires one hour later (expiration_hours 1):
 * T0 + 3,600,000 ms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/tp_mpred.h"
#include "rec/tp_names.h"
#include "rec/tp_rec.h"
#include "tap.h"

#define T0 1735689600000LL	/* 2025-01-01 00:00 UTC */
#define HOUR 3600000LL

static char top[256], dir[300];
static int64_t fake_now;

static int64_t
fake_clock(void)
{
	return fake_now;
}

static void
spit(const char *name, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if ((f = fopen(p, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/* v000001: a binary model of feature x, its window ending an hour
 * before T0, trained at T0. */
static void
write_version(void)
{
	char meta[1024];

	snprintf(dir, sizeof(dir), "%s/models", top);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/models/v000001", top);
	mkdir(dir, 0755);
	snprintf(meta, sizeof(meta), "{\"format\": 1, \"tp_version\": \"0\", "
	    "\"kind\": \"logistic\", \"classes\": 2, \"features\": [\"x\"], "
	    "\"mean\": [0], \"sd\": [1], \"label\": \"binary\", "
	    "\"horizon\": 1, \"threshold\": 0, \"from\": %lld, \"to\": %lld, "
	    "\"rows\": 10, \"train_rows\": 10, \"data_hash\": \"%064d\", "
	    "\"held_out\": {\"rows\": 0}, \"trained\": %lld}\n",
	    T0 - 10 * HOUR, T0 - HOUR, 0, T0);
	spit("meta.json", meta);
	spit("model.json", "{\"kind\": \"logistic\", \"version\": 1, "
	    "\"nclass\": 2, \"nf\": 1, \"C\": 1, \"coefficients\": [[1]], "
	    "\"intercepts\": [0]}\n");
	snprintf(dir, sizeof(dir), "%s/models", top);
}

/* Push a candle of time t through p's batch, flushed (the input paused);
 * its do_predict, or -1. */
static int
one(struct tp_mpred *p, struct tp_names *names, int64_t t)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_recb b;
	struct tp_rec rec, *out;
	int id = tp_names_intern(names, TP_LIT("do_predict")), i, v = -1;

	tp_rec_init(&rec);
	tp_recb_begin(&b, names, &rec, "candle", t, "s");
	tp_recb_num(&b, "x", 0.5);
	if (b.rc == 0 && tp_mpred_push(p, &rec, &err) == 0 &&
	    tp_mpred_flush(p, &err) == 0 && (out = tp_mpred_pop(p)) != NULL &&
	    (i = tp_rec_find(out, id, -1)) >= 0)
		v = out->f[i].n == 1 ? out->f[i].p[0] - '0' : -1;
	tp_rec_release(&rec);
	return v;
}

int
main(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_names names;
	struct tp_mpred p;
	char *features[] = { "x" };
	struct tp_mspec spec;
	char cmd[512];

	snprintf(top, sizeof(top), "%s/tp-mpred-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(top) == NULL)
		return 1;
	write_version();
	memset(&spec, 0, sizeof(spec));
	spec.name = "pred";
	spec.kind = "logistic";
	spec.features = features;
	spec.nfeatures = 1;
	spec.label_kind = TP_LABEL_BINARY;
	spec.horizon = 1;
	spec.expiration_hours = 1;
	tp_names_init(&names);

	tap_ok(tp_mpred_load(&p, &spec, &names, dir, T0 + 1000, &err) == 0 &&
	    !p.expired, "loaded a second after training: not expired (%s)",
	    err.msg);
	p.clock = fake_clock;
	fake_now = T0 + HOUR / 2;
	tap_ok(one(&p, &names, T0) == 1, "half an hour on: do_predict 1");
	fake_now = T0 + HOUR;
	tap_ok(one(&p, &names, T0 + HOUR) == 1 && !p.expired,
	    "an hour on to the ms: not older than it, do_predict 1");
	fake_now = T0 + HOUR + 1;
	tap_ok(one(&p, &names, T0 + 2 * HOUR) == 0 && p.expired,
	    "a ms later, the next batch: expired, do_predict 0");
	fake_now = T0;
	tap_ok(one(&p, &names, T0 + 3 * HOUR) == 0 && p.expired,
	    "once expired, it stays so (a clock set back)");
	tp_mpred_release(&p);

	/* never, without expiration_hours */
	spec.expiration_hours = 0;
	err = (struct tp_err)TP_ERR_INIT;
	tap_ok(tp_mpred_load(&p, &spec, &names, dir, T0, &err) == 0,
	    "loaded again");
	p.clock = fake_clock;
	fake_now = T0 + 1000 * HOUR;
	tap_ok(one(&p, &names, T0) == 1 && !p.expired, "no "
	    "expiration_hours: never expired");
	tp_mpred_release(&p);
	tp_names_release(&names);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
