"""One-iteration references for NmfGrid's tensor solvers (cp_hals, cp_mu, tucker_hals, tucker_mu).

Written independently of the C# code with numpy einsum, from the update rules of nmf-algorithms.md §4.4
(nn_fac ntf / ntd / ntd_mu). Run: /usr/bin/python3 generate.py  (writes tensor-one-iteration.json).
Arrays are stored flattened in column-major (Fortran) order with their shape.
"""
import json
import numpy as np

FLOOR = 1e-12


def gamma(beta):
    return 1 / (2 - beta) if beta < 1 else (1 / (beta - 1) if beta > 2 else 1.0)


def beta_div(x, m, beta):
    x = x.ravel(); m = m.ravel()
    if beta == 2:
        return 0.5 * np.sum((x - m) ** 2)
    eps = np.finfo(np.float32).eps
    keep = x > eps
    xv, mv = x[keep], np.maximum(m[keep], eps)
    if beta == 1:
        return np.sum(xv * np.log(xv / mv)) - np.sum(xv) + np.sum(m)
    if beta == 0:
        return np.sum(xv / mv) - np.sum(np.log(xv / mv)) - x.size
    return (np.sum(x ** beta) + (beta - 1) * np.sum(m ** beta) - beta * np.sum(xv * mv ** (beta - 1))) / (beta * (beta - 1))


def cp_model(a):
    return np.einsum('ir,jr,kr->ijk', *a)


def tucker_model(g, a):
    return np.einsum('pqr,ip,jq,kr->ijk', g, *a)


def mttkrp(x, a, n):
    subs = ['ijk,jr,kr->ir', 'ijk,ir,kr->jr', 'ijk,ir,jr->kr'][n]
    others = [a[m] for m in range(3) if m != n]
    return np.einsum(subs, x, *others)


def hals(a, g, p, sweeps=100, delta=0.01):
    a = a.copy()
    first = 0
    for s in range(sweeps):
        step = 0.0
        for r in range(a.shape[1]):
            if g[r, r] <= 0:
                continue
            for i in range(a.shape[0]):
                fitted = a[i, :] @ g[:, r]
                change = max((p[i, r] - fitted) / g[r, r], -a[i, r])
                a[i, r] += change
                step += change * change
        if s == 0:
            first = step
        if step == 0 or step < delta * first:
            break
    return a


def cp_hals(x, a):
    a = [f.copy() for f in a]
    for n in range(3):
        gram = np.ones((a[0].shape[1],) * 2)
        for m in range(3):
            if m != n:
                gram *= a[m].T @ a[m]
        a[n] = hals(a[n], gram, mttkrp(x, a, n))
    return a


def ratio_tensors(x, model, beta):
    m = np.maximum(model, FLOOR)
    return m ** (beta - 2) * x, m ** (beta - 1)


def mu_apply(a, num, den, beta):
    ratio = np.where(den > 0, num / np.where(den > 0, den, 1), 1.0)
    return np.maximum(a * ratio ** gamma(beta), FLOOR)


def cp_mu(x, a, beta):
    a = [f.copy() for f in a]
    for n in range(3):
        y, z = ratio_tensors(x, cp_model(a), beta)
        a[n] = mu_apply(a[n], mttkrp(y, a, n), mttkrp(z, a, n), beta)
    return a


def unfold(t, n):
    return np.reshape(np.moveaxis(t, n, 0), (t.shape[n], -1), order='F')


def contract_except(t, a, n):
    subs = ['ijk,jq,kr->iqr', 'ijk,ip,kr->pjr', 'ijk,ip,jq->pqk'][n]
    return np.einsum(subs, t, *[a[m] for m in range(3) if m != n])


def tucker_cross(t, g, a, n):
    # unfold_n(T x_{m!=n} A_m^T) . unfold_n(G)^T; the column order of both unfoldings agrees (same moveaxis+F reshape)
    return unfold(contract_except(t, a, n), n) @ unfold(g, n).T


