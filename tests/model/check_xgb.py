#!/usr/bin/python3
"""check_xgb.py DIR: python xgboost loads the models tp saved in DIR
(tests/unit/test_model_xgb.c DIR writes NAME.json and NAME.pred.csv) and
predicts the test rows of tests/fixtures/model/features.csv as tp did, to
1e-6.  Prints one line a model; exits 1 when one differs."""
import os
import sys

import numpy as np
import xgboost as xgb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_xgb  # noqa: E402


def main():
    out = sys.argv[1]
    x, _ = gen_xgb.load()
    test = x[gen_xgb.NTRAIN:]
    bad = 0
    for name in gen_xgb.MODELS:
        bst = xgb.Booster(model_file=os.path.join(out, name + ".json"))
        tp = np.loadtxt(os.path.join(out, name + ".pred.csv"), delimiter=",",
                        ndmin=2)
        p = bst.predict(xgb.DMatrix(test, missing=np.nan))
        p = p.reshape(len(p), -1)
        if name == "bin":
            # tp writes P(class 0) and P(class 1); xgboost gives P(class 1)
            p = np.hstack([1 - p, p])
        d = float(np.max(np.abs(p - tp))) if p.shape == tp.shape else np.inf
        print("%s: %d rows, max diff %g" % (name, len(tp), d))
        if not d <= 1e-6:
            bad = 1
    sys.exit(bad)


if __name__ == "__main__":
    main()
