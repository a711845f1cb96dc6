/*
 * test_mmeta.c: a model version's meta.json (model/tp_mmeta.h): written
 * and read back the same, and every way a file can be wrong refused with
 * the key named, never a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/tp_mmeta.h"
#include "tap.h"

static char path[300];

static void
write_text(const char *s)
{
	FILE *f = fopen(path, "w");

	if (f != NULL) {
		fputs(s, f);
		fclose(f);
	}
}

/* Load path; 0, or the error's code with its message checked for want. */
static int
code_of(const char *want)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mmeta m;

	if (tp_mmeta_load(&m, path, &err) == 0) {
		tp_mmeta_release(&m);
		return 0;
	}
	return want == NULL || strstr(err.msg, want) != NULL ? err.code : -1;
}

int
main(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_mmeta m, r;
	char *feat[] = { "rsi_14", "ema_50_4h" };
	double mean[] = { 50, 0.25 }, sd[] = { 10, 1e-3 }, x[] = { 1, 2 },
	    y[] = { 1 };
	char h2[65];
	FILE *f;
	char text[4096];
	size_t n;

	snprintf(path, sizeof(path), "%s/tp-mmeta-%d.json",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	memset(&m, 0, sizeof(m));
	m.format = TP_MMETA_FORMAT;
	m.tp_version = "0.1.0";
	m.kind = "xgboost";
	m.task = TP_TASK_CLASSES;
	m.nclass = 2;
	m.nf = 2;
	m.features = feat;
	m.mean = mean;
	m.sd = sd;
	m.label = TP_MLABEL_BINARY;
	m.horizon = 12;
	m.threshold = 0.005;
	m.from = 1640995200000;
	m.to = 1643587200000;
	m.rows = 720;
	m.ntrain = 576;
	m.score.n = 144;
	m.score.logloss = 0.6931471805599453;
	m.score.accuracy = 0.5138888888888888;
	m.score.auc = 0.5;
	m.trained = 1700000000000;
	tp_mmeta_hash(x, y, 1, 2, m.hash);
	tp_mmeta_hash(x, y, 1, 2, h2);
	tap_ok(strlen(m.hash) == 64 && strcmp(m.hash, h2) == 0,
	    "the data hash: 64 hex digits, the same for the same rows");
	x[1] = 3;
	tp_mmeta_hash(x, y, 1, 2, h2);
	tap_ok(strcmp(m.hash, h2) != 0, "another row, another hash");

	tap_ok(tp_mmeta_save(&m, path, &err) == 0 &&
	    tp_mmeta_load(&r, path, &err) == 0, "written and read");
	tap_ok(r.nf == 2 && strcmp(r.features[1], "ema_50_4h") == 0 &&
	    r.mean[0] == 50 && r.sd[1] == 1e-3 && r.task == TP_TASK_CLASSES &&
	    r.nclass == 2 && r.label == TP_MLABEL_BINARY && r.horizon == 12 &&
	    r.threshold == 0.005 && r.rows == 720 && r.ntrain == 576 &&
	    r.from == m.from && r.to == m.to && strcmp(r.hash, m.hash) == 0 &&
	    strcmp(r.kind, "xgboost") == 0, "every value back, exactly");
	tp_mmeta_release(&r);

	f = fopen(path, "r");
	n = f != NULL ? fread(text, 1, sizeof(text) - 1, f) : 0;
	if (f != NULL)
		fclose(f);
	text[n] = '\0';
	text[n / 2] = '\0';
	write_text(text);
	tap_ok(code_of("meta.json") == TP_EX_DATAERR, "truncated: bad data");
	write_text("\x01\x02garbage");
	tap_ok(code_of(NULL) == TP_EX_DATAERR, "not JSON: bad data");
	write_text("{\"format\": 9}");
	tap_ok(code_of("newer tp") == TP_EX_CONFIG, "a newer format: 78");
	write_text("{\"format\": 1, \"tp_version\": \"0.1.0\", \"kind\": "
	    "\"xgboost\", \"classes\": 2, \"features\": [\"a\"], \"mean\": "
	    "[1, 2], \"sd\": [1]}");
	tap_ok(code_of("\"mean\"") == TP_EX_DATAERR,
	    "a mean a feature, not two: the key named");
	unlink(path);
	return tap_done();
}
