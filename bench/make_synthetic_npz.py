#!/usr/bin/python3
"""Writes a synthetic stand-in for the article's data set: X = randint(0, 256, (n_x, m)) / 255, random 0/1 labels.

Usage: /usr/bin/python3 bench/make_synthetic_npz.py OUT.npz [--n-x 49152] [--m 1322] [--m-test 50] [--seed 2]
Same arrays as the dataset exporter: X (n_x, m), Y (1, m), X_test, Y_test, float64.
"""
import argparse
import os

import numpy as np

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--n-x", type=int, default=49152)
p.add_argument("--m", type=int, default=1322)
p.add_argument("--m-test", type=int, default=50)
p.add_argument("--seed", type=int, default=2)
a = p.parse_args()
rs = np.random.RandomState(a.seed)
arrays = {}
for x, y, m in (("X", "Y", a.m), ("X_test", "Y_test", a.m_test)):
    arrays[x] = rs.randint(0, 256, size=(a.n_x, m)).astype(np.float64) / 255.0
    arrays[y] = rs.randint(0, 2, size=(1, m)).astype(np.float64)
os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
np.savez(a.out, **arrays)
print("wrote %s: X %s, Y %s, X_test %s" % (a.out, arrays["X"].shape, arrays["Y"].shape, arrays["X_test"].shape))
