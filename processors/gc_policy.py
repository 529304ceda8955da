"""Garbage collection in long-running stages: full collections between batches, not in a record.

CPython starts a full (generation-2) collection on its own, inside whatever allocation tips
the count over: at 4.3 M registry rows that was one author match in ~3,500 paying a few
milliseconds. When a stage starts (the registry index and models are loaded), the stage
runner calls `settle()`, which moves everything alive out of the collector's sight
(`gc.freeze`) and stops the collector starting full collections itself; after each committed
batch it calls `collect_between_batches()`, which runs the full collection CPython would have
run, at the same cadence, while no record is in hand. Young collections (generations 0 and
1) are left as they are: they walk only what the current batch allocated.
"""

import gc

# Middle-generation collections between full ones: CPython's own default third threshold.
FULL_AFTER = 10
# A third threshold no count reaches: the collector never starts a full collection itself.
NEVER = 2**31 - 1


def settle() -> None:
    """Collect once, freeze what is alive (loaded for good) and defer full collections to
    `collect_between_batches`. Idempotent: call it again after loading more."""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, NEVER)


def full_collections_deferred() -> bool:
    """Whether `settle` has taken full collections from the collector."""
    return gc.get_threshold()[2] == NEVER


def collect_between_batches() -> bool:
    """Run the full collection that is due (after FULL_AFTER middle-generation collections),
    when `settle` deferred them; True when one ran."""
    if not full_collections_deferred() or gc.get_count()[2] < FULL_AFTER:
        return False
    gc.collect()
    return True
