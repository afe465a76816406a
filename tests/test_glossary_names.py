"""Curated questions that opt in (tag `glossary-names`) accept every name the glossary gives a term."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quiz.bank.loader import CatalogLoader
from quiz.scoring import Outcome, grade

GLOSSARY = """# Glossary

## Terms

- **CRS** (also: cytokine release syndrome): a systemic inflammatory response to activated T cells.
- **ICANS** (also: immune effector cell-associated neurotoxicity syndrome): neurological toxicity.
- **Tumour**: a mass of abnormal cells.
"""

BANK = """title: Names
topic: Testing
questions:
  - id: crs-short
    type: short
    tags: [glossary-names]
    prompt: Which toxicity follows T-cell activation with fever and low blood pressure?
    explanation: CRS.
    answers: [CRS]
  - id: crs-untagged
    type: short
    prompt: Which toxicity follows T-cell activation with fever and low blood pressure?
    explanation: CRS.
    answers: [CRS]
  - id: icans-cloze
    type: cloze
    tags: [glossary-names]
    prompt: Confusion after CAR T cells suggests {{1}}.
    explanation: ICANS.
    blanks:
      - answers: [immune effector cell-associated neurotoxicity syndrome]
  - id: nothing-to-add
    type: short
    tags: [glossary-names]
    prompt: What is a mass of abnormal cells called?
    explanation: A tumour.
    answers: [Tumour]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "material").mkdir()
    (tmp_path / "material" / "glossary.md").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "names.yaml").write_text(BANK, encoding="utf-8")
    return tmp_path


def question(loader: CatalogLoader, question_id: str):
    return next(q for q in loader.refresh().bank("names").questions if q.id == question_id)


def test_an_opted_in_short_answer_accepts_the_terms_other_names(folder):
    loader = CatalogLoader(folder)
    assert grade(question(loader, "crs-short"), "cytokine release syndrome").outcome is Outcome.CORRECT
    assert grade(question(loader, "crs-short"), "CRS").outcome is Outcome.CORRECT
    assert grade(question(loader, "crs-untagged"), "cytokine release syndrome").outcome is Outcome.INCORRECT


def test_an_opted_in_cloze_blank_accepts_the_abbreviation(folder):
    result = grade(question(CatalogLoader(folder), "icans-cloze"), ["ICANS"])
    assert result.outcome is Outcome.CORRECT


def test_opting_in_where_no_answer_has_another_name_is_a_warning_with_its_line(folder):
    problems = [str(p) for p in CatalogLoader(folder).refresh().problems]
    assert len(problems) == 1
    assert problems[0].startswith(f"{folder.name}/names.yaml:22: warning: ")
    assert "nothing-to-add" in problems[0] and "glossary-names" in problems[0]


def test_a_new_name_in_the_glossary_is_accepted_without_a_restart(folder):
    loader = CatalogLoader(folder, interval=0)
    assert grade(question(loader, "nothing-to-add"), "neoplasm").outcome is Outcome.INCORRECT
    glossary = folder / "material" / "glossary.md"
    glossary.write_text(GLOSSARY.replace("**Tumour**:", "**Tumour** (also: neoplasm):"), encoding="utf-8")
    os.utime(glossary, ns=(glossary.stat().st_mtime_ns + 10**9,) * 2)
    assert grade(question(loader, "nothing-to-add"), "neoplasm").outcome is Outcome.CORRECT
    assert loader.refresh().problems == ()


def test_validate_reports_what_the_app_reports(folder, runner, app_config):
    app = runner.app
    app.config["QUESTIONS_DIR"] = str(folder)
    result = runner.invoke(args=["questions", "validate"])
    assert result.exit_code == 0, result.output
    assert "names.yaml:22: warning:" in result.output and "glossary-names" in result.output
