"""The matching view of a post's author."""

import pytest

from processors.matching.profile import profile_of
from tests.processors.matching.conftest import make_post


@pytest.mark.parametrize(
    ("fields", "queries", "keys"),
    [
        (dict(handle="Dwi_Hartanto21", name="Dr. Dwi Hartanto, S.Pd."),
         {"dwi hartanto": "Dr. Dwi Hartanto, S.Pd."}, ("x:dwi_hartanto21",)),
        (dict(handle="putu.arsana", name="I Putu Gede Arsana | Guru"),
         {"putu arsana": "@putu.arsana", "arsana": "I Putu Gede Arsana",
          "i putu gede arsana": "I Putu Gede Arsana"}, ("x:putu.arsana",)),
        (dict(handle=None, author_id="77", name="Sri"), {"sri": "Sri"}, ("x#77",)),
        (dict(handle="a", name=None), {"a": "@a"}, ("x:a",)),
    ],
)
def test_names_and_keys(fields: dict, queries: dict[str, str], keys: tuple[str, ...]) -> None:
    profile = profile_of(make_post(**fields))
    assert profile.name_queries == queries
    assert profile.keys == keys


def test_bio_is_read_once() -> None:
    profile = profile_of(make_post(
        bio="ASN | Guru SDN 4 Kaliurang. NIP 19870214 201101 1 003", location="Kab. Kaliurang"))
    assert profile.nips == ("198702142011011003",)
    assert profile.occupations == frozenset({"guru"})
    assert profile.asn_words == ("asn",)
    assert "sd negeri 4 kaliurang" in profile.place_text
    assert "kabupaten kaliurang" in profile.place_text
