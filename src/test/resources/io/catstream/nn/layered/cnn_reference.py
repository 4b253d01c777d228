"""An independent NumPy implementation of catstream's layered networks (the oracle of LayeredNetworkNumpyTest).

Convolutions are sums of nine shifted einsums over a zero-padded input (no im2col), pooling is an explicit loop
over windows, global average pooling is NumPy's mean over the rows and columns, the cost is the article's formula
on probabilities. Reads IN.npz with X (count x H*W*C, each row
in H, W, C order), Y (count) and W1, b1, W2, b2, ... (shapes as catstream's ParamSpec), and for each dropout layer
at position n (0-based, e.g. drop50) its training masks Mn (count x values, each 0 or 1/(1-p), drawn by the Java
side); writes OUT.npz with the probabilities p (scoring: dropout passes values through), the mean cross-entropy
cost and dW1, db1, ... (training: values times the masks; mean over the batch).

Batch normalisation (convbnN, densebnN: the linear part without bias, then x_hat = (z - mu) / sqrt(var + eps),
gamma * x_hat + beta with beta = bK, then ReLU) couples the examples of a batch, so such networks run the whole
batch layer by layer (batch_network): training uses NumPy's mean and var over (examples, rows, columns) and the
backward pass of the staged computational graph (d x_hat, then d var, then d mu, then dz; not the one-line
formula the Java side uses); scoring uses the running statistics meanK, varK. IN.npz then also holds gammaK,
meanK, varK, and OUT.npz the gradients of all of them (0 for the running statistics) and the running statistics
after the batch, newmeanK and newvarK (momentum 0.9).

usage: cnn_reference.py IN.npz OUT.npz H W C LAYERS   (LAYERS like conv3,pool,conv4,gap,dense5,dense1)
"""
import sys

import numpy as np


def conv_forward(x, w, b):
    h, wd, c = x.shape
    k = w.reshape(w.shape[0], 3, 3, c)
    xp = np.pad(x, ((1, 1), (1, 1), (0, 0)))
    z = np.zeros((h, wd, w.shape[0]))
    for ky in range(3):
        for kx in range(3):
            z += np.einsum('hwc,fc->hwf', xp[ky:ky + h, kx:kx + wd, :], k[:, ky, kx, :])
    return z + b.reshape(-1), xp


def conv_backward(dz, xp, w):
    h, wd, f = dz.shape
    c = xp.shape[2]
    k = w.reshape(f, 3, 3, c)
    dk = np.zeros_like(k)
    dxp = np.zeros_like(xp)
    for ky in range(3):
        for kx in range(3):
            window = xp[ky:ky + h, kx:kx + wd, :]
            dk[:, ky, kx, :] = np.einsum('hwf,hwc->fc', dz, window)
            dxp[ky:ky + h, kx:kx + wd, :] += np.einsum('hwf,fc->hwc', dz, k[:, ky, kx, :])
    return dk.reshape(f, -1), dz.sum(axis=(0, 1)).reshape(-1, 1), dxp[1:-1, 1:-1, :]


