"""Train the target-aware stance model (processors/detection/models/stance.npz).

    .venv/bin/python -m training.stance [--out PATH]

Data, read from ../shared/data at run time and never copied (see each SOURCE.md):
- Pilkada DKI 2017 tweets, Lestari, Perdana & Fauzi 2017 (rizalespe/Dataset-Sentimen-Analisis-
  Bahasa-Indonesia; "available for personal use", cite the paper): sentiment toward the named
  pair, positive ~ for, negative ~ against. Tweets whose Id is a multiple of 5 are held out
  from all training and tuning (processors.detection.evaluate.sources.HELD_OUT_EVERY).
- Kompasiana blog stance sets, Jannati et al. 2018 (reneje/id_stance_dataset_article-...;
  CC BY-NC-SA 4.0): for / against a named political figure (2-label set, plus the 3-label
  set's for/against articles whose title the 2-label set lacks).
The model file holds n-gram strings and weights only, no text; it inherits CC BY-NC-SA 4.0.
Prints 5-fold cross-validated accuracy per class (overall and on the DKI part) and ROC AUC
(which chooses C), the chosen thresholds, the detector's DKI measures on the training tweets
judged out of fold (what the threshold shares below were chosen on), and the figures on the
held-out DKI tweets.
"""

import argparse
import ast
import csv
import json
import sys
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from netra.domain.elections import Candidate, Election, load_elections
from processors.detection.analysis import Analyser
from processors.detection.evaluate.real import DKI_ELECTIONS, DkiMeasures, measure_dki
from processors.detection.evaluate.sources import DKI_ELECTION, SHARED, dki_tweets
from processors.detection.pipeline import ViolationDetector
from processors.detection.rules import load_lexicons
from processors.detection.stance import MODEL, StanceModel, features, stance_words

KOMPASIANA = SHARED / "id-stance-political"
ARTICLE_CHARS = 4000  # the opening of an article: where its stance is usually stated
LABEL = "stance-2026.11.3"
# Thresholds, as out-of-fold shares of the DKI training tweets (never the held-out ones) that
# they let through; chosen by running the detector with fold models on those tweets.
FALSE_FOR = 0.03  # negatives the `for` threshold lets through
FALSE_AGAINST = 0.25  # positives the `against` threshold lets through, the author's voice shown
FALSE_AGAINST_SURE = 0.10  # ... without it (headlines and bare tags read as criticism)
FIGURES = Election("kompasiana", "Nusantara", (
    Candidate(1, ("Basuki Tjahaja Purnama",), ("Ahok", "BTP")),
    Candidate(2, ("Joko Widodo",), ("Jokowi",)),
    Candidate(3, ("Prabowo Subianto",), ("Prabowo",)),
    Candidate(4, ("Ridwan Kamil",), ("Emil", "Kang Emil")),
    Candidate(5, ("Agus Harimurti Yudhoyono",), ("AHY",)),
    Candidate(6, ("Yusril Ihza Mahendra",), ("Yusril",)),
))
_FIGURE_NUMBERS = {"ahok": 1, "jokowi": 2, "prabowo": 3, "ridwan kamil": 4, "ahy": 5, "yusril": 6}


@dataclass(frozen=True, slots=True)
class Example:
    """Masked words, whether the author is for the pair, and whether it is a DKI tweet."""

    words: list[str]
    is_for: bool
    dki: bool


def dki_examples(held_out: bool) -> list[Example]:
    """The DKI tweets of one part (training or held out), masked toward their named pair."""
    analyser = Analyser(load_elections(DKI_ELECTIONS), load_lexicons())
    return [Example(stance_words(analyser.read(t.text), (DKI_ELECTION, t.pair)), t.positive, True)
            for t in dki_tweets() if t.held_out == held_out]


