#!/usr/bin/python3
"""Trains the golden NumPy reference on X, Y from an .npz and reports its wall time.

Usage: /usr/bin/python3 bench/numpy_train_npz.py DATA.npz --out DIR [--iterations 2500] [--lr 0.0075]
                                                 [--hidden 20,7,5,1] [--seed 1] [--reference DIR]
DATA.npz holds X (n_x, m), Y (1, m) (X_test/Y_test are ignored), float64, as the dataset exporter writes.
Writes DIR/init.npz and DIR/final.npz (W1, b1, ..., costs) plus DIR/timing.json, and prints the BLAS kernel
(threadpoolctl) and "numpy wall seconds: S".
"""
import argparse
import json
import os
import sys
import time


def reference_dir(explicit):
    if explicit:
        return explicit
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.environ.get("CATSTREAM_REFERENCE"),
                      os.path.join(here, "..", "..", "shared", "reference"),
                      "/work/shared/reference"):
        if candidate and os.path.isfile(os.path.join(candidate, "numpy_reference.py")):
            return os.path.abspath(candidate)
    sys.exit("numpy_reference.py not found: pass --reference DIR or set CATSTREAM_REFERENCE")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("data")
    p.add_argument("--out", required=True)
    p.add_argument("--iterations", type=int, default=2500)
    p.add_argument("--lr", type=float, default=0.0075)
    p.add_argument("--hidden", default="20,7,5,1", help="layer sizes after the input (default %(default)s)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--reference", help="folder of numpy_reference.py")
    a = p.parse_args()

    sys.path.insert(0, reference_dir(a.reference))
    import numpy as np
    import numpy_reference as ref

    try:
        from threadpoolctl import threadpool_info
        for info in threadpool_info():
            print("numpy BLAS: %s %s, kernel %s, %s threads (%s)" % (
                info.get("internal_api"), info.get("version"), info.get("architecture"),
                info.get("num_threads"), info.get("filepath")))
    except ImportError:
        print("numpy BLAS: threadpoolctl not installed (apt-get install python3-threadpoolctl)")
    print("environment: OPENBLAS_CORETYPE=%s OPENBLAS_L2_SIZE=%s" % (
        os.environ.get("OPENBLAS_CORETYPE", "<unset>"), os.environ.get("OPENBLAS_L2_SIZE", "<unset>")))

    t_load = time.perf_counter()
    with np.load(a.data) as z:
        X = np.ascontiguousarray(z["X"], dtype=np.float64)
        Y = np.ascontiguousarray(z["Y"], dtype=np.float64)
    load_seconds = time.perf_counter() - t_load
    dims = [X.shape[0]] + [int(d) for d in a.hidden.split(",")]
    print("X %s, Y %s, dims %s, lr %g, iterations %d (load %.1f s)" % (X.shape, Y.shape, dims, a.lr, a.iterations, load_seconds))

    params = ref.init_params(dims, a.seed)
    init = {k: v.copy() for k, v in params.items()}
    t0 = time.perf_counter()
    params, costs = ref.train(X, Y, params, a.lr, a.iterations, print_every=500)
    seconds = time.perf_counter() - t0

    os.makedirs(a.out, exist_ok=True)
    np.savez(os.path.join(a.out, "init.npz"), **init)
    final = dict(params)
    final["costs"] = costs
    np.savez(os.path.join(a.out, "final.npz"), **final)
    with open(os.path.join(a.out, "timing.json"), "w") as f:
        json.dump({"seconds": seconds, "iterations": a.iterations, "dims": dims, "m": int(X.shape[1])}, f)
    print("final cost: %.17g" % costs[-1])
    print("numpy wall seconds: %.3f (%.2f ms/iteration)" % (seconds, 1000 * seconds / max(a.iterations, 1)))


if __name__ == "__main__":
    main()
