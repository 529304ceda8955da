"""Train and evaluate the hate-speech classifier on Ibrohim & Budi (2019) with the IndoBERTweet folds."""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score

from processors.detection.hate_speech import (
    CATEGORIES,
    DEFAULT_MODEL_PATH,
    VIEWS,
    HateSpeechClassifier,
    _fold,
    iter_texts_features,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
FOLDS = DATA / "indobertweet-hs-splits" / "hate_speech_HS1" / "data"
SLANG_CSV = DATA / "id-multilabel-hatespeech" / "new_kamusalay.csv"
SEED = 13
HEAD_COLUMNS = ("HS_Group", *(f"HS_{c.capitalize()}" for c in CATEGORIES))
MIN_DF = {"word": 1, "char": 2}
C_GRID = (2.0, 4.0, 8.0, 16.0, 32.0)
MIX_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)
OPERATING_PRECISION = 0.90
HEAD_C = 8.0


@dataclass(frozen=True)
class Split:
    """Texts and label columns of one CSV file."""

    texts: list[str]
    labels: dict[str, np.ndarray]


def read_split(path: Path) -> Split:
    """Read one fold file (latin-1, as the released IndoBERTweet code does)."""
    with path.open(encoding="latin-1", newline="") as f:
        rows = list(csv.DictReader(f))
    cols = ("HS", "Abusive", *HEAD_COLUMNS, "HS_Individual")
    return Split([r["Tweet"] for r in rows], {c: np.array([int(r[c]) for r in rows]) for c in cols})


def concat(a: Split, b: Split) -> Split:
    """Two splits one after the other."""
    return Split(a.texts + b.texts, {c: np.concatenate([a.labels[c], b.labels[c]]) for c in a.labels})


def build_slang() -> dict[str, str]:
    """Slang map from the kamusalay dictionary (single-token keys that change the word)."""
    slang: dict[str, str] = {}
    with SLANG_CSV.open(encoding="latin-1", newline="") as f:
        for row in csv.reader(f):
            if len(row) < 2:
                continue
            key, value = _fold(row[0].strip()), " ".join(_fold(row[1]).split())
            if key and value and key != value and " " not in key:
                slang.setdefault(key, value)
    return slang


class Featurizer:
    """Vocabulary and idf per view (sublinear tf-idf, L2 per view), fitted on training texts."""

    def __init__(self, slang: dict[str, str]) -> None:
        """Remember the slang map used by the shared tokenizer."""
        self.slang = slang
        self.vocab: dict[str, dict[str, int]] = {}
        self.idf: dict[str, np.ndarray] = {}

    def features(self, texts: Sequence[str]) -> list[tuple[list[str], list[str]]]:
        """Feature strings per view of every text (same code as the runtime)."""
        return [([f for f, _ in w], [f for f, _ in c]) for w, c in iter_texts_features(texts, self.slang)]

    def fit(self, feats: list[tuple[list[str], list[str]]]) -> Featurizer:
        """Build vocabularies (min_df per view) and smooth idf."""
        n = len(feats)
        for v, view in enumerate(VIEWS):
            df: dict[str, int] = {}
            for doc in feats:
                for f in set(doc[v]):
                    df[f] = df.get(f, 0) + 1
            kept = sorted(f for f, d in df.items() if d >= MIN_DF[view])
            self.vocab[view] = {f: j for j, f in enumerate(kept)}
            dfs = np.array([df[f] for f in kept], dtype=np.float64)
            self.idf[view] = np.log((1 + n) / (1 + dfs)) + 1.0
        return self

    def transform(self, feats: list[tuple[list[str], list[str]]]) -> list[sp.csr_matrix]:
        """One L2-normalised sublinear tf-idf matrix per view."""
        out = []
        for v, view in enumerate(VIEWS):
            vocab = self.vocab[view]
            rows, cols, vals = [], [], []
            for r, doc in enumerate(feats):
                counts: dict[int, int] = {}
                for f in doc[v]:
                    j = vocab.get(f)
                    if j is not None:
                        counts[j] = counts.get(j, 0) + 1
                rows += [r] * len(counts)
                cols += list(counts)
                vals += [1.0 + math.log(c) for c in counts.values()]
            m = sp.csr_matrix((vals, (rows, cols)), shape=(len(feats), len(vocab)))
            m = m @ sp.diags(self.idf[view])
            norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
            norms[norms == 0] = 1.0
            out.append(sp.csr_matrix(sp.diags(1.0 / norms) @ m))
        return out


