"""Name normalisation, case by case."""

import pytest

from processors.matching.names import core_name, handle_name, normalise_name, short_forms


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("Dr. H. Dwi Hartanto, S.Pd., M.Pd.", "dwi hartanto"),
        ("Hj. Sri Wahyuni S.Pd", "sri wahyuni"),
        ("K.H. Ma'ruf Amin", "maruf amin"),
        ("R.A. Kartini", "kartini"),
        ("dr. Andi Baso", "andi baso"),
        ("drg. Ani", "ani"),
        ("Prof. Dr. Ir. Budi Santoso, M.Sc.", "budi santoso"),
        ("Moch. Rizki Pratama, S.Kom.", "muhammad rizki pratama"),
        ("M.Rizki", "muhammad rizki"),
        ("Muh. Rizki", "muhammad rizki"),
        ("Mochammad Rizki", "muhammad rizki"),
        ("Mohamad Rizki", "muhammad rizki"),
        ("Abd. Rahman", "abdul rahman"),
        ("Achmad Sjarif", "ahmad syarif"),
        ("Ir. Soekarno", "sukarno"),
        ("Djoko Tjahjono", "joko cahyono"),
        ("Drs. Tjahjo Soenarjo", "cahyo sunaryo"),
        ("Joko Widodo", "joko widodo"),
        ("Chairul Tanjung", "khairul tanjung"),
        ("I Putu Gede Arsana, S.T.", "i putu gede arsana"),
        ("Roy Martua Siregar, S.H.", "roy martua siregar"),
        ("Suparman", "suparman"),
        ("Anna Marlina", "ana marlina"),
        ("Sri Wahyuni, S.Kep., Ns.", "sri wahyuni"),
        ("Siti Rahayu, A.Md.Keb.", "siti rahayu"),
        ("ÉRNA Sétiawati", "erna setiawati"),
    ],
)
def test_normalise_name(written: str, normalised: str) -> None:
    assert normalise_name(written) == normalised


@pytest.mark.parametrize(
    ("normalised", "core"),
    [
        ("i putu gede arsana", "arsana"),
        ("ni made ayu lestari", "lestari"),
        ("andi baso rahman", "baso rahman"),
        ("muhammad rizki", "rizki"),
        ("putu", "putu"),
        ("dwi hartanto", "dwi hartanto"),
    ],
)
def test_core_name(normalised: str, core: str) -> None:
    assert core_name(normalised) == core


@pytest.mark.parametrize(
    ("handle", "name"),
    [
        ("dwi_hartanto21", "dwi hartanto"),
        ("@DwiHartanto", "dwi hartanto"),
        ("dwi.hartanto", "dwi hartanto"),
        ("parman99", "parman"),
        ("m_rizki", "rizki"),
    ],
)
def test_handle_name(handle: str, name: str) -> None:
    assert handle_name(handle) == name


@pytest.mark.parametrize(
    ("token", "forms"),
    [("suparman", ("parman",)), ("sugiyono", ("giyono",)), ("susi", ()), ("hartanto", ())],
)
def test_short_forms(token: str, forms: tuple[str, ...]) -> None:
    assert short_forms(token) == forms
