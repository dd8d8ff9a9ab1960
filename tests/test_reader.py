"""Reading articles: metadata, offsets, and clear reasons for every skipped file."""
from __future__ import annotations

import hashlib

import pytest

from kg.errors import KgError
from kg.reader import decode_article, looks_french, parse_metadata_date, read_articles

FRENCH = "Des roquettes ont visé l'ambassade de France à Beyrouth dans la nuit de lundi, selon la police.\n"


@pytest.mark.parametrize(
    "text, date, body",
    [
        (" date 2020-02 Plusieurs roquettes", "2020-02", "Plusieurs roquettes"),
        ("date 2021-03-15\nLe texte.", "2021-03-15", "Le texte."),
        ("date: 2019\nTexte", "2019", "Texte"),
        ("date 2020-13\nTexte", None, "date 2020-13\nTexte"),  # no month 13: not metadata
        ("date 2021-02-30\nTexte", None, "date 2021-02-30\nTexte"),
        ("La date 2020-02 est passée", None, "La date 2020-02 est passée"),
        ("dates 2020 et 2021", None, "dates 2020 et 2021"),
    ],
)
def test_metadata_date_line(text, date, body):
    parsed, start = parse_metadata_date(text)
    assert parsed == date
    assert text[start:] == body


def test_seed_with_metadata_keeps_offsets_on_the_full_text(tmp_path):
    from tests.conftest import SEEDS

    articles, skipped = read_articles([SEEDS / "004_ffb251c5abeb50dd.txt"])
    (article,) = articles
    assert skipped == []
    assert article.date == "2020-02"
    assert article.text == (SEEDS / "004_ffb251c5abeb50dd.txt").read_text(encoding="utf-8")
    assert article.body.startswith("Plusieurs roquettes")
    assert article.text[article.body_start :] == article.body
    assert article.sha256 == hashlib.sha256((SEEDS / "004_ffb251c5abeb50dd.txt").read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Les autorités ont été prévenues très tôt.".encode("latin-1"), "not UTF-8"),
        (b"The rockets hit the embassy in the night and the police said that nobody was hurt in the attack.", "not French"),
        (b"date 2020-02\n\n", "no text after the metadata line"),
    ],
)
def test_bad_input_reasons(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    article, why = decode_article(path, data)
    assert article is None
    assert why.startswith(reason)


def test_bad_files_are_skipped_and_the_rest_is_read(tmp_path):
    (tmp_path / "good.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin1.txt").write_bytes("Élections à Paris, décidément.".encode("latin-1"))
    (tmp_path / "big.txt").write_text(FRENCH * 100, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored: not a .txt file", encoding="utf-8")
    articles, skipped = read_articles([tmp_path], max_bytes=1000)
    assert [a.identifier for a in articles] == ["good"]
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert set(reasons) == {"empty.txt", "latin1.txt", "big.txt"}
    assert reasons["big.txt"].startswith("too large")


def test_bom_is_not_part_of_the_text(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff".encode() + FRENCH.encode())
    (article,), _ = read_articles([path])
    assert article.text == FRENCH


def test_duplicate_identifiers_keep_the_same_file_whatever_the_order(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text(FRENCH + "Autre version.", encoding="utf-8")
    first, skipped1 = read_articles([tmp_path / "a", tmp_path / "b"])
    second, skipped2 = read_articles([tmp_path / "b", tmp_path / "a"])
    assert first == second
    assert len(skipped1) == 1 and "duplicate identifier" in skipped1[0].reason
    assert skipped1 == skipped2


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(KgError) as err:
        read_articles([tmp_path / "nope"])
    assert err.value.code == "E002"


def test_language_check():
    assert looks_french(FRENCH * 3)
    assert not looks_french("Die Raketen trafen gestern Abend die Botschaft in der Hauptstadt des Landes.")
    assert looks_french("Bagdad")  # too short to judge
