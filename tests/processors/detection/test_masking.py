"""The name mask: names, mentions, URLs and name hashtags are left out of what the classifier reads."""

from processors.detection.hate_speech import tokenize, word_casing
from processors.detection.masking import NameMask, learn_ordinary

MASK = NameMask(names=frozenset({"jokowi", "anies"}), ordinary=frozenset({"presiden", "rakyat"}),
                keep=frozenset({"cina", "goblok"}))


def kept(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    return [text[t.start:t.end] for t in tokenize(text, {}, MASK, names)]


def test_names_and_name_hashtags_are_left_out_and_mentions_and_urls_read_as_placeholders() -> None:
    text = "@warga Presiden jokowi dan pak Sutopo goblok https://t.co/x #AniesMenang #Jakarta USER"
    assert kept(text, frozenset({"jakarta"})) == [
        "@warga", "Presiden", "dan", "pak", "goblok", "https://t.co/x", "USER"]
    words = [t.words for t in tokenize("@anies_official lihat https://a.b/c", {}, MASK)]
    assert words == [("user",), ("lihat",), ("url",)]


def test_a_capitalised_word_after_leading_mentions_starts_the_sentence() -> None:
    assert kept("RT USER USER Mantap sekali") == ["RT", "USER", "USER", "Mantap", "sekali"]


def test_capitalised_words_at_a_sentence_start_are_kept_unless_known_names() -> None:
    assert kept("Rapat hari ini. Anies datang") == ["Rapat", "hari", "ini", "datang"]
    assert kept("Presiden Rakyat Cina") == ["Presiden", "Rakyat", "Cina"]


def test_configured_names_are_left_out_in_any_case() -> None:
    assert kept("dukung bamsi dan sutopo", frozenset({"bamsi", "sutopo"})) == ["dukung", "dan"]


def test_words_mostly_written_in_lower_case_are_ordinary_and_capitalised_ones_are_not() -> None:
    texts = ["kata Budiman soal jalan", "jalan rusak kata Budiman", "lalu Budiman pergi",
             "Jalan kaki ke pasar", "jalan pagi bersama Budiman"]
    ordinary = learn_ordinary(w for text in texts for w in word_casing(text))
    assert "jalan" in ordinary and "kata" in ordinary
    assert "budiman" not in ordinary
