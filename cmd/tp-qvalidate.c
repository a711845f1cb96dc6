/*
 * tp-qvalidate: score trading signals with a small parameterised circuit,
 * classically simulated, and veto the weak ones; train that circuit; and
 * simulate OpenQASM 2.0 circuits.  See tp-qvalidate(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "quantum/tp_qcuda.h"
#include "quantum/tp_qfilter.h"
#include "quantum/tp_qrun.h"
#include "quantum/tp_qtrain.h"

struct opts {
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


static struct opts o = { .threshold = 0.6, .max_qubits = 16, .batch = 4096,
    .output = "-", .train = { .layers = 2, .epochs = 20, .batch = 32,
    .rate = 0.05, .holdout = 0.2, .seed = 1 },
    .run = { "-", TP_QRUN_PROB, 0, 1, 0, 0, NULL } };

static int
opt_out(const struct tp_opt *opt, const char *arg)
{
	(void)arg;
	o.run.out = opt->key == 'p' ? TP_QRUN_PROB : TP_QRUN_STATE;
	return TP_EX_OK;
}

/* Split in place later (split_features): argv's own text. */
static int
opt_features(const struct tp_opt *opt, const char *arg)
{
	(void)opt;
	o.features = (char *)arg;
	return TP_EX_OK;
}

static int
opt_shots(const struct tp_opt *opt, const char *arg)
{
	int64_t v;
	int rc = tp_cli_whole_opt(opt->name, arg, 1, 10000000, &v);

	if (rc == TP_EX_OK) {
		o.run.shots = (long)v;
		o.run.out = TP_QRUN_SHOTS;
	}
	return rc;
}

static const struct tp_cmd cmds[] = {
	{ .label = "filter", .help =
"filter (no command): give each record carrying a signal a qscore in\n"
"[0, 1]; an entry scoring under the threshold loses its signal and gets\n"
"veto \"qvalidate\".  Without --model, signals pass through unscored." },
	{ .name = "train", .help =
"train: fit a model to records, with Adam on parameter-shift gradients" },
	{ .name = "run", .help =
"run: simulate the OpenQASM 2.0 circuit in CIRCUIT (or standard input)" },
	{ NULL, NULL, NULL }
};

