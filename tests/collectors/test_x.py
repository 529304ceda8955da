"""X API v2 against a loopback server: rules from the election file, next_token pages and
since_id across runs, the rate-limit headers, user timelines and reactions."""

from pathlib import Path

import pytest

from collectors.sources.x import query_rules
from collectors.watch import read_watch_list
from tests.collectors.conftest import bus_posts
from tests.collectors.harness import collect, metric
from tests.collectors.platforms import ELECTIONS, Script, x_app, x_tweet


@pytest.fixture
def elections(tmp_path: Path) -> Path:
    path = tmp_path / "elections.yaml"
    path.write_text(ELECTIONS, encoding="utf-8")
    return path


def config(base: str, name: str, extra: str = "") -> str:
    return f"""
watch: {{elections: elections.yaml}}
sources:
  - kind: x
    name: {name}
    base_url: {base}
    token: env:NETRA_TEST_X_TOKEN
    once: true
    politeness: {{attempts: 3, first_backoff: 0.05, timeout: 2}}
{extra}"""


def test_rules_from_the_election_file_fit_the_query_length(elections: Path) -> None:
    watch = read_watch_list(elections, None)
    assert query_rules(watch, [], 512) == ['("Sutopo Hadi" OR "Ratna Dewi" OR SURYA OR "Kaliurang Maju" OR #SutopoRatna)']
    short = query_rules(watch, ["from:kpu_ri"], 40)
    assert short[0] == "from:kpu_ri" and all(len(rule) <= 40 for rule in short) and len(short) == 3


async def test_pages_since_id_and_rate_limit_reset(serve, tmp_path: Path, elections: Path, monkeypatch) -> None:
    monkeypatch.setenv("NETRA_TEST_X_TOKEN", "test-bearer")
    tweets = [x_tweet(n) for n in range(1, 5)]
    script = Script({"/2/tweets/search/recent": ["reset:2"]})
    base = serve(x_app(script, lambda: tweets))

    bus = await collect(config(base, "x-search"), tmp_path)
    assert [p["post_id"] for p in bus_posts(bus)] == [x_tweet(n)["id"] for n in (2, 3, 4)], \
        "first sight of a rule: its newest page"
    tweets += [x_tweet(n) for n in range(5, 12)]
    await collect(config(base, "x-search"), tmp_path)
    ids = [p["post_id"] for p in bus_posts(bus)]
    assert sorted(ids) == [x_tweet(n)["id"] for n in range(2, 12)], "no gap, no repeat"
    queries = [q for _, path, q in script.requests if path == "/2/tweets/search/recent"]
    assert queries[1]["since_id"] == x_tweet(4)["id"] and "next_token" not in queries[1]
    assert queries[2]["next_token"] == "3" and queries[2]["since_id"] == x_tweet(4)["id"]
    spent = [path for _, path, _ in script.requests].index("/2/tweets/search/recent")
    assert script.requests[spent + 1][0] - script.requests[spent][0] >= 0.9, "waited for x-rate-limit-reset"
    assert metric("netra_collector_rate_limit_waits_total", "x-search") >= 1
    post = bus_posts(bus)[0]
    assert post["author"]["handle"] == "dwi_hartanto21" and post["raw"]["data"] == x_tweet(2)
    assert post["url"] == f"https://x.com/dwi_hartanto21/status/{x_tweet(2)['id']}"


async def test_repost_and_reactions_of_a_candidate(serve, tmp_path: Path, elections: Path, monkeypatch) -> None:
    monkeypatch.setenv("NETRA_TEST_X_TOKEN", "test-bearer")
    original = x_tweet(1, "Kampanye akbar Sutopo-Ratna", author_id="555")
    retweet = x_tweet(2, "RT @sutopohadi_official: Kampanye akbar",
                      referenced_tweets=[{"type": "retweeted", "id": original["id"]}])
    base = serve(x_app(Script(), lambda: [retweet]))
    bus = await collect(config(base, "x-react", "    reactions: true\n"), tmp_path)
    posts = {p["post_id"]: p for p in bus_posts(bus)}
    assert posts[retweet["id"]]["kind"] == "repost"
    likes = [p for p in posts.values() if p.get("kind") == "like"]
    assert {p["post_id"] for p in likes} == {f"like:801:{retweet['id']}"}
    assert likes[0]["shared_from"]["handle"] == "sutopohadi_official"
    assert f"repost:901:{retweet['id']}" in posts


async def test_a_literal_token_is_refused(tmp_path: Path) -> None:
    from collectors.config import load_config
    from netra.domain.problems import InputError

    path = tmp_path / "c.yaml"
    path.write_text("sources:\n  - kind: x\n    name: a\n    token: AAAA-secret\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c.yaml:4: `token` must be env:NAME or secret:NAME"):
        load_config(path)
    path.write_text("sources:\n  - kind: x\n    name: a\n    token: env:T\n    pages: 3\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c.yaml:5: .*unknown field `pages`"):
        load_config(path)


def test_the_example_configuration_decodes() -> None:
    from collectors.config import MastodonConfig, load_config

    example = Path(__file__).resolve().parents[2] / "deploy" / "collectors.example.yaml"
    config = load_config(example)
    assert isinstance(config.sources[0], MastodonConfig) and len(config.sources) == 10
    assert config.watch.elections and Path(config.watch.elections).is_file()
