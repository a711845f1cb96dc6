"""split.py: the rows a window trains on, for the check_*.py oracles."""
import numpy as np


def ntrain_of(n, test_size):
    """sklearn's own split, as FreqAI's train_test_split(shuffle=False)."""
    if not test_size:
        return n
    from sklearn.model_selection import train_test_split
    return len(train_test_split(np.arange(n), test_size=test_size,
                                shuffle=False)[0])
