"""The searchable fields of a case, derived from its latest snapshot the same way by every adapter."""

import json
import re
from datetime import UTC, datetime
from typing import Any

from netra.domain.judgement import author_key
from netra.domain.post import Post
from netra.domain.snapshot import Snapshot
from netra.store.errors import StoreError
from netra.store.limits import MAX_FILTER

_WORD = re.compile(r"\w+")


def utc(value: str) -> str:
    """An ISO 8601 date or time as fixed-width UTC (`2024-11-10T01:15:00.000Z`), so strings sort as time."""
    return utc_text(parsed(value))


def parsed(value: str) -> datetime:
    """An ISO 8601 date or time as an aware datetime (no offset means UTC)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def utc_text(moment: datetime) -> str:
    """An aware datetime in the form `utc` writes."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def query_time(value: str | None, name: str) -> str | None:
    """A date bound of a queue query in `utc` form; StoreError (not a crash) when it is not ISO 8601."""
    if not value:
        return None
    if len(value) > MAX_FILTER:
        raise StoreError(f"{name} is too long")
    try:
        return utc(value)
    except (ValueError, OverflowError):
        raise StoreError(f"{name} must be an ISO 8601 date or time, not {value[:40]!r}") from None


def now() -> str:
    """The current time in the form `utc` writes."""
    return utc(datetime.now(UTC).isoformat())


def words(text: str) -> list[str]:
    """The words of a full-text query, lower-cased (what the standard analyzer would keep)."""
    return [w.lower() for w in _WORD.findall(text)]


def group_key(snapshot: Snapshot, case_id: str) -> str:
    """Posts by the same ASN about the same candidate form one group: `nip|election#number`."""
    decision = snapshot.decision
    nip = (snapshot.registry_entry.nip if snapshot.registry_entry else None) or (
        decision.asn_match.nip if decision.asn_match else None
    )
    if nip is None:
        return case_id
    candidate = next((e.candidate for e in decision.evidence if e.candidate), None)
    about = f"{candidate.election}#{candidate.number}" if candidate else "-"
    return f"{nip}|{about}"


def case_fields(snapshot: Snapshot, case_id: str) -> dict[str, Any]:
    """The filter, sort and search fields of a case whose latest decision is this snapshot's."""
    post, decision, entry = snapshot.post, snapshot.decision, snapshot.registry_entry
    shared = post.shared_from.text if post.shared_from and post.shared_from.text else ""
    return {
        "platform": post.platform,
        "post_id": post.post_id,
        "score": decision.score,
        "categories": sorted(set(decision.categories)),
        "elections": sorted({e.candidate.election for e in decision.evidence if e.candidate}),
        "nip": entry.nip if entry else (decision.asn_match.nip if decision.asn_match else None),
        "nama": entry.nama if entry else None,
        "instansi": entry.instansi if entry else None,
        "wilayah": entry.wilayah if entry else None,
        "group_key": group_key(snapshot, case_id),
        "text": f"{post.text}\n{shared}" if shared else post.text,
        "created_at": post.created_at,
        "posted_at": utc(post.created_at),
        "latest_post_sha256": snapshot.post_sha256,
        "latest_versions": json.dumps(decision.versions, sort_keys=True),
        "author": post_author(post),
    }


def post_author(post: Post) -> str | None:
    """Who wrote the post, as the queue's author filter names them: `platform#id` (stable when a
    handle changes), `platform:handle` when the platform gave no id, None when it gave neither."""
    if post.author.id:
        return author_key(post.platform, author_id=post.author.id)
    if post.author.handle:
        return author_key(post.platform, handle=post.author.handle)
    return None


def same_decision(fields: dict[str, Any], snapshot: Snapshot) -> bool:
    """The same post content judged by the same rules: a re-sighting, not a new decision version."""
    return fields["latest_post_sha256"] == snapshot.post_sha256 and fields["latest_versions"] == json.dumps(
        snapshot.decision.versions, sort_keys=True
    )
