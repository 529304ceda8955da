"""The synthetic registry: valid rows, valid NIPs, shared names, deterministic."""

import collections

from processors.matching.evaluate.synthetic import RegistryGenerator
from processors.matching.names import normalise_name
from processors.matching.nip import nip_problem


def test_rows_are_valid_and_names_shared() -> None:
    rows = list(RegistryGenerator(seed=1).rows(3000))
    assert all(nip_problem(row["nip"]) is None for row in rows)
    assert len({row["nip"] for row in rows}) == len(rows)
    names = collections.Counter(normalise_name(row["nama"]) for row in rows)
    assert names.most_common(1)[0][1] >= 5
    assert any("," in row["nama"] for row in rows)
    assert any(row["akun_medsos"] for row in rows)
    assert all(row["nip"][14] in "12" for row in rows)


def test_same_seed_same_rows() -> None:
    first = list(RegistryGenerator(seed=3).rows(50))
    assert first == list(RegistryGenerator(seed=3).rows(50))
    assert first != list(RegistryGenerator(seed=4).rows(50))
