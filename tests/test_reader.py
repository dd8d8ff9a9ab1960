"""Reading articles: metadata, offsets, and clear reasons for every skipped file."""
from __future__ import annotations

import hashlib

import pytest

from kg.errors import KgError
from kg.build.reader import decode_article, looks_french, parse_metadata_date, read_articles

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
    (tmp_path / "english.txt").write_text("The rockets hit the embassy in the night and nobody was hurt at all.", encoding="utf-8")
    (tmp_path / "big.txt").write_text(FRENCH * 100, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored: not a .txt file", encoding="utf-8")
    articles, skipped = read_articles([tmp_path], max_bytes=1000)
    assert [a.identifier for a in articles] == ["good"]
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert set(reasons) == {"empty.txt", "english.txt", "big.txt"}
    assert reasons["big.txt"].startswith("too large")


@pytest.mark.parametrize(
    "data, encoding",
    [
        # French letters are the same bytes in Latin-1 and Windows-1252: read as cp1252
        ("Des roquettes ont visé l'ambassade à Beyrouth, a précisé la police, et la situation reste tendue.".encode("latin-1"), "cp1252"),
        # byte 0x81 has no character in Windows-1252: only Latin-1 reads it
        ("Des roquettes ont visé l'ambassade à Beyrouth, a précisé la police, et la situation reste tendue.".encode("latin-1") + b"\x81", "latin-1"),
    ],
)
def test_legacy_encodings_are_decoded_and_recorded(tmp_path, data, encoding):
    path = tmp_path / "old.txt"
    path.write_bytes(data)
    (article,), skipped = read_articles([path])
    assert skipped == [] and article.text.startswith("Des roquettes ont visé l'ambassade à Beyrouth")
    assert article.encoding == encoding
    assert article.sha256 == hashlib.sha256(data).hexdigest()


def test_cp1252_quotes_are_read_as_such(tmp_path):
    path = tmp_path / "q.txt"
    path.write_bytes("L’armée a déclaré que la frappe avait touché la base, selon la presse locale du pays.".encode("cp1252"))
    (article,), _ = read_articles([path])
    assert article.encoding == "cp1252" and "L’armée" in article.text


def test_html_pages_are_read_as_their_text(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>x</title><script>var a = '<p>no</p>';</script></head>"
        "<body><h1>Attaque &agrave; Bagdad</h1><p>Des roquettes ont vis&eacute; l&#8217;ambassade, "
        "a indiqu&eacute; la police.</p><p>&lt;script&gt; reste du texte.</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    (article,), _ = read_articles([tmp_path])
    assert article.media_type == "text/html"
    assert article.text == "Attaque à Bagdad\nDes roquettes ont visé l’ambassade, a indiqué la police.\n<script> reste du texte.\n"
    assert "var a" not in article.text


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
