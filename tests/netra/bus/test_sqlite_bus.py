"""The embedded bus keeps what was flushed, resumes a group after its commit, and forgets nothing."""

from pathlib import Path

from netra.bus.sqlite import SqlitePublisher, SqliteSubscription


async def test_a_group_resumes_after_its_last_commit(tmp_path: Path) -> None:
    path = tmp_path / "bus.sqlite"
    publisher = SqlitePublisher(path)
    for n in range(5):
        await publisher.publish("t", b"k", f"m{n}".encode(), {"h": str(n)})
    await publisher.flush()

    first = SqliteSubscription(path, "t", "g")
    batch = await first.fetch(3, timeout=0)
    assert [m.value for m in batch] == [b"m0", b"m1", b"m2"] and batch[1].headers == {"h": "1"}
    await first.commit(batch[:2])
    first.close()  # a crash after fetching m2 but before committing it

    again = SqliteSubscription(path, "t", "g")
    assert [m.value for m in await again.fetch(10, timeout=0)] == [b"m2", b"m3", b"m4"]
    assert again.lag() == 3
    other_group = SqliteSubscription(path, "t", "other")
    assert len(await other_group.fetch(10, timeout=0)) == 5


async def test_unflushed_records_are_not_visible(tmp_path: Path) -> None:
    path = tmp_path / "bus.sqlite"
    publisher = SqlitePublisher(path)
    await publisher.publish("t", None, b"pending")
    subscription = SqliteSubscription(path, "t", "g")
    assert await subscription.fetch(10, timeout=0) == []
    await publisher.flush()
    assert [m.value for m in await subscription.fetch(10, timeout=0)] == [b"pending"]


async def test_latest_value_of_a_key(tmp_path: Path) -> None:
    publisher = SqlitePublisher(tmp_path / "bus.sqlite")
    for cursor in (b"10", b"20"):
        await publisher.publish("cursors", b"src", cursor)
    await publisher.publish("cursors", b"other", b"99")
    await publisher.flush()
    assert publisher.latest("cursors", b"src") == b"20"
    assert publisher.latest("cursors", b"none") is None
