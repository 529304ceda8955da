"""The case file's text helpers: evidence numbered in place, long runs made breakable, raw bounded."""

import html

from hypothesis import given
from hypothesis import strategies as st

from alerting.casefile.document import BREAK_EVERY, MAX_RAW_CHARS, Span, breakable, numbered, raw_payload
from netra.domain.decision import Evidence


def test_overlapping_evidence_is_numbered_where_it_covers_the_text() -> None:
    text = "Ayo coblos nomor 1 sekarang"
    evidence = [Evidence("endorsement", 4, 18, "coblos nomor 1", "a"),
                Evidence("endorsement", 11, 27, "nomor 1 sekarang", "b"),
                Evidence("endorsement", 0, 3, "Ayo", "c", field="shared_from.text")]
    assert numbered(text, evidence) == [
        Span("Ayo ", ()), Span("coblos ", (1,)), Span("nomor 1", (1, 2)), Span(" sekarang", (2,))]
    assert numbered("Ayo", evidence, "shared_from.text") == [Span("Ayo", (3,))]


def test_a_long_run_gets_a_break_opportunity_every_few_characters_never_inside_an_entity() -> None:
    assert str(breakable("x" * 100)) == "<wbr>".join(["x" * BREAK_EVERY, "x" * BREAK_EVERY, "x" * 20])
    assert str(breakable("<" * 50)) == "&lt;" * BREAK_EVERY + "<wbr>" + "&lt;" * 10
    assert str(breakable("kata biasa <b>")) == "kata biasa &lt;b&gt;" and str(breakable(None)) == ""


@given(st.text(alphabet=st.sampled_from('ab <>&"\'\n\u200b\U0001f600'), max_size=300))
def test_breakable_text_shows_exactly_the_text(text: str) -> None:
    shown = str(breakable(text))
    assert "<" not in shown.replace("<wbr>", "")
    assert html.unescape(shown.replace("<wbr>", "")) == text


def test_the_raw_payload_is_indented_json_cut_to_its_bound() -> None:
    assert raw_payload(None) == ("", False)
    assert raw_payload({"b": 1, "a": "<x>"}) == ('{\n  "a": "<x>",\n  "b": 1\n}', False)
    shown, cut = raw_payload({"padding": "x" * (2 * MAX_RAW_CHARS)})
    assert cut and len(shown) == MAX_RAW_CHARS
