"""Typed answers (short answers and cloze blanks): a right answer is never marked wrong for its spelling."""

from __future__ import annotations

import pytest

from quiz.bank.model import AcceptedAnswer, Blank, Kind, Question
from quiz.kinds.typed import answer_key, answer_keys, match_text
from quiz.scoring import Outcome, grade

# (typed by a learner, accepted answer in the bank): each pair must match.
SAME_ANSWER = [
    ("0-1", "0–1"),  # hyphen typed, en dash in the key
    ("0 - 1", "0–1"),  # spaces around the dash
    ("-5", "−5"),  # minus sign
    ("beta-catenin", "β-catenin"),
    ("Beta catenin", "β-catenin"),
    ("TGF-beta", "TGF-β"),
    ("TNF alpha", "TNF-α"),
    ("IFN-γ", "IFN gamma"),
    ("tumor", "tumour"),
    ("Tumors", "tumours"),
    ("hematology", "haematology"),
    ("esophagus", "oesophagus"),
    ("leukemia", "leukaemia"),
    ("edema", "oedema"),
    ("diarrhea", "diarrhoea"),
    ("estrogen receptor", "oestrogen receptor"),
    ("signaling", "signalling"),
    ("humanized", "humanised"),
    ("recognize", "recognise"),
    ("randomization", "randomisation"),
    ("T cell", "T-cell"),
    ("Tcell", "T cell"),
    ("PD L1", "PD-L1"),
    ("pdl1", "PD-L1"),
    ("CD-19", "CD19"),
    ("anti-CTLA-4", "anti‑CTLA‑4"),  # non-breaking hyphens in the key
    ("PD-1/PD-L1", "PD-1 / PD-L1"),
    ("Hodgkin's", "Hodgkin’s"),  # typographic apostrophe
    ("Hodgkins", "Hodgkin's"),
    ("Guillain-Barre", "Guillain–Barré"),  # accent and dash
    ("CD19.", "CD19"),
    ("  cytokine   release  syndrome ", "Cytokine release syndrome"),
    ("IL-2", "IL2"),
    ("CRS", "Cytokine release syndrome (CRS)"),  # a trailing bracket names the whole thing
    ("cytokine release syndrome", "Cytokine release syndrome (CRS)"),
    ("innate resistance", "Primary (innate) resistance"),  # a bracket inside offers another word
    ("primary resistance", "Primary (innate) resistance"),
    ("primary innate resistance", "Primary (innate) resistance"),
]

# Pairs that must stay different: normalising must never merge two different answers.
DIFFERENT_ANSWERS = [
    ("1-2", "12"),
    ("1 2", "12"),
    ("CD19", "CD20"),
    ("PD-1", "PD-L1"),
    ("grade 2", "grade 3"),
    ("IL-2", "IL-12"),
    ("alpha", "beta"),
    ("CTLA-4", "LAG-3"),
    ("tumor", "tumors"),
    ("cytokine", "cytokines release"),
    ("resistance", "Primary (innate) resistance"),
    ("syndrome", "Cytokine release syndrome (CRS)"),
]


@pytest.mark.parametrize(("typed", "key"), SAME_ANSWER)
def test_spelling_variants_of_the_right_answer_match(typed, key):
    assert match_text(typed, [AcceptedAnswer(key)]) is not None
    assert answer_key(typed) in answer_keys(key)


@pytest.mark.parametrize(("typed", "key"), DIFFERENT_ANSWERS)
def test_different_answers_stay_different(typed, key):
    assert match_text(typed, [AcceptedAnswer(key)]) is None


def test_a_short_answer_typed_with_a_hyphen_is_right_when_the_key_has_an_en_dash():
    question = Question(
        id="grade", kind=Kind.SHORT, prompt="Which grades?", explanation="", answers=(AcceptedAnswer("1–2"),)
    )
    assert grade(question, "1-2").outcome is Outcome.CORRECT
    assert grade(question, "12").outcome is Outcome.INCORRECT


def test_a_cloze_blank_accepts_greek_letters_spelt_out_and_british_spellings():
    question = Question(
        id="wnt",
        kind=Kind.CLOZE,
        prompt="Active {{1}} signalling in the {{2}} keeps T cells out.",
        explanation="",
        blanks=(Blank((AcceptedAnswer("β-catenin"),)), Blank((AcceptedAnswer("tumour"),))),
    )
    result = grade(question, ["beta-catenin", "tumor"])
    assert result.outcome is Outcome.CORRECT
    assert result.parts == (True, True)


def test_regular_expression_answers_see_unified_dashes_but_keep_their_own_spacing_rules():
    pattern = [AcceptedAnswer(r"cd[- ]?19", regex=True)]
    assert match_text("CD–19", pattern) is not None
    assert match_text("CD 19", pattern) is not None
    assert match_text("CD 20", pattern) is None


def test_case_sensitive_answers_still_care_about_case():
    question = Question(
        id="gene",
        kind=Kind.SHORT,
        prompt="Which gene symbol?",
        explanation="",
        answers=(AcceptedAnswer("BRAF"),),
        case_sensitive=True,
    )
    assert grade(question, "BRAF").outcome is Outcome.CORRECT
    assert grade(question, "braf").outcome is Outcome.INCORRECT
