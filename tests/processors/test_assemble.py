"""Loud configuration: a missing or corrupt hate-speech model stops assembly with a clear message;
only an explicit switch runs without it."""

from pathlib import Path

import pytest

from netra import demo
from netra.domain.problems import InputError
from processors import assemble
from processors.detection import hate_speech


@pytest.mark.parametrize("content", [None, b"not a zip file"], ids=["missing", "corrupt"])
def test_an_unusable_model_stops_assembly_and_names_the_switch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None
) -> None:
    model = tmp_path / "hate_speech.npz"
    if content is not None:
        model.write_bytes(content)
    monkeypatch.setattr(hate_speech, "DEFAULT_MODEL_PATH", model)
    with pytest.raises(InputError, match=r"hate-speech model.*--no-hate-speech"):
        assemble.assemble_core(demo.REGISTRY, demo.ELECTIONS, [])
    core = assemble.assemble_core(demo.REGISTRY, demo.ELECTIONS, [], hate_speech=False)
    assert "hate_speech" not in core.versions
