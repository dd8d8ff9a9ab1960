"""The name normalizer, measured on name pairs written for this test (not from the seeds)."""
from __future__ import annotations

import pytest

from kg.names import acronym, begins, ends, name_key, same_name, skeleton

SAME = [  # one person or group, several spellings
    ("Abou Mehdi al-Mouhandis", "Abu Mahdi al-Muhandis"),
    ("Abou Mahdi al-Mohandes", "Abu Mahdi al-Muhandis"),
    ("Hachd al-Chaabi", "Hashed al-Shaabi"),
    ("Harakat al-Noujaba", "Harakat al-Nujaba"),
    ("Qassem Soleimani", "Kassem Souleimani"),
    ("Ghassem Soleimani", "Qassem Soleimani"),
    ("Moqtada al-Sadr", "Muqtada al-Sadr"),
    ("Nouri al-Maliki", "Nuri al-Maliki"),
    ("Hassan Nasrallah", "Hasan Nasrallah"),
    ("Mahmoud Abbas", "Mahmud Abbas"),
    ("Bachar al-Assad", "Bashar al-Assad"),
    ("Mouammar Kadhafi", "Muammar Gaddafi"),
    ("Abdel Fattah al-Sissi", "Abdel Fattah el-Sisi"),
    ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"),
    ("Oussama ben Laden", "Ousama bin Laden"),
    ("Mohammed ben Salmane", "Mohamed bin Salman"),
    ("Ebrahim Raïssi", "Ibrahim Raisi"),
    ("Moustafa al-Kazimi", "Mustafa al-Kadhimi"),
    ("Hezbollah", "Hizbollah"),
    ("Daech", "Daesh"),
]
DIFFERENT = [  # different people or groups that look alike
    ("Adel Abdel Mahdi", "Abu Mahdi al-Muhandis"),
    ("Joe Biden", "Hunter Biden"),
    ("Ali Khamenei", "Ali Larijani"),
    ("Hassan Rohani", "Hassan Nasrallah"),
    ("Bachar al-Assad", "Hafez al-Assad"),
    ("Mohammed ben Salmane", "Mohammed ben Zayed"),
    ("Qassem Soleimani", "Qassem al-Araji"),
    ("Moqtada al-Sadr", "Mohammed Sadiq al-Sadr"),
    ("Hamas", "Hezbollah"),
    ("Abdel Fattah al-Sissi", "Abdel Fattah al-Burhan"),
    ("Nouri al-Maliki", "Nouri al-Said"),
    ("Hachd al-Chaabi", "Harakat al-Nujaba"),
    ("Mahmoud Abbas", "Mahmoud Ahmadinejad"),
    ("Ali Sistani", "Ali Khamenei"),
]


def test_precision_and_recall_on_written_pairs():
    predicted_same = [(a, b) for a, b in SAME + DIFFERENT if same_name(a, b)]
    true_positives = [pair for pair in predicted_same if pair in SAME]
    precision = len(true_positives) / len(predicted_same)
    recall = len(true_positives) / len(SAME)
    print(f"name matching: precision {precision:.2f}, recall {recall:.2f} on {len(SAME)} + {len(DIFFERENT)} pairs")
    assert precision == 1.0  # different people must stay apart
    assert recall >= 0.9


@pytest.mark.parametrize("a, b", DIFFERENT)
def test_different_people_stay_apart(a, b):
    assert not same_name(a, b)
    assert not ends(name_key(a), name_key(b)) and not ends(name_key(b), name_key(a))


@pytest.mark.parametrize(
    "word, expected",
    [("Mouhandis", "mhnds"), ("Mohandes", "mhnds"), ("Muhandis", "mhnds"), ("Chaabi", "shb"), ("Shaabi", "shb"), ("Abou", "ab")],
)
def test_skeleton(word, expected):
    assert skeleton(word) == expected


def test_short_forms_and_acronyms():
    assert ends(name_key("Trump"), name_key("Donald Trump"))
    assert ends(name_key("al-Muhandis"), name_key("Abou Mehdi al-Mouhandis"))
    assert ends(name_key("Nujaba"), name_key("Harakat al-Noujaba"))
    assert begins(name_key("Hashed"), name_key("Hachd al-Chaabi"))
    assert not ends(name_key("Mahdi"), name_key("Abu Mahdi al-Muhandis"))
    assert acronym("Agence France Presse") == "AFP"
    assert acronym("Hezbollah") is None
