/*
 * tp_riskrun.h: one run of tp-risk(1): decisions to orders.
 *
 * A run loads the strategy's paper account from the journal (read only)
 * and works each candle it passes on through its own copy of it, exactly
 * as tp-exec will (tp_paper.h), so that an order is sized and checked
 * against the account as that order will find it: after the fills and
 * exits of the candle it was decided on.  For each candle whose signal
 * can act, it writes an order record after the candle, or a reject record
 * with the limit that refused it (tp_risk_check), and applies its orders
 * to its copy as tp-exec will apply them to the real one.
 */
#ifndef TP_RISKRUN_H
#define TP_RISKRUN_H

#include "journal/tp_jpaper.h"
#include "rec/tp_write.h"

struct tp_riskrun {
	struct tp_paper p;
	struct tp_names *names;
	struct tp_writer *w;
	int halted;		/* halt in the journal, or the kill switch */
	char halt_why[256 + sizeof("kill switch: ")];	/* "kill switch: " why */
	int killed;		/* the kill-switch event is out */
	struct tp_position *pos;
	int poscap;
	double limit_offset;	/* entries as limits this far from the close */
	int fresh;		/* a new account: its first run holds back */
	struct tp_paper_holding held;	/* the latest step's candles, while
					 * fresh */
	struct tp_rec out;
	struct tp_buf tmp;
};

/*
 * Start a run of strategy st writing to w: the account from the journal
 * db (NULL, or a file that does not exist yet: a new account); balance >=
 * 0 replaces the account's balance (stateless use).  kill_file as for
 * tp-exec.
 */
int tp_riskrun_open(struct tp_riskrun *r, const struct tp_strategy *st,
    struct tp_names *names, const char *db, const char *kill_file,
    double balance, struct tp_writer *w, struct tp_err *err);

/*
 * Pass rec on, and after a candle with a signal its order or reject.
 * Candles at or before the account's last worked one (an earlier run's
 * window) only pass.  A new account starts at the last candle of its
 * first run: until the end of the input the candles of the latest time
 * step are held, and the earlier ones only pass (indicator warm-up).
 */
int tp_riskrun_rec(struct tp_riskrun *r, const struct tp_rec *rec,
    struct tp_err *err);

/* After the last record: a new account's first candles, worked and
 * decided. */
int tp_riskrun_finish(struct tp_riskrun *r, struct tp_err *err);

void tp_riskrun_release(struct tp_riskrun *r);

/*
 * tp-risk report: st's account (every account when st is NULL) in the
 * journal at path as records to w:
 * one "exposure" per open position, then one "risk": exposure and heat
 * (open risk to the stops) as parts of equity, drawdown, and historical
 * VaR and CVaR at 95% and 99% (tp_risk_var_cvar) of the open book, simulated
 * on the close-to-close returns of the journal's candles of its symbols
 * at every time all of them have one (null when one has none).
 */
int tp_riskrun_report(const struct tp_strategy *st, struct tp_names *names,
    const char *path, struct tp_writer *w, struct tp_err *err);

#endif
