"""The spaCy pipeline on its own: `nlp(text)` gives normalised tokens, cues and targets."""

from processors.detection.nlp import CUES, TARGETS, normalised_of
from tests.processors.detection.support import detector


def test_language_call_runs_tokenizer_and_both_taggers() -> None:
    nlp = detector()._analyser.nlp
    text = "Ayo c0bl0s no. 1 ✌️ #SutopoRatna"
    doc = nlp(text)
    assert [t.text for t in doc] == ["ayo", "coblos", "nomor", ".", "1", "dua", "sutopo", "ratna"]
    normalised = normalised_of(doc)
    assert normalised.source(1, 2) == "c0bl0s"
    assert normalised.source(5, 6) == "✌️"
    assert "endorsement.call_electoral" in doc.user_data[CUES]
    assert "sutopo ratna" in doc.user_data[TARGETS]
    assert [name for name, _ in nlp.pipeline] == [CUES, TARGETS]


def test_new_words_do_not_grow_the_string_store() -> None:
    nlp = detector()._analyser.nlp
    nlp("coblos nomor 1 kata0 unik0")
    before = len(nlp.vocab.strings)
    for i in range(500):
        nlp(f"coblos nomor 1 kata{i} unik{i * 7} #tagar{i}")
    assert len(nlp.vocab.strings) == before