def nb_ratio(x: sp.csr_matrix, y: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Log-count ratio of binarised features (Wang & Manning 2012)."""
    xb = (x > 0).astype(np.float64)
    p = np.asarray(xb[y == 1].sum(axis=0)).ravel() + alpha
    q = np.asarray(xb[y == 0].sum(axis=0)).ravel() + alpha
    return np.log((p / p.sum()) / (q / q.sum()))


@dataclass
class LinearModel:
    """Effective weights over the stacked views and a bias."""

    coef: np.ndarray
    bias: float

    def decision(self, x: sp.csr_matrix) -> np.ndarray:
        """Raw logits."""
        return x @ self.coef + self.bias


def fit_lr(x: sp.csr_matrix, y: np.ndarray, c: float, scale: np.ndarray | None) -> LinearModel:
    """Logistic regression, optionally on NB-scaled features (weights folded back)."""
    xs = x @ sp.diags(scale) if scale is not None else x
    m = LogisticRegression(C=c, max_iter=3000, random_state=SEED).fit(xs, y)
    coef = m.coef_.ravel() * (scale if scale is not None else 1.0)
    return LinearModel(coef, float(m.intercept_[0]))


def make_model(x: sp.csr_matrix, y: np.ndarray, c: float = 8.0, mix: float = 0.5) -> LinearModel:
    """The selected hate-speech model: a blend of plain and NB-scaled logistic regression."""
    return standardise(fit_lr(x, y, c, None), fit_lr(x, y, c, nb_ratio(x, y)), mix, x)


def standardise(a: LinearModel, b: LinearModel, mix: float, ref: sp.csr_matrix) -> LinearModel:
    """Blend two linear models after scaling each to unit logit spread on the reference data."""
    sa, sb = np.std(a.decision(ref)), np.std(b.decision(ref))
    coef = (1 - mix) * a.coef / sa + mix * b.coef / sb
    return LinearModel(coef, (1 - mix) * a.bias / sa + mix * b.bias / sb)


def best_f1_threshold(y: np.ndarray, score: np.ndarray) -> tuple[float, float]:
    """Threshold on score maximising F1, and that F1."""
    order = np.argsort(-score)
    ys = y[order]
    tp = np.cumsum(ys)
    k = np.arange(1, len(ys) + 1)
    f1 = 2 * tp / (k + ys.sum())
    i = int(np.argmax(f1))
    thr = (score[order][i] + score[order][min(i + 1, len(ys) - 1)]) / 2
    return float(thr), float(f1[i])


def precision_threshold(y: np.ndarray, score: np.ndarray, target: float) -> float:
    """Lowest threshold whose precision on (y, score) reaches target (max recall at that precision)."""
    order = np.argsort(-score)
    ys = y[order]
    prec = np.cumsum(ys) / np.arange(1, len(ys) + 1)
    ok = np.nonzero(prec >= target)[0]
    i = int(ok[-1]) if ok.size else 0
    return float((score[order][i] + score[order][min(i + 1, len(ys) - 1)]) / 2)


def fit_calibration(y: np.ndarray, logit: np.ndarray) -> tuple[float, float]:
    """Platt scaling a*logit+b fitted on held-out data."""
    m = LogisticRegression(C=1e6, max_iter=1000).fit(logit.reshape(-1, 1), y)
    return float(m.coef_[0, 0]), float(m.intercept_[0])


@dataclass
class Trained:
    """A fitted featurizer, hate-speech model and selection results on dev."""

    featurizer: Featurizer
    model: LinearModel
    c: float
    mix: float
    dev_f1: float
    dev_threshold: float


def train_select(train: Split, dev: Split, slang: dict[str, str]) -> Trained:
    """Fit on train, pick C and the LR/NB-LR mix on dev by best-threshold F1."""
    fz = Featurizer(slang)
    feats_tr = fz.features(train.texts)
    fz.fit(feats_tr)
    x_tr = sp.hstack(fz.transform(feats_tr)).tocsr()
    x_dev = sp.hstack(fz.transform(fz.features(dev.texts))).tocsr()
    y_tr, y_dev = train.labels["HS"], dev.labels["HS"]
    r = nb_ratio(x_tr, y_tr)
    best: Trained | None = None
    for c in C_GRID:
        plain, nb = fit_lr(x_tr, y_tr, c, None), fit_lr(x_tr, y_tr, c, r)
        for mix in MIX_GRID:
            model = standardise(plain, nb, mix, x_tr)
            thr, f1 = best_f1_threshold(y_dev, model.decision(x_dev))
            if best is None or f1 > best.dev_f1:
                best = Trained(fz, model, c, mix, f1, thr)
    assert best is not None
    return best


def evaluate() -> None:
    """Per-fold and mean binary F1 / precision / recall on the five IndoBERTweet test folds."""
    slang = build_slang()
    rows = []
    for k in range(5):
        train, dev, test = (read_split(FOLDS / f"{s}{k}.csv") for s in ("train", "dev", "test"))
        t = train_select(train, dev, slang)
        x_dev = sp.hstack(t.featurizer.transform(t.featurizer.features(dev.texts))).tocsr()
        x_te = sp.hstack(t.featurizer.transform(t.featurizer.features(test.texts))).tocsr()
        y_dev, y_te = dev.labels["HS"], test.labels["HS"]
        s_dev, s_te = t.model.decision(x_dev), t.model.decision(x_te)
        op = precision_threshold(y_dev, s_dev, OPERATING_PRECISION)
        pred, pred_op = s_te >= t.dev_threshold, s_te >= op
        dup = len(set(test.texts) & set(train.texts))
        rows.append(
            (
                f1_score(y_te, pred),
                precision_score(y_te, pred),
                recall_score(y_te, pred),
                f1_score(y_te, pred_op),
                precision_score(y_te, pred_op),
                recall_score(y_te, pred_op),
            )
        )
        print(
            f"fold {k}: C={t.c:g} mix={t.mix:g} dev F1={t.dev_f1:.4f} | test F1={rows[-1][0]:.4f} "
            f"P={rows[-1][1]:.4f} R={rows[-1][2]:.4f} | operating P>={OPERATING_PRECISION}: "
            f"F1={rows[-1][3]:.4f} P={rows[-1][4]:.4f} R={rows[-1][5]:.4f} "
            f"| test tweets also in train: {dup}",
            flush=True,
        )
    mean = np.mean(rows, axis=0)
    print(
        f"mean: test F1={mean[0]:.4f} P={mean[1]:.4f} R={mean[2]:.4f} | operating: "
        f"F1={mean[3]:.4f} P={mean[4]:.4f} R={mean[5]:.4f}"
    )


def fit_heads(x: sp.csr_matrix, split: Split) -> tuple[np.ndarray, np.ndarray]:
    """Target (group vs individual) and category heads, trained on the hate-speech rows only."""
    rows = split.labels["HS"] == 1
    coefs, biases = [], []
    for col in HEAD_COLUMNS:
        m = LogisticRegression(C=HEAD_C, max_iter=3000, random_state=SEED)
        m.fit(x[rows], split.labels[col][rows])
        coefs.append(m.coef_.ravel())
        biases.append(float(m.intercept_[0]))
    return np.vstack(coefs), np.array(biases)


def head_thresholds(x: sp.csr_matrix, split: Split, coef: np.ndarray, bias: np.ndarray) -> list[float]:
    """Per-head probability thresholds maximising F1 on the hate-speech rows of held-out data."""
    rows = split.labels["HS"] == 1
    logits = x[rows] @ coef.T + bias
    out = [0.5]
    for h, col in enumerate(HEAD_COLUMNS[1:], start=1):
        thr, _ = best_f1_threshold(split.labels[col][rows], logits[:, h])
        out.append(float(1.0 / (1.0 + math.exp(-thr))))
    return out


def build(out: Path) -> None:
    """Train on train0+test0 with the selected settings; calibrate and set thresholds on dev0."""
    slang = build_slang()
    train = concat(read_split(FOLDS / "train0.csv"), read_split(FOLDS / "test0.csv"))
    dev = read_split(FOLDS / "dev0.csv")
    fz = Featurizer(slang)
    feats = fz.features(train.texts)
    fz.fit(feats)
    x_tr = sp.hstack(fz.transform(feats)).tocsr()
    x_dev = sp.hstack(fz.transform(fz.features(dev.texts))).tocsr()
    y_tr, y_dev = train.labels["HS"], dev.labels["HS"]
    model = make_model(x_tr, y_tr)
    s_dev = model.decision(x_dev)
    a, b = fit_calibration(y_dev, s_dev)
    p_dev = 1.0 / (1.0 + np.exp(-(a * s_dev + b)))
    threshold = precision_threshold(y_dev, p_dev, OPERATING_PRECISION)
    head_coef, head_bias = fit_heads(x_tr, train)
    meta = {
        "threshold": threshold,
        "calibration": [a, b],
        "head_thresholds": head_thresholds(x_dev, dev, head_coef, head_bias),
        "slang": slang,
        "trained_on": "Ibrohim & Budi 2019 (CC BY-NC-SA 4.0), IndoBERTweet HS1 train0+test0",
        "calibrated_on": "dev0",
    }
    coef = np.vstack([model.coef, head_coef])
    arrays: dict[str, np.ndarray] = {
        "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), np.uint8),
        "bias": np.concatenate([[model.bias], head_bias]),
    }
    start = 0
    for view in VIEWS:
        vocab = list(fz.vocab[view])
        arrays[f"vocab_{view}"] = np.frombuffer("\n".join(vocab).encode("utf-8"), np.uint8)
        arrays[f"idf_{view}"] = fz.idf[view].astype(np.float32)
        arrays[f"coef_{view}"] = coef[:, start : start + len(vocab)].astype(np.float16)
        start += len(vocab)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **arrays)
    clf = HateSpeechClassifier.load(out)
    p = np.array([clf.predict(t).probability for t in dev.texts])
    pred = p >= clf.threshold
    print(
        f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB, {clf.version}); dev0 at threshold "
        f"{threshold:.3f}: P={precision_score(y_dev, pred):.4f} R={recall_score(y_dev, pred):.4f} "
        f"F1={f1_score(y_dev, pred):.4f}"
    )


def main() -> None:
    """Command line: --evaluate and/or --build."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--evaluate", action="store_true", help="5-fold evaluation")
    parser.add_argument("--build", action="store_true", help="write the model artifact")
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    args = parser.parse_args()
    if args.evaluate:
        evaluate()
    if args.build:
        build(args.out)


if __name__ == "__main__":
    main()
