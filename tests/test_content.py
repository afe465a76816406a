"""Checks on the shipped content: curated banks, material, and the links between them."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from quiz import create_app
from quiz.bank.lint.run import lint_banks
from quiz.bank.loader import CatalogLoader
from quiz.bank.material.sections import material_anchors, sections
from quiz.bank.model import Kind, choice_weights

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "questions"
MATERIAL = QUESTIONS / "material"
CATALOG = CatalogLoader(QUESTIONS).refresh()
CURATED = [bank for bank in CATALOG.banks.values() if not bank.id.startswith("generated/")]
ALL_QUESTIONS = [(bank, q) for bank in CATALOG.banks.values() for q in bank.questions]
CURATED_QUESTIONS = [(bank, q) for bank in CURATED for q in bank.questions]


def test_every_shipped_bank_loads_without_errors_or_warnings():
    assert [str(p) for p in CATALOG.problems] == []


def test_at_least_280_curated_questions_over_10_topics():
    assert len(CURATED_QUESTIONS) >= 280
    assert len({q.topic for _, q in CURATED_QUESTIONS}) >= 10


def test_curated_banks_use_every_question_type():
    assert {q.kind for _, q in CURATED_QUESTIONS} == set(Kind) - {Kind.DESCRIPTION}


def test_every_question_has_an_explanation_difficulty_and_existing_source():
    anchors = material_anchors(MATERIAL)
    for bank, question in ALL_QUESTIONS:
        where = f"{bank.id}/{question.id}"
        assert question.explanation.strip(), where
        assert question.difficulty is not None, where
        assert question.source in anchors, f"{where}: unknown source {question.source!r}"


def test_no_two_curated_questions_share_a_prompt():
    prompts = Counter(" ".join(q.prompt.lower().split()) for _, q in CURATED_QUESTIONS)
    assert [p for p, n in prompts.items() if n > 1] == []


def test_the_correct_choice_is_not_usually_the_longest():
    longest_is_right = total = 0
    for _, question in CURATED_QUESTIONS:
        if question.kind is not Kind.SINGLE:
            continue
        total += 1
        weights = choice_weights(question)
        lengths = [len(c.text) for c in question.choices]
        right = weights.index(max(weights))
        longest_is_right += lengths[right] == max(lengths) and lengths.count(max(lengths)) == 1
    assert total > 50
    assert longest_is_right / total < 0.25, f"{longest_is_right} of {total}"


def test_no_question_refers_to_another_question():
    # Questions are shuffled, so a case may not continue "the same patient" from elsewhere.
    for _bank, question in CURATED_QUESTIONS:
        assert not re.search(r"\b(same patient|previous question|question above)\b", question.prompt, re.I), question.id


@pytest.mark.parametrize(
    "path", sorted(p for p in MATERIAL.glob("*.md") if p.name != "README.md"), ids=lambda p: p.stem
)
def test_material_pages_have_one_title_sections_and_the_disclaimer(path):
    text = path.read_text(encoding="utf-8")
    found = sections(text)
    assert [s.level for s in found].count(1) == 1
    assert sum(1 for s in found if s.level == 2) >= 3
    assert "not medical advice" in text.lower()


def _normalised(sentence: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", sentence.lower()).split())


def test_no_sentence_is_copied_from_the_seed_document():
    # The seed's sentences are kept only as hashes (tests/data/seed_sentences.sha256), never as text.
    lines = (ROOT / "tests" / "data" / "seed_sentences.sha256").read_text(encoding="utf-8").splitlines()
    seed = {line for line in lines if line and not line.startswith("#")}
    assert len(seed) >= 5
    texts = [p.read_text(encoding="utf-8") for p in MATERIAL.glob("*.md")]
    texts += [f"{q.prompt}\n{q.explanation}" for _, q in CURATED_QUESTIONS]
    ours = [s for text in texts for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(_normalised(s)) > 40]
    assert len(ours) > 1000
    copied = [s for s in ours if hashlib.sha256(_normalised(s).encode()).hexdigest() in seed]
    assert copied == []


def test_material_is_served_with_anchors_for_every_cited_section(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x" * 40,
            "QUESTIONS_DIR": str(QUESTIONS),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )
    client = app.test_client()
    index = client.get("/material/").get_data(as_text=True)
    cited = Counter(q.source for _, q in ALL_QUESTIONS)
    pages: dict[str, str] = {}
    for source in cited:
        page, _, anchor = source.partition("#")
        if page not in pages:
            response = client.get(f"/material/{page}")
            assert response.status_code == 200, page
            pages[page] = response.get_data(as_text=True)
            assert f"/material/{page}" in index
        if anchor:
            assert f'id="{anchor}"' in pages[page], source


def test_the_curated_banks_pass_the_item_writing_linter():
    report = lint_banks(CURATED)
    assert [str(finding) for finding in report.findings] == []
    assert [figure.text for figure in report.figures if figure.flagged] == []


def test_at_least_40_percent_of_the_curated_questions_are_tagged_clinical_vignettes():
    vignettes = [q for _, q in CURATED_QUESTIONS if "vignette" in q.tags]
    assert len(vignettes) / len(CURATED_QUESTIONS) >= 0.40
    assert all(q.kind is not Kind.DESCRIPTION for q in vignettes)
