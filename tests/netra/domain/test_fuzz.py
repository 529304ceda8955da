"""Fuzzing the readers of hostile input: any bytes give a decoded value or a clear refusal
(PostError, InputError), never another exception, within a deadline per input."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netra.domain.elections import parse_elections
from netra.domain.post import PostError, decode_post
from netra.domain.problems import InputError, Problem
from netra.domain.registry import iter_registry

FUZZ = settings(max_examples=300, deadline=500, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)
post_like = st.fixed_dictionaries(
    {},
    optional={
        "platform": st.text(max_size=40) | st.just("x"),
        "post_id": st.text(max_size=300) | st.integers(),
        "created_at": st.text(max_size=40) | st.just("0001-01-01T00:00:00+14:00") | st.just("2024-11-10T08:00:00Z"),
        "text": st.text(max_size=200),
        "author": st.fixed_dictionaries({}, optional={
            "id": st.text(max_size=20) | st.integers(), "handle": st.text(max_size=120),
            "display_name": st.text(max_size=50), "bio": json_values}),
        "shared_from": json_values,
        "media": json_values,
        "raw": json_values,
    },
)


def _decodes_or_refuses(line: bytes) -> None:
    try:
        post = decode_post(line)
    except PostError as refused:
        assert str(refused)
        return
    assert post.post_id and (post.author.id or post.author.handle)


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_are_refused(line: bytes) -> None:
    _decodes_or_refuses(line)


@FUZZ
@given(post_like)
def test_any_post_shaped_json_decodes_or_is_refused(post: dict) -> None:
    _decodes_or_refuses(json.dumps(post).encode())


@FUZZ
@given(st.text(max_size=1000))
def test_any_election_text_loads_or_lists_problems(text: str) -> None:
    try:
        parse_elections(text)
    except InputError as refused:
        assert refused.problems


@pytest.fixture(scope="module")
def registry_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "registry.csv"


@FUZZ
@given(st.text(max_size=1000))
def test_any_registry_text_reads_or_is_refused(registry_file: Path, body: str) -> None:
    registry_file.write_text("nip,nama,akun_medsos\n" + body, encoding="utf-8", errors="surrogatepass")
    problems: list[Problem] = []
    try:
        for entry in iter_registry(registry_file, problems):
            assert entry.nip and entry.nama
    except InputError as refused:
        assert refused.problems