def tucker_gram(g, a, n):
    grams = [f.T @ f for f in a]
    subs = ['pqr,qs,rt->pst', 'pqr,ps,rt->sqt', 'pqr,ps,qt->str'][n]
    w = np.einsum(subs, g, *[grams[m] for m in range(3) if m != n])
    return unfold(w, n) @ unfold(g, n).T


def tucker_hals(x, g, a, core_steps=50, delta=0.01):
    a = [f.copy() for f in a]
    g = g.copy()
    for n in range(3):
        a[n] = hals(a[n], tucker_gram(g, a, n), tucker_cross(x, g, a, n))
    grams = [f.T @ f for f in a]
    lip = np.prod([np.max(np.linalg.eigvalsh(c)) for c in grams])
    target = np.einsum('ijk,ip,jq,kr->pqr', x, *a)
    first = 0
    for s in range(core_steps):
        grad = np.einsum('pqr,ps,qt,ru->stu', g, *grams) - target
        nxt = np.maximum(g - grad / lip, 0)
        moved = np.sum((nxt - g) ** 2)
        g = nxt
        if s == 0:
            first = moved
        if moved == 0 or moved < delta * first:
            break
    return g, a


def tucker_mu(x, g, a, beta):
    a = [f.copy() for f in a]
    g = g.copy()
    for n in range(3):
        y, z = ratio_tensors(x, tucker_model(g, a), beta)
        a[n] = mu_apply(a[n], tucker_cross(y, g, a, n), tucker_cross(z, g, a, n), beta)
    y, z = ratio_tensors(x, tucker_model(g, a), beta)
    num = np.einsum('ijk,ip,jq,kr->pqr', y, *a)
    den = np.einsum('ijk,ip,jq,kr->pqr', z, *a)
    g = mu_apply(g, num, den, beta)
    return g, a


def flat(t):
    return {"shape": list(t.shape), "data": [float(v) for v in np.ravel(t, order='F')]}


shape = (4, 3, 5)
x = np.zeros(shape)
for i in range(4):
    for j in range(3):
        for k in range(5):
            x[i, j, k] = 1 + ((3 * i + 5 * j + 2 * k) % 7) / 2
rank = 2
a0 = [np.array([[1 + ((i + 2 * c + n) % 3) * 0.5 for c in range(rank)] for i in range(shape[n])]) for n in range(3)]
ranks = (2, 2, 3)
t0 = [np.array([[1 + ((2 * i + c + n) % 4) * 0.25 for c in range(ranks[n])] for i in range(shape[n])]) for n in range(3)]
g0 = np.zeros(ranks)
for p in range(2):
    for q in range(2):
        for r in range(3):
            g0[p, q, r] = 0.5 + ((p + 2 * q + r) % 3) * 0.25

cases = []
a = cp_hals(x, a0)
cases.append({"name": "cp_hals", "beta": 2.0, "factors": [flat(f) for f in a], "loss": beta_div(x, cp_model(a), 2)})
for beta in (2.0, 1.0, 0.0, 0.5, 3.0):
    a = cp_mu(x, a0, beta)
    cases.append({"name": "cp_mu", "beta": beta, "factors": [flat(f) for f in a], "loss": beta_div(x, cp_model(a), beta)})
g, a = tucker_hals(x, g0, t0)
cases.append({"name": "tucker_hals", "beta": 2.0, "factors": [flat(f) for f in a], "core": flat(g), "loss": beta_div(x, tucker_model(g, a), 2)})
for beta in (2.0, 1.0, 0.5):
    g, a = tucker_mu(x, g0, t0, beta)
    cases.append({"name": "tucker_mu", "beta": beta, "factors": [flat(f) for f in a], "core": flat(g), "loss": beta_div(x, tucker_model(g, a), beta)})

out = {"x": flat(x), "cp_start": [flat(f) for f in a0], "tucker_start": [flat(f) for f in t0], "core_start": flat(g0),
       "ranks": list(ranks), "cases": cases}
with open('tensor-one-iteration.json', 'w') as f:
    json.dump(out, f, indent=1)
print(len(cases), "cases")
