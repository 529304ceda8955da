"""Reactions already handed on, kept in the source's checkpoint so that re-reading a list of
likers (which has no time order to resume from) after a restart repeats nobody."""

import hashlib
from typing import Any

POSTS_KEPT = 50  # the newest candidate posts whose reactions are tracked


class Ledger:
    """Per candidate post, short hashes of the reactions seen; lives inside a cursor's state."""

    def __init__(self, state: dict[str, Any]) -> None:
        self._posts: dict[str, list[str]] = state.setdefault("reactions", {})

    def fresh(self, post_id: str, reaction_id: str) -> bool:
        """True the first time this reaction to this post is seen (and remembers it)."""
        mark = hashlib.sha256(reaction_id.encode()).hexdigest()[:12]
        seen = self._posts.setdefault(post_id, [])
        if mark in seen:
            return False
        seen.append(mark)
        while len(self._posts) > POSTS_KEPT:
            self._posts.pop(next(iter(self._posts)))
        return True
