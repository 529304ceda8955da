"""Loading the hate-speech model fails loudly, and its evidence says whom it targets."""

import builtins

import pytest

from netra.domain.elections import load_elections
from processors.detection import hate
from processors.detection.hate import HateSpeechUnavailable, load_hate_speech
from processors.detection.pipeline import ViolationDetector
from tests.processors.detection.support import DATA, post


def test_missing_module_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def refuse(name: str, *args: object, **kwargs: object) -> object:
        if name == "processors.detection.hate_speech":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(HateSpeechUnavailable, match="cannot be imported"):
        hate.load_hate_speech()


def test_every_hate_speech_evidence_says_whom_it_targets() -> None:
    detector = ViolationDetector(load_elections(DATA / "elections.yaml"), hate_speech=load_hate_speech())
    texts = ["dasar cina kafir anjing, usir saja semua dari kampung ini",
             "Sutopo Hadi itu goblok tolol bangsat",
             "Dasar lonte, perempuan murahan kayak kamu tidak usah ikut pilkada",
             "@bamsi_official dasar idiot cacat mental #BamsiJuara https://t.co/x"]
    kinds = set()
    for text in texts:
        evidence = [e for e in detector.detect(post(text)) if e.category == "hate_speech"]
        assert evidence, text
        for item in evidence:
            assert item.target is not None
            assert item.target.kind in ("group", "individual")
            assert (item.target.group is not None) == (item.target.kind == "group")
            assert item.text == text[item.start:item.end]
            kinds.add((item.target.kind, item.target.group))
    assert {("group", "race_ethnicity"), ("group", "gender"), ("group", "disability")} <= kinds
