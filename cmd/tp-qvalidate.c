/*
 * tp-qvalidate: score trading signals with a small parameterised circuit,
 * classically simulated, and veto the weak ones; train that circuit; and
 * simulate OpenQASM 2.0 circuits.  See tp-qvalidate(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "quantum/tp_qcuda.h"
#include "quantum/tp_qfilter.h"
#include "quantum/tp_qrun.h"
#include "quantum/tp_qtrain.h"
#include "rec/tp_read.h"
#include "rec/tp_write.h"

static const char usage_text[] =
"usage: tp-qvalidate [--model FILE] [--threshold T] [--annotate-only]\n"
"                    [OPTIONS] [FILE...]\n"
"       tp-qvalidate train --features F1,F2,... --label NAME [--qubits N]\n"
"                    [--layers L] [OPTIONS] [FILE...] > model.json\n"
"       tp-qvalidate run [--probabilities | --statevector | --shots N]\n"
"                    [OPTIONS] [CIRCUIT]\n"
"\n"
"A classical simulation of small quantum circuits used as a learned\n"
"scoring function: no quantum hardware, no claim of quantum advantage.\n"
"\n"
"filter (no command): give each record carrying a signal a qscore in\n"
"[0, 1]; an entry scoring under the threshold loses its signal and gets\n"
"veto \"qvalidate\".  Without --model, signals pass through unscored.\n"
"  -m, --model FILE        the model trained by tp-qvalidate train\n"
"  -t, --threshold T       the lowest qscore kept (default 0.6)\n"
"  -a, --annotate-only     add qscore, veto nothing\n"
"      --veto-exits        veto exits too (default: exits are only scored)\n"
"      --max-qubits N      a larger model passes signals through with a\n"
"                          warning (default 16, at most 28)\n"
"      --gpu               score in batches on the GPU (CUDA); the CPU when\n"
"                          there is none, with a warning\n"
"      --batch N           records a batch with --gpu (default 4096)\n"
"  -k, --skip-bad          warn about and drop bad records\n"
"\n"
"train: fit a model to records, with Adam on parameter-shift gradients\n"
"  -F, --features LIST     the fields the model reads (1 to 16)\n"
"  -l, --label NAME        the field to predict: above 0 is 1; the name\n"
"                          next_return_sign, absent from the records, is\n"
"                          the sign of the next close's change\n"
"  -q, --qubits N          qubits (default: one per feature, 1 to 20)\n"
"  -L, --layers N          rotation layers (default 2)\n"
"  -e, --epochs N          passes over the training rows (default 20)\n"
"  -b, --batch N           rows a step (default 32)\n"
"  -r, --rate R            Adam's step size (default 0.05)\n"
"      --holdout F         the last share of rows held out (default 0.2)\n"
"      --seed S            the seed of the angles and the order (default 1)\n"
"  -o, --output FILE       write the model there (default standard output)\n"
"  -k, --skip-bad          warn about and drop bad records\n"
"\n"
"run: simulate the OpenQASM 2.0 circuit in CIRCUIT (or standard input)\n"
"  -p, --probabilities     each basis state's probability (default)\n"
"  -S, --statevector       each basis state's amplitude (re, im)\n"
"  -n, --shots N           N measurements, counted per outcome\n"
"      --seed S            the generator seed for --shots (default 1)\n"
"  -a, --all               states of probability 0 too\n"
"      --gpu               run the gates on the GPU (CUDA), the CPU when\n"
"                          there is none, with a warning\n"
"\n"
"common options:\n"
"  -f, --format csv|ndjson output format (default: the input's; run: ndjson)\n"
"  -i, --input-format csv|ndjson  input format (default: detected)\n"
"  -h, --help              show this help\n"
"  -V, --version           show the version\n"
"\n"
"exit status: 0 ok, 64 usage, 65 bad input or model, 66 cannot open an\n"
"input, 70 internal error, 74 I/O error; see tp(7).\n";

enum {
	OPT_SEED = 256, OPT_VETO_EXITS, OPT_MAX_QUBITS, OPT_GPU, OPT_BATCH,
	OPT_HOLDOUT
};

#define COMMON_OPTIONS \
	{ "format", required_argument, NULL, 'f' },			\
	{ "help", no_argument, NULL, 'h' },				\
	{ "version", no_argument, NULL, 'V' },				\
	{ NULL, 0, NULL, 0 }

/* Each command its own options, so each refuses the others'. */
static const struct option filter_opts[] = {
	{ "model", required_argument, NULL, 'm' },
	{ "threshold", required_argument, NULL, 't' },
	{ "annotate-only", no_argument, NULL, 'a' },
	{ "veto-exits", no_argument, NULL, OPT_VETO_EXITS },
	{ "max-qubits", required_argument, NULL, OPT_MAX_QUBITS },
	{ "gpu", no_argument, NULL, OPT_GPU },
	{ "batch", required_argument, NULL, 'b' },
	{ "skip-bad", no_argument, NULL, 'k' },
	{ "input-format", required_argument, NULL, 'i' },
	COMMON_OPTIONS
};