static const struct tp_opt opts[] = {
	{ 'm', "model", "FILE", TP_OPT_STR, &o.model, .cmds = "filter",
	  .help = "the model trained by tp-qvalidate train" },
	{ 't', "threshold", "T", TP_OPT_NUM, &o.threshold, 0, 1,
	  .cmds = "filter", .help = "the lowest qscore kept (default 0.6)" },
	{ 'a', "annotate-only", NULL, TP_OPT_FLAG, &o.annotate_only,
	  .cmds = "filter", .help = "add qscore, veto nothing" },
	{ 0, "veto-exits", NULL, TP_OPT_FLAG, &o.veto_exits, .cmds = "filter",
	  .help = "veto exits too (default: exits are only scored)" },
	{ 0, "max-qubits", "N", TP_OPT_INT, &o.max_qubits, 1,
	  TP_QSIM_MAX_QUBITS, .cmds = "filter",
	  .help = "a larger model passes signals through with a\n"
	  "warning (default 16, at most 28)" },
	{ 0, "gpu", NULL, TP_OPT_FLAG, &o.gpu, .cmds = "filter",
	  .help = "score in batches on the GPU (CUDA); the CPU when\n"
	  "there is none, with a warning" },
	{ 'b', "batch", "N", TP_OPT_INT, &o.batch, 1, 1 << 20,
	  .cmds = "filter", .help = "records a batch with --gpu (default 4096)" },
	{ 'k', "skip-bad", NULL, TP_OPT_FLAG, &o.skip_bad, .cmds = "filter",
	  .help = "warn about and drop bad records" },
	{ 'F', "features", "LIST", TP_OPT_CALL, .call = opt_features,
	  .cmds = "train",
	  .help = "the fields the model reads (1 to 16)" },
	{ 'l', "label", "NAME", TP_OPT_STR, &o.train.label, .cmds = "train",
	  .help = "the field to predict: above 0 is 1; the name\n"
	  "next_return_sign, absent from the records, is\n"
	  "the sign of the next close's change" },
	{ 'q', "qubits", "N", TP_OPT_INT, &o.train.qubits, 1, 20,
	  .cmds = "train",
	  .help = "qubits (default: one per feature, 1 to 20)" },
	{ 'L', "layers", "N", TP_OPT_INT, &o.train.layers, 1,
	  TP_QMODEL_MAX_LAYERS, .cmds = "train",
	  .help = "rotation layers (default 2)" },
	{ 'e', "epochs", "N", TP_OPT_INT, &o.train.epochs, 0, 100000,
	  .cmds = "train", .help = "passes over the training rows (default 20)" },
	{ 'b', "batch", "N", TP_OPT_INT, &o.train.batch, 1, 4096,
	  .cmds = "train", .help = "rows a step (default 32)" },
	{ 'r', "rate", "R", TP_OPT_NUM, &o.train.rate, 1e-9, 10,
	  .cmds = "train", .help = "Adam's step size (default 0.05)" },
	{ 0, "holdout", "F", TP_OPT_NUM, &o.train.holdout, 0, 0.9,
	  .cmds = "train",
	  .help = "the last share of rows held out (default 0.2)" },
	{ 0, "seed", "S", TP_OPT_WHOLE, &o.train.seed, 0, 9007199254740992.0,
	  .cmds = "train",
	  .help = "the seed of the angles and the order (default 1)" },
	{ 'o', "output", "FILE", TP_OPT_STR, &o.output, .cmds = "train",
	  .help = "write the model there (default standard output)" },
	{ 'k', "skip-bad", NULL, TP_OPT_FLAG, &o.train.skip_bad,
	  .cmds = "train", .help = "warn about and drop bad records" },
	{ 'p', "probabilities", NULL, TP_OPT_CALL, .call = opt_out,
	  .cmds = "run", .help = "each basis state's probability (default)" },
	{ 'S', "statevector", NULL, TP_OPT_CALL, .call = opt_out,
	  .cmds = "run", .help = "each basis state's amplitude (re, im)" },
	{ 'n', "shots", "N", TP_OPT_CALL, .call = opt_shots, .cmds = "run",
	  .help = "N measurements, counted per outcome" },
	{ 0, "seed", "S", TP_OPT_WHOLE, &o.run.seed, 0, 9007199254740992.0,
	  .cmds = "run",
	  .help = "the generator seed for --shots (default 1)" },
	{ 'a', "all", NULL, TP_OPT_FLAG, &o.run.all, .cmds = "run",
	  .help = "states of probability 0 too" },
	{ 0, "gpu", NULL, TP_OPT_FLAG, &o.gpu, .cmds = "run",
	  .help = "run the gates on the GPU (CUDA), the CPU when\n"
	  "there is none, with a warning" },
	{ 'f', "format", "csv|ndjson", TP_OPT_FMT, &o.out_fmt,
	  .help = "output format (default: the input's; run: ndjson)" },
	{ 'i', "input-format", "csv|ndjson", TP_OPT_FMT, &o.in_fmt,
	  .cmds = "filter train", .help = "input format (default: detected)" },
	{ .name = NULL }
};

static const struct tp_prog prog = {
	.usage =
"usage: tp-qvalidate [--model FILE] [--threshold T] [--annotate-only]\n"
"                    [OPTIONS] [FILE...]\n"
"       tp-qvalidate train --features F1,F2,... --label NAME [--qubits N]\n"
"                    [--layers L] [OPTIONS] [FILE...] > model.json\n"
"       tp-qvalidate run [--probabilities | --statevector | --shots N]\n"
"                    [OPTIONS] [CIRCUIT]",
	.about =
"A classical simulation of small quantum circuits used as a learned\n"
"scoring function: no quantum hardware, no claim of quantum advantage.",
	.cmds = cmds,
	.opts = opts,
	.col = 26,
	.by_cmd = 1,
	.exit_status =
"exit status: 0 ok, 64 usage, 65 bad input or model, 66 cannot open an\n"
"input, 70 internal error, 74 I/O error; see tp(7).",
};

