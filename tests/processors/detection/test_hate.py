"""The hate-speech classifier is optional: its absence leaves the pipeline working."""

import builtins

import pytest

from processors.detection import hate


def test_missing_module_gives_none(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def refuse(name: str, *args: object, **kwargs: object) -> object:
        if name == "processors.detection.hate_speech":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    assert hate.load_hate_speech() is None