def pool_forward(x):
    h, wd, c = x.shape
    out = np.zeros((h // 2, wd // 2, c))
    where = np.zeros((h // 2, wd // 2, c, 2), dtype=int)
    for i in range(h // 2):
        for j in range(wd // 2):
            for ch in range(c):
                # window order: top left, top right, bottom left, bottom right; argmax takes the first maximum
                window = [x[2 * i, 2 * j, ch], x[2 * i, 2 * j + 1, ch], x[2 * i + 1, 2 * j, ch], x[2 * i + 1, 2 * j + 1, ch]]
                n = int(np.argmax(window))
                out[i, j, ch] = window[n]
                where[i, j, ch] = (2 * i + n // 2, 2 * j + n % 2)
    return out, where


def pool_backward(dout, where, shape):
    dx = np.zeros(shape)
    for i in range(dout.shape[0]):
        for j in range(dout.shape[1]):
            for ch in range(dout.shape[2]):
                y, x = where[i, j, ch]
                dx[y, x, ch] += dout[i, j, ch]
    return dx


def example(x, y, layers, params, grads, masks):
    """One example forward and backward; adds its gradients to grads; returns (p, cost). masks: position -> mask
    of a dropout layer, or None to score (dropout is the identity)."""
    caches = []
    a = x
    k = 0
    for n, layer in enumerate(layers):
        if layer == 'pool':
            out, where = pool_forward(a)
            caches.append(('pool', where, a.shape))
            a = out
            continue
        if layer == 'gap':
            caches.append(('gap', a.shape))
            a = a.mean(axis=(0, 1)).reshape(1, 1, -1)
            continue
        if layer.startswith('drop'):
            mask = np.ones(a.shape) if masks is None else masks[n].reshape(a.shape)
            caches.append(('drop', mask))
            a = a * mask
            continue
        k += 1
        w, b = params['W%d' % k], params['b%d' % k]
        if layer.startswith('conv'):
            z, xp = conv_forward(a, w, b)
            caches.append(('conv', k, xp, z))
            a = np.maximum(z, 0)
        else:
            flat = a.reshape(-1)
            z = w @ flat + b.reshape(-1)
            caches.append(('dense', k, flat, a.shape, z))
            a = np.maximum(z, 0) if n < len(layers) - 1 else 1 / (1 + np.exp(-z))
    p = float(a[0])
    cost = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    da = np.array([-(y / p - (1 - y) / (1 - p))])
    for n in range(len(layers) - 1, -1, -1):
        cache = caches[n]
        if cache[0] == 'pool':
            da = pool_backward(da, cache[1], cache[2])
        elif cache[0] == 'drop':
            da = da * cache[1]
        elif cache[0] == 'gap':
            h, wd, c = cache[1]
            da = np.broadcast_to(da.reshape(1, 1, c) / (h * wd), (h, wd, c)).copy()
        elif cache[0] == 'conv':
            _, k, xp, z = cache
            dk, db, da = conv_backward(da * (z > 0), xp, params['W%d' % k])
            grads['W%d' % k] += dk
            grads['b%d' % k] += db
        else:
            _, k, flat, shape, z = cache
            if n == len(layers) - 1:
                s = 1 / (1 + np.exp(-z))
                dz = da * s * (1 - s)
            else:
                dz = da.reshape(-1) * (z > 0)
            grads['W%d' % k] += np.outer(dz, flat)
            grads['b%d' % k] += dz.reshape(-1, 1)
            da = (params['W%d' % k].T @ dz).reshape(shape)
    return p, cost


EPS = 1e-5
MOMENTUM = 0.9


def batch_network(xs, ys, layers, params, masks, training):
    """The whole batch (xs: list of H x W x C arrays) layer by layer. Returns (p, cost, grads, batch statistics
    {k: (mu, var)}); training: dropout masks and batch statistics, else no dropout and the running statistics."""
    m = len(xs)
    a = list(xs)
    caches = []
    stats = {}
    k = 0
    for n, layer in enumerate(layers):
        if layer == 'pool':
            outs = [pool_forward(ai) for ai in a]
            caches.append(('pool', [o[1] for o in outs], a[0].shape))
            a = [o[0] for o in outs]
            continue
        if layer == 'gap':
            caches.append(('gap', a[0].shape))
            a = [ai.mean(axis=(0, 1)).reshape(1, 1, -1) for ai in a]
            continue
        if layer.startswith('drop'):
            ms = [masks[n][i].reshape(a[i].shape) if training else np.ones(a[i].shape) for i in range(m)]
            caches.append(('drop', ms))
            a = [a[i] * ms[i] for i in range(m)]
            continue
        k += 1
        w, b = params['W%d' % k], params['b%d' % k]
        bn = 'bn' in layer
        bias = np.zeros_like(b) if bn else b
        if layer.startswith('conv'):
            zs, xps = zip(*[conv_forward(ai, w, bias) for ai in a])
            lin = ('conv', k, list(xps), a[0].shape)
        else:
            flats = [ai.reshape(-1) for ai in a]
            zs = [(w @ f + bias.reshape(-1)).reshape(1, 1, -1) for f in flats]
            lin = ('dense', k, flats, a[0].shape)
        z = np.stack(zs)
        if bn:
            if training:
                mu, var = z.mean(axis=(0, 1, 2)), z.var(axis=(0, 1, 2))
                stats[k] = (mu, var)
            else:
                mu, var = params['mean%d' % k].reshape(-1), params['var%d' % k].reshape(-1)
            xhat = (z - mu) / np.sqrt(var + EPS)
            y = params['gamma%d' % k].reshape(-1) * xhat + b.reshape(-1)
            caches.append(('bn', lin, z, mu, var, xhat, y))
            out = np.maximum(y, 0)
        else:
            caches.append(('plain', lin, z))
            out = np.maximum(z, 0) if n < len(layers) - 1 else 1 / (1 + np.exp(-z))
        a = list(out)
    p = np.array([float(ai.reshape(-1)[0]) for ai in a])
    cost = float(np.mean(-(ys * np.log(p) + (1 - ys) * np.log(1 - p))))
    grads = {name: np.zeros_like(v) for name, v in params.items()}
    # d mean cost / d p, then through the sigmoid
    da = [np.array(-(ys[i] / p[i] - (1 - ys[i]) / (1 - p[i])) / m * p[i] * (1 - p[i])).reshape(1, 1, 1) for i in range(m)]
    for n in range(len(layers) - 1, -1, -1):
        cache = caches[n]
        if cache[0] == 'pool':
            da = [pool_backward(da[i], cache[1][i], cache[2]) for i in range(m)]
            continue
        if cache[0] == 'gap':
            h, wd, c = cache[1]
            da = [np.broadcast_to(d.reshape(1, 1, c) / (h * wd), (h, wd, c)).copy() for d in da]
            continue
        if cache[0] == 'drop':
            da = [da[i] * cache[1][i] for i in range(m)]
            continue
        if cache[0] == 'bn':
            lin, z, mu, var, xhat, y = cache[1:]
            k = lin[1]
            dy = np.stack(da) * (y > 0)
            count = z.shape[0] * z.shape[1] * z.shape[2]
            grads['gamma%d' % k] += (dy * xhat).sum(axis=(0, 1, 2)).reshape(-1, 1)
            grads['b%d' % k] += dy.sum(axis=(0, 1, 2)).reshape(-1, 1)
            dxhat = dy * params['gamma%d' % k].reshape(-1)
            dvar = (dxhat * (z - mu)).sum(axis=(0, 1, 2)) * -0.5 * (var + EPS) ** -1.5
            dmu = (-dxhat / np.sqrt(var + EPS)).sum(axis=(0, 1, 2)) + dvar * (-2 * (z - mu)).mean(axis=(0, 1, 2))
            dz = dxhat / np.sqrt(var + EPS) + dvar * 2 * (z - mu) / count + dmu / count
        else:
            lin, z = cache[1], cache[2]
            k = lin[1]
            dz = np.stack(da) if n == len(layers) - 1 else np.stack(da) * (z > 0)
            grads['b%d' % k] += dz.sum(axis=(0, 1, 2)).reshape(-1, 1)
        if lin[0] == 'conv':
            da = []
            for i in range(m):
                dk, _, dx = conv_backward(dz[i], lin[2][i], params['W%d' % k])
                grads['W%d' % k] += dk
                da.append(dx)
        else:
            flats, shape = lin[2], lin[3]
            da = []
            for i in range(m):
                grads['W%d' % k] += np.outer(dz[i].reshape(-1), flats[i])
                da.append((params['W%d' % k].T @ dz[i].reshape(-1)).reshape(shape))
    return p, cost, grads, stats


def main_normalised(data, target, h, w, c, layers):
    params = {name: data[name] for name in data.files if name[0] in 'Wb' or name.startswith(('gamma', 'mean', 'var'))}
    xs = [row.reshape(h, w, c) for row in data['X']]
    ys = data['Y'].reshape(-1)
    masks = {n: data['M%d' % n] for n, layer in enumerate(layers) if layer.startswith('drop')}
    p, _, _, _ = batch_network(xs, ys, layers, params, masks, False)
    _, cost, grads, stats = batch_network(xs, ys, layers, params, masks, True)
    out = {'p': p, 'cost': np.array([cost])}
    out.update({'d' + name: g for name, g in grads.items()})
    for k, (mu, var) in stats.items():
        out['newmean%d' % k] = MOMENTUM * params['mean%d' % k].reshape(-1) + (1 - MOMENTUM) * mu
        out['newvar%d' % k] = MOMENTUM * params['var%d' % k].reshape(-1) + (1 - MOMENTUM) * var
    np.savez(target, **out)


def main():
    source, target, h, w, c, layers = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6].split(',')
    data = np.load(source)
    if any('bn' in layer for layer in layers):
        main_normalised(data, target, h, w, c, layers)
        return
    params = {name: data[name] for name in data.files if name[0] in 'Wb'}
    grads = {name: np.zeros_like(v) for name, v in params.items()}
    xs, ys = data['X'], data['Y'].reshape(-1)
    m = xs.shape[0]
    p = np.zeros(m)
    cost = 0.0
    dropouts = [n for n, layer in enumerate(layers) if layer.startswith('drop')]
    for i in range(m):
        x = xs[i].reshape(h, w, c)
        masks = {n: data['M%d' % n][i] for n in dropouts}
        if dropouts:
            p[i], _ = example(x, ys[i], layers, params, {k: np.zeros_like(v) for k, v in grads.items()}, None)
            _, e = example(x, ys[i], layers, params, grads, masks)
        else:
            p[i], e = example(x, ys[i], layers, params, grads, masks)
        cost += e
    out = {'p': p, 'cost': np.array([cost / m])}
    out.update({'d' + name: g / m for name, g in grads.items()})
    np.savez(target, **out)


if __name__ == '__main__':
    main()