/* ---- filter -------------------------------------------------------------- */

static void
gpu_scoring_warning(const struct tp_err *err)
{
	tp_cli_warning(err);
	tp_warn("scoring on the CPU");
}

/* What the filter's hooks need: records are scored one at a time, or
 * read ahead in batches (--gpu). */
struct qrun {
	const struct opts *o;
	struct tp_qfilter *qf;
	struct tp_qfilter_batch b;
	int batch;
};

static int
begin(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	struct qrun *x = ctx;

	(void)f;
	if (x->batch && tp_qfilter_batch_init(&x->b, x->o->batch, x->qf->m->nfeat, 1,
	    gpu_scoring_warning, err) < 0)
		return -1;
	return 0;
}

static int
step(void *ctx, struct tp_filter *f, struct tp_rec *rec, struct tp_err *err)
{
	struct qrun *x = ctx;
	struct tp_writer *w;
	int rc;

	if (!x->batch)
		return tp_qfilter_apply(x->qf, rec, err);
	if ((rc = tp_qfilter_batch_add(x->qf, &x->b, rec, err)) < 0)
		return -1;
	if (rc > 0 && ((w = tp_filter_out(f, err)) == NULL ||
	    tp_qfilter_batch_flush(x->qf, &x->b, w, err) < 0))
		return TP_FILTER_STOP;
	return 0;
}

static int
end(void *ctx, struct tp_filter *f, struct tp_err *err)
{
	struct qrun *x = ctx;
	struct tp_err later = TP_ERR_INIT;
	struct tp_err *e = err->code != 0 ? &later : err;
	struct tp_writer *w;
	int ids[2];

	/* the records before a bad one are good */
	if (x->b.n > 0 && (err->code == 0 || err->code == TP_EX_DATAERR) &&
	    (w = tp_filter_out(f, e)) != NULL)
		tp_qfilter_batch_flush(x->qf, &x->b, w, e);
	tp_qfilter_batch_release(&x->b);
	if (err->code == 0 && f->w.nrec == 0)
		tp_filter_header_of(f, ids, tp_qfilter_out_ids(x->qf, ids, 2),
		    err);
	if (x->qf->unscored > 0)
		tp_warn("warning: %ld signals passed through unscored: a "
		    "feature was missing", x->qf->unscored);
	return err->code != 0 ? -1 : 0;
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
	struct tp_qfilter qf;
	struct qrun x = { o, &qf, { 0 }, 0 };
	struct tp_filter f;
	int rc, have;

	if ((rc = load_model(o, &m, &have)) != TP_EX_OK) {
		tp_qmodel_release(&m);
		return rc;
	}
	tp_names_init(&names);
	if (tp_qfilter_init(&qf, have ? &m : NULL, o->threshold, &names,
	    &err) < 0)
		rc = tp_cli_fail(&err);
	else {
		qf.annotate_only = o->annotate_only;
		qf.veto_exits = o->veto_exits;
		x.batch = o->gpu && have;
		tp_filter_init(&f, &names);
		f.files = files, f.nfiles = nfiles;
		f.in_fmt = o->in_fmt, f.out_fmt = o->out_fmt;
		f.skip_bad = o->skip_bad;
		f.pass = !x.batch;
		f.ctx = &x, f.begin = begin, f.step = step, f.end = end;
		rc = tp_cli_filter(&f);
	}
	tp_qfilter_release(&qf);
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
	char **files;
	int cmd, nfiles, rc;

	tp_cli_init(argv[0]);
	rc = tp_cli_parse(&prog, argc, argv, &cmd, &files, &nfiles);
	if (rc != TP_EX_OK)
		return rc == TP_CLI_DONE ? tp_cli_done() : rc;
	if (cmd == 1)
		return train(&o, files, nfiles);
	if (cmd == 2)
		return run(&o, files, nfiles);
	return filter(&o, files, nfiles);
}
