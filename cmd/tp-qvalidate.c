/*
 * tp-qvalidate: classical simulation of small quantum circuits.  The run
 * command simulates an OpenQASM 2.0 circuit.  See tp-qvalidate(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tp_cli.h"
#include "tp_qrun.h"

static const char usage_text[] =
"usage: tp-qvalidate run [--probabilities | --statevector | --shots N\n"
"                        [--seed S]] [--all] [-f csv|ndjson] [FILE]\n"
"\n"
"  run   simulate the OpenQASM 2.0 circuit in FILE (or standard input)\n"
"        on the CPU: a classical state-vector simulation, no quantum\n"
"        hardware\n"
"\n"
"options:\n"
"  -p, --probabilities     each basis state's probability (default)\n"
"  -S, --statevector       each basis state's amplitude (re, im)\n"
"  -n, --shots N           N measurements, counted per outcome\n"
"      --seed S            the generator seed for --shots (default 1)\n"
"  -a, --all               states of probability 0 too\n"
"  -f, --format csv|ndjson output format (default ndjson)\n"
"  -h, --help              show this help\n"
"  -V, --version           show the version\n"
"\n"
"exit status: 0 ok, 64 usage, 65 bad circuit, 66 cannot open input, 70\n"
"out of memory, 74 I/O error; see tp(7).\n";

enum { OPT_SEED = 256 };

static const struct option longopts[] = {
	{ "probabilities", no_argument, NULL, 'p' },
	{ "statevector", no_argument, NULL, 'S' },
	{ "shots", required_argument, NULL, 'n' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "all", no_argument, NULL, 'a' },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static int
run(const struct tp_qrun_opts *o, enum tp_fmt fmt)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_names names;
	struct tp_writer w;
	int rc;

	tp_names_init(&names);
	if (tp_writer_init(&w, STDOUT_FILENO, fmt == TP_FMT_AUTO ?
	    TP_FMT_NDJSON : fmt, &names, &err) == 0)
		tp_qrun(o, &w, &names, &err);
	rc = tp_cli_finish(&w, &err, 0, TP_EX_OK);
	tp_names_release(&names);
	return rc;
}

int
main(int argc, char **argv)
{
	struct tp_qrun_opts o = { "-", TP_QRUN_PROB, 0, 1, 0 };
	enum tp_fmt fmt = TP_FMT_AUTO;
	double v;
	int c, rc = TP_EX_OK;

	tp_cli_init(argv[0]);
	opterr = 0;
	while (rc == TP_EX_OK && (c = getopt_long(argc, argv, ":pSn:af:hV",
	    longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o.out = TP_QRUN_PROB;
			break;
		case 'S':
			o.out = TP_QRUN_STATE;
			break;
		case 'n':
			rc = tp_cli_num_opt("shots", optarg, 1, 10000000, &v);
			o.shots = (long)v;
			o.out = TP_QRUN_SHOTS;
			if (rc == TP_EX_OK && v != (double)o.shots)
				rc = tp_usage_error("--shots: a whole number, "
				    "not \"%s\"", optarg);
			break;
		case OPT_SEED:
			rc = tp_cli_num_opt("seed", optarg, 0, 9007199254740992.0,
			    &v);
			o.seed = (uint64_t)v;
			break;
		case 'a':
			o.all = 1;
			break;
		case 'f':
			rc = tp_cli_format_opt(c, optarg, &fmt);
			break;
		default:
			if (tp_cli_common_opt(c, argv, usage_text, &rc))
				return fflush(stdout) == 0 ? TP_EX_OK :
				    TP_EX_IOERR;
			break;
		}
	}
	if (rc != TP_EX_OK)
		return rc;
	if (optind >= argc)
		return tp_usage_error("no command given (run)");
	if (strcmp(argv[optind], "run") != 0)
		return tp_usage_error("unknown command \"%s\" (run)",
		    argv[optind]);
	if (argc - optind > 2)
		return tp_usage_error("run: one circuit file at a time");
	if (argc - optind == 2)
		o.path = argv[optind + 1];
	return run(&o, fmt);
}