static const struct option train_opts[] = {
	{ "features", required_argument, NULL, 'F' },
	{ "label", required_argument, NULL, 'l' },
	{ "qubits", required_argument, NULL, 'q' },
	{ "layers", required_argument, NULL, 'L' },
	{ "epochs", required_argument, NULL, 'e' },
	{ "batch", required_argument, NULL, 'b' },
	{ "rate", required_argument, NULL, 'r' },
	{ "holdout", required_argument, NULL, OPT_HOLDOUT },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "output", required_argument, NULL, 'o' },
	{ "skip-bad", no_argument, NULL, 'k' },
	{ "input-format", required_argument, NULL, 'i' },
	COMMON_OPTIONS
};

static const struct option run_opts[] = {
	{ "probabilities", no_argument, NULL, 'p' },
	{ "statevector", no_argument, NULL, 'S' },
	{ "shots", required_argument, NULL, 'n' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "all", no_argument, NULL, 'a' },
	{ "gpu", no_argument, NULL, OPT_GPU },
	COMMON_OPTIONS
};

enum command { FILTER, TRAIN, RUN };

struct opts {
	enum command cmd;
	/* filter */
	const char *model;
	double threshold;
	int annotate_only, veto_exits, max_qubits, gpu, batch, skip_bad;
	/* train */
	struct tp_qtrain_opts train;
	char *features;
	const char *output;
	/* run */
	struct tp_qrun_opts run;
	enum tp_fmt in_fmt, out_fmt;
};

static int
num(const char *name, double lo, double hi, double *v)
{
	return tp_cli_num_opt(name, optarg, lo, hi, v);
}

static int
whole(const char *name, double lo, double hi, int *out)
{
	double v;
	int rc = tp_cli_num_opt(name, optarg, lo, hi, &v);

	if (rc == TP_EX_OK && v != (double)(int)v)
		return tp_usage_error("--%s: a whole number, not \"%s\"", name,
		    optarg);
	*out = (int)v;
	return rc;
}

static int
option(struct opts *o, int c)
{
	double v;
	int n;

	switch (c) {
	case 'm': o->model = optarg; return TP_EX_OK;
	case 't': return num("threshold", 0, 1, &o->threshold);
	case 'a':	/* run: --all */
		*(o->cmd == RUN ? &o->run.all : &o->annotate_only) = 1;
		return TP_EX_OK;
	case OPT_VETO_EXITS: o->veto_exits = 1; return TP_EX_OK;
	case OPT_MAX_QUBITS:
		return whole("max-qubits", 1, TP_QSIM_MAX_QUBITS,
		    &o->max_qubits);
	case OPT_GPU: o->gpu = 1; return TP_EX_OK;
	case 'b':
		return whole("batch", 1, o->cmd == TRAIN ? 4096 : 1 << 20,
		    o->cmd == TRAIN ? &o->train.batch : &o->batch);
	case 'k': o->skip_bad = o->train.skip_bad = 1; return TP_EX_OK;
	case 'F': o->features = optarg; return TP_EX_OK;
	case 'l': o->train.label = optarg; return TP_EX_OK;
	case 'q': return whole("qubits", 1, 20, &o->train.qubits);
	case 'L':
		return whole("layers", 1, TP_QMODEL_MAX_LAYERS,
		    &o->train.layers);
	case 'e': return whole("epochs", 0, 100000, &o->train.epochs);
	case 'r': return num("rate", 1e-9, 10, &o->train.rate);
	case OPT_HOLDOUT: return num("holdout", 0, 0.9, &o->train.holdout);
	case OPT_SEED:
		n = num("seed", 0, 9007199254740992.0, &v);
		o->train.seed = o->run.seed = (uint64_t)v;
		return n;
	case 'o': o->output = optarg; return TP_EX_OK;
	case 'p': o->run.out = TP_QRUN_PROB; return TP_EX_OK;
	case 'S': o->run.out = TP_QRUN_STATE; return TP_EX_OK;
	case 'n':
		n = whole("shots", 1, 10000000, &c);
		o->run.shots = c;
		o->run.out = TP_QRUN_SHOTS;
		return n;
	case 'f': return tp_cli_format_opt(c, optarg, &o->out_fmt);
	case 'i': return tp_cli_format_opt(c, optarg, &o->in_fmt);
	}
	return TP_EX_OK;
}

/* ---- filter -------------------------------------------------------------- */

