"""Store-level bounds on what callers may write or ask, the same on every adapter (see docs/store.md)."""

from netra.failures import Rejected
from netra.store.errors import StoreError

MAX_PAGE = 500            # rows per queue page (a larger `limit` is clamped)
MAX_NOTE = 4_000          # characters of a note
MAX_REASON = 1_000        # characters of a workflow reason
MAX_ACTOR = 200           # characters of an actor name
MAX_QUERY_TEXT = 200      # characters of a full-text query
MAX_QUERY_WORDS = 16      # words of a full-text query
MAX_FILTER = 200          # characters of one filter value (status, region, agency, ...)
MAX_KEYWORD = 1_000       # characters of a stored keyword (name, agency, region, label)
MAX_POST_ID_BYTES = 256   # UTF-8 bytes of a post id: the decoder's bound (netra.domain.post)
MAX_FACTS_BYTES = 64_000  # JSON bytes of one author's facts
MAX_REGIONS = 200         # regions in one query's `wilayah_in` (the largest province has 38 kabupaten/kota)


def bounded(value: str, limit: int, what: str) -> str:
    """`value` if it fits `limit` characters; StoreError naming the limit otherwise."""
    if len(value) > limit:
        raise StoreError(f"{what} is {len(value)} characters; the limit is {limit}")
    return value


def keyword_fits(value: str | None, what: str, key: str) -> None:
    """Rejected (for good) when a stored keyword field of a record is longer than MAX_KEYWORD."""
    if value is not None and len(value) > MAX_KEYWORD:
        raise Rejected(f"{what} is {len(value)} characters; the store keeps at most {MAX_KEYWORD}", key)
