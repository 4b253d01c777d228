package io.catstream.nn;

import org.ejml.data.DMatrixRMaj;

/**
 * Every matrix one forward and backward pass needs for a given shape and batch size m, allocated once so
 * that the training loop allocates nothing. Index l runs 1..L as in the article; slot 0 is unused.
 */
public final class Workspace {

    final int m;
    final DMatrixRMaj[] z;
    final DMatrixRMaj[] a;
    final DMatrixRMaj[] dz;
    final DMatrixRMaj[] da;
    final DMatrixRMaj[] dw;
    final DMatrixRMaj[] db;

    public Workspace(NetworkShape shape, int m) {
        int layers = shape.layers();
        this.m = m;
        z = new DMatrixRMaj[layers + 1];
        a = new DMatrixRMaj[layers + 1];
        dz = new DMatrixRMaj[layers + 1];
        da = new DMatrixRMaj[layers + 1];
        dw = new DMatrixRMaj[layers + 1];
        db = new DMatrixRMaj[layers + 1];
        for (int l = 1; l <= layers; l++) {
            z[l] = new DMatrixRMaj(shape.size(l), m);
            a[l] = new DMatrixRMaj(shape.size(l), m);
            dz[l] = new DMatrixRMaj(shape.size(l), m);
            da[l] = new DMatrixRMaj(shape.size(l), m);
            dw[l] = new DMatrixRMaj(shape.size(l), shape.size(l - 1));
            db[l] = new DMatrixRMaj(shape.size(l), 1);
        }
    }

    /** The batch size this workspace was made for. */
    public int batchSize() {
        return m;
    }

    /** {@code A_L}, the sigmoid output of the last forward pass, {@code 1 × m}. */
    public DMatrixRMaj output() {
        return a[a.length - 1];
    }

    /** {@code Z_l} of the last forward pass. */
    public DMatrixRMaj preActivation(int l) {
        return z[l];
    }

    /** {@code dW_l} of the last backward pass. */
    public DMatrixRMaj weightGradient(int l) {
        return dw[l];
    }

    /** {@code db_l} of the last backward pass. */
    public DMatrixRMaj biasGradient(int l) {
        return db[l];
    }
}