static void
gpu_scoring_warning(const struct tp_err *err)
{
	tp_cli_warning(err);
	tp_warn("scoring on the CPU");
}

/* The record loop: one at a time, or read ahead in batches (--gpu). */
static long
filter_loop(const struct opts *o, struct tp_qfilter *f, struct tp_reader *rd,
    struct tp_writer *w, struct tp_err *err)
{
	struct tp_qfilter_batch b = { 0 };
	struct tp_rec rec;
	long skipped = 0;
	int rc, batch = o->gpu && f->m != NULL;

	tp_rec_init(&rec);
	if (batch && tp_qfilter_batch_init(&b, o->batch, f->m->nfeat, 1,
	    gpu_scoring_warning, err) < 0)
		goto out;
	while ((rc = tp_read(rd, &rec, err)) != 0) {
		if (w->fmt == TP_FMT_AUTO)
			w->fmt = tp_reader_format(rd) == TP_FMT_NDJSON ?
			    TP_FMT_NDJSON : TP_FMT_CSV;
		if (rc > 0 && !batch && tp_qfilter_apply(f, &rec, err) == 0) {
			if (tp_write(w, &rec, err) < 0)
				break;
			continue;
		}
		if (rc > 0 && batch && (rc = tp_qfilter_batch_add(f, &b, &rec,
		    err)) >= 0) {
			if (rc > 0 && tp_qfilter_batch_flush(f, &b, w, err) < 0)
				break;
			continue;
		}
		if (!tp_cli_skip(err, o->skip_bad, &skipped))
			break;
	}
	/* the records before a bad one are good */
	if (b.n > 0 && (err->code == 0 || err->code == TP_EX_DATAERR)) {
		struct tp_err later = TP_ERR_INIT;

		tp_qfilter_batch_flush(f, &b, w, err->code ? &later : err);
	}
out:
	tp_qfilter_batch_release(&b);
	tp_rec_release(&rec);
	return skipped;
}

/* The model, or why signals pass through unscored (with a warning). */
static int
load_model(const struct opts *o, struct tp_qmodel *m, int *have)
{
	struct tp_err err = TP_ERR_INIT;

	*have = 0;
	if (o->model == NULL) {
		tp_warn("warning: no --model: signals pass through unscored");
		return TP_EX_OK;
	}
	if (tp_qmodel_load(m, o->model, &err) < 0)
		return tp_cli_fail(&err);
	if (m->nq > o->max_qubits) {
		tp_warn("warning: %s: %d qubits, over --max-qubits %d: signals "
		    "pass through unscored", o->model, m->nq, o->max_qubits);
		return TP_EX_OK;
	}
	*have = 1;
	return TP_EX_OK;
}

static int
filter(const struct opts *o, char **files, int nfiles)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_names names;
	struct tp_qmodel m = { 0 };
	struct tp_qfilter f;
	struct tp_reader rd;
	struct tp_writer w = { 0 };	/* finished even when never started */
	long skipped = 0;
	int rc, have, ids[2];

	if ((rc = load_model(o, &m, &have)) != TP_EX_OK) {
		tp_qmodel_release(&m);
		return rc;
	}
	tp_names_init(&names);
	if (tp_qfilter_init(&f, have ? &m : NULL, o->threshold, &names,
	    &err) == 0 &&
	    tp_reader_init(&rd, &names, files, nfiles, o->in_fmt, &err) == 0) {
		f.annotate_only = o->annotate_only;
		f.veto_exits = o->veto_exits;
		if (tp_writer_init(&w, STDOUT_FILENO, o->out_fmt, &names,
		    &err) == 0) {
			tp_reader_flush_idle(&rd, &w);
			skipped = filter_loop(o, &f, &rd, &w, &err);
			if (err.code == 0 && w.nrec == 0)
				tp_writer_header_of(&w, &rd, ids,
				    tp_qfilter_out_ids(&f, ids, 2), &err);
		}
		tp_reader_release(&rd);
	}
	if (f.unscored > 0)
		tp_warn("warning: %ld signals passed through unscored: a "
		    "feature was missing", f.unscored);
	rc = tp_cli_finish(&w, &err, skipped, TP_EX_OK);
	tp_qfilter_release(&f);
	tp_qmodel_release(&m);
	tp_names_release(&names);
	return rc;
}

/* ---- train --------------------------------------------------------------- */