def kompasiana_examples() -> list[Example]:
    """Blog articles with a for/against stance toward one figure, masked toward it."""
    csv.field_size_limit(1 << 30)
    articles: dict[str, tuple[str, str, str]] = {}
    with (KOMPASIANA / "dataset_stance_2_label_2018_building_by_rini.csv").open(
            encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            articles[row["Judul Artikel"].strip()] = (
                row["Tokoh"], row["Isi Artikel"], row["stance final"])
    with (KOMPASIANA / "dataset_stance_3_label_2016_building_by_cakra.csv").open(
            encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            articles.setdefault(row["title"].strip(), (row["topic"], row["content"], row["stance"]))
    analyser = Analyser((FIGURES,), load_lexicons())
    examples = []
    for title, (figure, content, stance) in articles.items():
        stance = stance.strip().lower().replace("againts", "against")
        number = _FIGURE_NUMBERS.get(figure.strip().lower())
        if stance not in ("for", "against") or number is None:
            continue
        text = f"{title}. {' '.join(_paragraphs(content))}"[:ARTICLE_CHARS]
        words = stance_words(analyser.read(text), ("kompasiana", number))
        examples.append(Example(words, stance == "for", False))
    return examples


def _paragraphs(content: str) -> list[str]:
    try:
        value = ast.literal_eval(content)
    except (ValueError, SyntaxError):
        return [content]
    return [str(p) for p in value] if isinstance(value, list) else [str(value)]


def _fit(examples: list[Example], c: float) -> tuple[CountVectorizer, LogisticRegression]:
    vectoriser = CountVectorizer(analyzer=lambda words: list(features(words)), binary=True,
                                 min_df=2)
    matrix = vectoriser.fit_transform([e.words for e in examples])
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    model.fit(matrix, [e.is_for for e in examples])
    return vectoriser, model


def out_of_fold(examples: list[Example], c: float) -> np.ndarray:
    """P(for) of every example from a model that did not see it (5 folds, stratified)."""
    labels = np.array([e.is_for * 2 + e.dki for e in examples])
    probabilities = np.zeros(len(examples))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=7).split(labels, labels):
        vectoriser, model = _fit([examples[i] for i in train], c)
        matrix = vectoriser.transform([examples[i].words for i in test])
        probabilities[test] = model.predict_proba(matrix)[:, 1]
    return probabilities


def detector_out_of_fold(examples: list[Example], c: float,
                         thresholds: tuple[float, float, float]) -> dict[str, float]:
    """The detector's DKI measures on the training tweets (never the held-out ones), each
    tweet judged with a stance model fitted without it: what the thresholds are chosen on.

    `examples` starts with the DKI training tweets in `dki_tweets()` order.
    """
    tweets = [t for t in dki_tweets() if not t.held_out]
    dki, others = examples[:len(tweets)], examples[len(tweets):]
    labels = [e.is_for for e in dki]
    elections = load_elections(DKI_ELECTIONS)
    total = DkiMeasures()
    for train, test in StratifiedKFold(5, shuffle=True, random_state=11).split(labels, labels):
        vectoriser, model = _fit([dki[i] for i in train] + others, c)
        weights = dict(zip(vectoriser.get_feature_names_out(), model.coef_[0].tolist(),
                           strict=True))
        stance = StanceModel("fold", weights, float(model.intercept_[0]), *thresholds)
        measures = measure_dki(ViolationDetector(elections, stance=stance),
                               [tweets[i] for i in test])
        for name in (f.name for f in fields(DkiMeasures)):
            setattr(total, name, getattr(total, name) + getattr(measures, name))
    return total.rates()


def per_class(examples: list[Example], probabilities: np.ndarray) -> dict[str, float]:
    """Accuracy per class at 0.5 (the share of each class predicted as itself)."""
    truth = np.array([e.is_for for e in examples])
    return {"for": float(np.mean(probabilities[truth] >= 0.5)),
            "against": float(np.mean(probabilities[~truth] < 0.5))}


def main(argv: list[str] | None = None) -> int:
    """Cross-validate, choose C and thresholds, fit on all training data, write the model.

    C is the one whose out-of-fold probabilities rank the DKI part best (ROC AUC): the
    thresholds are shares of those probabilities, so ranking is all the detector uses.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL)
    args = parser.parse_args(argv)
    examples = dki_examples(held_out=False) + kompasiana_examples()
    dki = np.array([e.dki for e in examples])
    print(f"training: {int(dki.sum())} DKI tweets, {int((~dki).sum())} Kompasiana articles")
    truth = np.array([e.is_for for e in examples])
    best: tuple[float, float, np.ndarray] | None = None
    for c in (0.1, 0.3, 1.0, 3.0):
        oof = out_of_fold(examples, c)
        accuracy = per_class([e for e in examples if e.dki], oof[dki])
        ranking = float(roc_auc_score(truth[dki], oof[dki]))
        print(f"C={c}: 5-fold accuracy per class, DKI part: {accuracy}; all: "
              f"{per_class(examples, oof)}; ROC AUC, DKI part: {ranking:.3f}")
        if best is None or ranking > best[0]:
            best = (ranking, c, oof)
    assert best is not None
    _, c, oof = best
    for_at = float(np.quantile(oof[dki & ~truth], 1 - FALSE_FOR))
    against_at = float(np.quantile(oof[dki & truth], FALSE_AGAINST))
    against_sure_at = float(np.quantile(oof[dki & truth], FALSE_AGAINST_SURE))
    print(f"chosen C={c}; for_at={for_at:.3f} against_at={against_at:.3f} "
          f"against_sure_at={against_sure_at:.3f} (out-of-fold on DKI: "
          f"for on {np.mean(oof[dki & truth] >= for_at):.1%} of positives, against on "
          f"{np.mean(oof[dki & ~truth] <= against_at):.1%} of negatives)")
    rates = detector_out_of_fold(examples, c, (for_at, against_at, against_sure_at))
    print("detector on the DKI training tweets, out of fold: " + "  ".join(
        f"{k} {v:.1%}" for k, v in rates.items() if k != "hate_on_positive"))
    vectoriser, model = _fit(examples, c)
    vocabulary = vectoriser.get_feature_names_out()
    coef = model.coef_[0]
    kept = np.abs(coef) >= 1e-3
    meta = {"label": LABEL, "bias": float(model.intercept_[0]), "for_at": for_at,
            "against_at": against_at, "against_sure_at": against_sure_at, "C": c,
            "sources": ["pilkada-dki-2017-sentiment (Lestari et al. 2017; personal use, cite)",
                        "id-stance-political (Jannati et al. 2018; CC BY-NC-SA 4.0)"]}
    np.savez_compressed(
        args.out, vocab=np.frombuffer("\n".join(vocabulary[kept]).encode("utf-8"), dtype=np.uint8),
        coef=coef[kept].astype(np.float32),
        meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8))
    held = dki_examples(held_out=True)
    probabilities = model.predict_proba(vectoriser.transform([e.words for e in held]))[:, 1]
    print(f"held-out DKI ({len(held)} tweets), accuracy per class at 0.5: "
          f"{per_class(held, probabilities)}")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, {int(kept.sum())} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
