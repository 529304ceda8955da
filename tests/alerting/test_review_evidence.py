"""The case page shows each evidence item's stance and hate-speech target in the reviewer's language."""

from pathlib import Path

import msgspec

from netra.domain.decision import Evidence, HateTarget
from tests.alerting.review_world import REGION_A, World
from tests.factories import flagged


def test_stance_and_target_are_shown_in_bahasa_indonesia(tmp_path: Path) -> None:
    world = World(tmp_path)
    snapshot = flagged("77", wilayah=REGION_A, categories=("hate_speech", "endorsement"),
                       text="kaum itu sampah, jangan pilih")
    evidence = [
        Evidence("hate_speech", 5, 15, "itu sampah", "hate-speech:sara", target=HateTarget("group", "religion")),
        Evidence("endorsement", 17, 29, "jangan pilih", "call-against", stance="against"),
    ]
    world.store.record(msgspec.structs.replace(
        snapshot, decision=msgspec.structs.replace(snapshot.decision, evidence=evidence)))
    page = world.client("rev-a").get("/cases/x:77").text
    assert "<td>kelompok: agama</td>" in page
    assert "<td>menentang</td>" in page