static int
split_features(struct opts *o)
{
	char *p = o->features, *comma;
	int n = 0;

	if (p == NULL)
		return tp_usage_error("train: --features is required");
	if (o->train.label == NULL)
		return tp_usage_error("train: --label is required");
	for (;;) {
		comma = strchr(p, ',');
		if (comma != NULL)
			*comma = '\0';
		if (*p == '\0')
			return tp_usage_error("--features: an empty name");
		if (n == TP_QMODEL_MAX_FEATURES)
			return tp_usage_error("--features: at most %d",
			    TP_QMODEL_MAX_FEATURES);
		o->train.feature[n++] = p;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	o->train.nfeat = n;
	if (o->train.qubits == 0)
		o->train.qubits = n;
	return TP_EX_OK;
}

static void
report(const struct tp_qmodel_stats *st)
{
	char held[80] = "";

	if (st->holdout_rows > 0)
		snprintf(held, sizeof(held), ", held-out accuracy %.4f (%ld "
		    "rows)", st->holdout_acc, st->holdout_rows);
	tp_warn("trained on %ld rows (%ld labelled 1, %ld skipped): training "
	    "accuracy %.4f, loss %.4f%s", st->train_rows, st->positive,
	    st->skipped, st->train_acc, st->train_loss, held);
}

static int
train(struct opts *o, char **files, int nfiles)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_qmodel_stats st;
	struct tp_names names;
	struct tp_qmodel m = { 0 };
	int rc = split_features(o);

	if (rc != TP_EX_OK)
		return rc;
	o->train.files = files, o->train.nfiles = nfiles;
	o->train.in_fmt = o->in_fmt;
	o->train.progress = isatty(STDERR_FILENO) ? tp_cli_progress : NULL;
	o->train.skipped = tp_cli_skipped;
	tp_names_init(&names);
	rc = tp_qtrain(&o->train, &names, &m, &st, &err);
	tp_cli_progress(NULL);
	if (rc == 0)
		rc = tp_qmodel_save(&m, &st, o->output, &err);
	if (rc == 0)
		report(&st);
	tp_qmodel_release(&m);
	tp_names_release(&names);
	return rc < 0 ? tp_cli_fail(&err) : TP_EX_OK;
}

/* ---- run ----------------------------------------------------------------- */

static void
gpu_warning(const struct tp_err *err)
{
	tp_cli_warning(err);
	tp_warn("running on the CPU");
}

static int
run(struct opts *o, char **files, int nfiles)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_names names;
	struct tp_writer w;
	int rc;

	if (nfiles > 1)
		return tp_usage_error("run: one circuit file at a time");
	if (nfiles == 1)
		o->run.path = files[0];
	o->run.gpu = o->gpu;
	o->run.warn = gpu_warning;
	tp_names_init(&names);
	if (tp_writer_init(&w, STDOUT_FILENO, o->out_fmt == TP_FMT_AUTO ?
	    TP_FMT_NDJSON : o->out_fmt, &names, &err) == 0)
		tp_qrun(&o->run, &w, &names, &err);
	rc = tp_cli_finish(&w, &err, 0, TP_EX_OK);
	tp_names_release(&names);
	return rc;
}

/* ---- main ---------------------------------------------------------------- */

int
main(int argc, char **argv)
{
	static const char *const shortopts[] = {
		[FILTER] = ":m:t:ab:kf:i:hV",
		[TRAIN] = ":F:l:q:L:e:b:r:o:kf:i:hV",
		[RUN] = ":pSn:af:hV"
	};
	static const struct option *const tables[] = {
		[FILTER] = filter_opts, [TRAIN] = train_opts, [RUN] = run_opts
	};
	struct opts o = { .threshold = 0.6, .max_qubits = 16, .batch = 4096,
	    .output = "-", .train = { .layers = 2, .epochs = 20, .batch = 32,
	    .rate = 0.05, .holdout = 0.2, .seed = 1 },
	    .run = { "-", TP_QRUN_PROB, 0, 1, 0, 0, NULL } };
	int c, rc = TP_EX_OK;

	tp_cli_init(argv[0]);
	if (argc > 1 && strcmp(argv[1], "train") == 0)
		o.cmd = TRAIN;
	else if (argc > 1 && strcmp(argv[1], "run") == 0)
		o.cmd = RUN;
	/* options after the command word: skip it */
	optind = o.cmd == FILTER ? 1 : 2;
	opterr = 0;
	while (rc == TP_EX_OK && (c = getopt_long(argc, argv,
	    shortopts[o.cmd], tables[o.cmd], NULL)) != -1) {
		if (c == 'h' || c == 'V' || c == ':' || c == '?') {
			if (tp_cli_common_opt(c, argv, usage_text, &rc))
				return fflush(stdout) == 0 ? TP_EX_OK :
				    TP_EX_IOERR;
			continue;
		}
		rc = option(&o, c);
	}
	if (rc != TP_EX_OK)
		return rc;
	if (o.cmd == TRAIN)
		return train(&o, argv + optind, argc - optind);
	if (o.cmd == RUN)
		return run(&o, argv + optind, argc - optind);
	return filter(&o, argv + optind, argc - optind);
}
