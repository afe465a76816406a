"""The question generator: Markdown study material in, YAML banks out (pure, no app)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from quiz.bank.errors import BankError
from quiz.bank.generate.banks import generate, generate_banks
from quiz.bank.generate.files import generate_files, material_corpus, material_files, regenerate, render_yaml
from quiz.bank.loader import parse_file
from quiz.bank.material.inline import render
from quiz.bank.material.sections import material_anchors, sections
from quiz.bank.model import Kind, Question
from quiz.bank.yaml.reader import parse_yaml
from quiz.scoring import Outcome, grade

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "material"
VOLCANOES = (DATA / "volcanoes.md").read_text(encoding="utf-8")
KIND_OF_RULE = {
    "glossary": Kind.SINGLE,
    "table": Kind.SINGLE,
    "matching": Kind.MATCHING,
    "cloze": Kind.CLOZE,
}

# Markdown that is easy to get wrong: characters special to Markdown or to YAML, everywhere.
SPECIAL = """\
# Odd *characters*

## Terms & symbols: a glossary

- **a_b**: a name with an _underscore_ and a `code span` in it.
- **2 \\* 3**: an escaped asterisk, then: a colon.
- **#hash**: starts with a hash; {braces} and [brackets] too.
- **- dash**: "quoted", 'single' and <angle> text.
- **é ü ß**: unicode only — with a dash.
- **\\*stars\\***: literal \\_underscores\\_ and \\`backticks\\` around words.

## A table

| Sign | Meaning |
|---|---|
| Star | `*`: bold marker |
| Pipe | a \\| b |
| Hash | # heading marker |
| Quote | > quote marker |
| Curly | {{not a blank}} |
| Dash | - not a list |

## Lists

- *Emphasised* item
- Item: with a colon
- 1. numbered-looking

## Other list

- @at sign
- !bang
- % percent

Text with a **key: term** in it, and more words after it.
"""


MATERIALS = [(VOLCANOES, "volcanoes"), (SPECIAL, "special")]
# A glossary at the end of a small material makes its bold terms glossary terms, which a cloze may blank.
TERMS = """
## Glossary

- **Magma chamber**: a store of molten rock under a volcano.
- **Vent**: an opening that lets lava out.
- **Crater**: a bowl at the top of a volcano.
"""


def bank_of(markdown: str, stem: str):
    banks = generate_banks(markdown, stem)
    assert len(banks) == 1
    return banks[0]


def by_id(questions: tuple[Question, ...]) -> dict[str, Question]:
    return {q.id: q for q in questions}


def words(text: str) -> str:
    """An independent normaliser for the tests: lower-case letters and digits, one space apart."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"[^\W_]+", text))


def shown(md: str) -> str:
    """What a learner reads: the Markdown parsed as the app does (raw HTML is text), as plain text."""
    children = MarkdownIt("commonmark", {"html": False}).parseInline(md)[0].children or []
    parts = [t.content for t in children if t.type in ("text", "code_inline", "text_special")]
    parts += [" " for t in children if t.type in ("softbreak", "hardbreak")]
    return "".join(parts)


def correct(question: Question) -> list[str]:
    return [c.text for c in question.choices if c.correct]


def wrong(question: Question) -> list[str]:
    return [c.text for c in question.choices if not c.correct]


@pytest.fixture(scope="module")
def volcanoes():
    return bank_of(VOLCANOES, "volcanoes")


def test_every_rule_makes_its_kind_of_question(volcanoes):
    rules = {q.tags[0] for q in volcanoes.questions}
    assert rules == set(KIND_OF_RULE)
    for question in volcanoes.questions:
        assert question.kind is KIND_OF_RULE[question.tags[0]], question.id


def test_bank_metadata(volcanoes):
    assert volcanoes.title == "Volcanoes (generated)"
    assert volcanoes.filename == "volcanoes.yaml"
    assert all(q.topic == "Volcanoes" for q in volcanoes.questions)
    difficulty = {q.tags[0]: q.difficulty.value for q in volcanoes.questions if q.difficulty}
    assert difficulty == {
        "glossary": "easy",
        "table": "easy",
        "matching": "medium",
        "cloze": "medium",
    }


def test_glossary_entries_ask_both_ways(volcanoes):
    questions = by_id(volcanoes.questions)
    definitions = {
        "molten rock stored beneath the Earth's surface.",
        "molten rock that has reached the surface through a vent.",
        "fragments of rock thrown into the air by an explosive eruption.",
        "a large basin left when the ground collapses into an emptied magma chamber.",
        "a fast-moving mudflow of volcanic debris and water.",
        "an opening in the ground that gives off steam and volcanic gases.",
        "a fixed upwelling of hot mantle that melts the plate above it.",
        "an instrument that records ground shaking.",
    }
    terms = {"Magma", "Lava", "Tephra", "Caldera", "Lahar", "Fumarole", "Hotspot", "Seismometer"}

    to_definition = questions["gloss-magma-definition"]
    assert to_definition.prompt == "Which definition fits **Magma**?"
    assert correct(to_definition) == ["molten rock stored beneath the Earth's surface."]
    assert len(wrong(to_definition)) == 3 and set(wrong(to_definition)) <= definitions

    to_term = questions["gloss-magma-term"]
    assert to_term.prompt == "Which term is defined as “molten rock stored beneath the Earth's surface”?"
    assert correct(to_term) == ["Magma"]
    assert len(wrong(to_term)) == 3 and set(wrong(to_term)) <= terms
    # "**Caldera:** ..." (colon inside the bold) is an entry too.
    assert correct(questions["gloss-caldera-term"]) == ["Caldera"]
    assert to_term.explanation == "**Magma**: molten rock stored beneath the Earth's surface."


def test_table_rows_become_single_choice_and_matching(volcanoes):
    questions = by_id(volcanoes.questions)
    fuji = questions["table-mount-fuji-type"]
    assert fuji.prompt == "What is the type of the volcano “Mount Fuji”?"
    assert correct(fuji) == ["Stratovolcano"]
    assert set(wrong(fuji)) <= {"Shield volcano", "Cinder cone", "Caldera"}  # the other values of the column
    assert "Mount Fuji" in fuji.explanation and "Japan" in fuji.explanation
    assert correct(questions["table-paricutin-country"]) == ["Mexico"]
    assert correct(questions["table-krakatoa-last-major-eruption"]) == ["1883"]

    matching = [q for q in volcanoes.questions if q.kind is Kind.MATCHING]
    assert [q.id for q in matching] == ["match-volcano-type-1", "match-volcano-type-2"]
    assert matching[0].prompt == "Match each volcano to its type."
    pairs = [pair for q in matching for pair in q.pairs]
    assert pairs[:2] == [("Mauna Loa", "Shield volcano"), ("Mount Fuji", "Stratovolcano")]
    assert len(pairs) == 6  # every row once, in a few rows per question
    for question in matching:
        assert 2 <= len(question.pairs) <= 4
        assert not {d.casefold() for d in question.distractors} & {r.casefold() for _, r in question.pairs}


def test_table_prompts_read_well_whatever_the_headers():
    markdown = """\
## Drugs

| Drug | Ligands | Used in | Where it acts | Trade-off | Role of the drug | How it is given | Dose used |
|---|---|---|---|---|---|---|---|
| Alpha | A1 | Lung | Blood | Cost | First line | Vein | 1 mg |
| Beta | B1 | Skin | Lymph | Speed | Second line | Mouth | 2 mg |
| Gamma | C1 | Bone | Gut | Safety | Third line | Skin | 3 mg |
"""
    prompts = {q.id: q.prompt for q in bank_of(markdown, "drugs").questions}
    assert prompts["table-alpha-ligands"] == "What are the ligands of the drug “Alpha”?"
    assert prompts["table-alpha-used-in"] == "What is the drug “Alpha” used in?"
    assert prompts["table-alpha-where-it-acts"] == "Where does the drug “Alpha” act?"
    assert prompts["table-alpha-how-it-is-given"] == "How is the drug “Alpha” given?"
    assert prompts["table-alpha-dose-used"] == "What is the dose used for the drug “Alpha”?"
    assert prompts["table-alpha-trade-off"] == "What is the trade-off of the drug “Alpha”?"
    assert prompts["table-alpha-role-of-the-drug"] == "What is the role of the drug for the drug “Alpha”?"
    assert prompts["match-drug-ligands-1"] == "Match each drug to its ligands."


def test_bulleted_lists_are_refused_not_asked(volcanoes):
    assert not [q for q in volcanoes.questions if q.id.startswith("list-")]
    report = "\n".join(r.report("volcanoes.md") for r in generate(VOLCANOES, "volcanoes").refused)
    assert 'volcanoes.md:30: question "list-types-of-volcano" refused (list-not-asked)' in report


def test_bold_terms_in_sentences_become_cloze(volcanoes):
    questions = by_id(volcanoes.questions)
    shield = questions["cloze-shield-volcano"]
    assert shield.prompt.startswith("Mauna Loa is a broad {{1}} built from runny basalt lava")
    assert [a.text for a in shield.blanks[0].answers] == ["shield volcano"]
    # Not a glossary term: a drop-down of terms of the same kind, the key among them.
    # "composite volcano" is in the sentence already, so it is not offered.
    assert sorted(shield.blanks[0].choices) == ["dormant volcano", "extinct volcano", "shield volcano"]
    dormant = questions["cloze-dormant-volcano"]  # after "a", no option may start with a vowel
    assert "extinct volcano" not in dormant.blanks[0].choices and len(dormant.blanks[0].choices) == 3
    assert shield.explanation.endswith("built from layers of ash and lava.")
    cloze = [q for q in volcanoes.questions if q.kind is Kind.CLOZE]
    for question in cloze:
        assert question.prompt.count("{{1}}") == 1
        assert words(question.blanks[0].answers[0].text) not in words(question.prompt.replace("{{1}}", " "))
        typed = not question.blanks[0].choices
        assert typed == (question.blanks[0].answers[0].text.casefold() in {"hotspot", "seismometer"}), question.id


def test_glossary_aliases_are_accepted_when_typed(volcanoes):
    hotspot = by_id(volcanoes.questions)["cloze-hotspot"]
    assert hotspot.prompt.endswith("while Hawaii sits over a {{1}} in the middle of the Pacific plate.")
    for typed in ["hotspot", "hot spot", "Hot-spot", "mantle plume", "seismometer"]:
        expected = Outcome.INCORRECT if typed == "seismometer" else Outcome.CORRECT
        assert grade(hotspot, [typed]).outcome is expected, typed
    seismometer = by_id(volcanoes.questions)["cloze-seismometer"]
    assert grade(seismometer, ["seismograph"]).outcome is Outcome.CORRECT


def test_aliases_are_not_part_of_the_definition(volcanoes):
    to_definition = by_id(volcanoes.questions)["gloss-hotspot-definition"]
    assert correct(to_definition) == ["a fixed upwelling of hot mantle that melts the plate above it."]
    assert to_definition.prompt == "Which definition fits **Hotspot**?"


def test_cloze_accepts_either_part_of_a_glossary_term_with_its_abbreviation():
    markdown = (
        "## Glossary\n\n- **Tumour proportion score (TPS)**: the share of stained tumour cells.\n"
        "- **CPS**: a score.\n- **TMB**: a count.\n\n"
        "## Scores\n\nThe **tumour proportion score (TPS)** counts stained tumour cells only.\n"
    )
    [question] = [q for q in bank_of(markdown, "scores").questions if q.kind is Kind.CLOZE]
    answers = [a.text for a in question.blanks[0].answers]
    assert answers == ["tumour proportion score (TPS)", "tumour proportion score", "TPS"]
    for typed in [*answers, "tps", "tumor proportion score"]:
        assert grade(question, [typed]).outcome is Outcome.CORRECT
    # When the sentence spells out one part elsewhere, that part would give the answer away.
    given_away = markdown.replace("counts stained tumour cells only", "is not the same as a TPS of zero")
    assert not [q for q in bank_of(given_away, "scores").questions if q.kind is Kind.CLOZE]


@pytest.mark.parametrize(("markdown", "stem"), MATERIALS, ids=["volcanoes", "special"])
def test_distractors_are_never_the_answer_nor_in_the_prompt(markdown, stem):
    for question in bank_of(markdown, stem).questions:
        prompt = f" {words(question.prompt)} "
        if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
            texts = [words(c.text).replace(" ", "") for c in question.choices]
            assert len(set(texts)) == len(texts), question.id  # no answer twice, however it is written
            assert len(wrong(question)) >= 2, question.id
            assert len(correct(question)) == 1 or question.kind is Kind.MULTIPLE
            for choice in question.choices:
                assert f" {words(choice.text)} " not in prompt, (question.id, choice.text)
        elif question.kind is Kind.MATCHING:
            rights = {words(right) for _, right in question.pairs}
            assert not rights & {words(d) for d in question.distractors}
            assert len(rights | {words(d) for d in question.distractors}) >= 3


def test_distractors_come_from_the_same_kind_of_thing(volcanoes):
    columns = {
        "type": {"Shield volcano", "Stratovolcano", "Cinder cone", "Caldera"},
        "country": {"United States", "Japan", "Italy", "Mexico", "Indonesia"},
        "last-major-eruption": {"2022", "1707", "1944", "1952", "1883", "1980"},
    }
    terms = {"Magma", "Lava", "Tephra", "Caldera", "Lahar", "Fumarole", "Hotspot", "Seismometer"}
    checked = 0
    for question in volcanoes.questions:
        choices = {c.text for c in question.choices}
        if question.tags == ("table",):
            column = next(name for name in columns if question.id.endswith(f"-{name}"))
            assert choices <= columns[column], question.id  # years with years, countries with countries
            checked += 1
        elif question.id.startswith("gloss-") and question.id.endswith("-term"):
            assert choices <= terms, question.id
            checked += 1
        elif question.kind is Kind.MATCHING:
            assert set(question.distractors) <= columns["type"]
            checked += 1
    assert checked == 15 + 8 + 2  # 18 cells, less 3 that repeat an answer of their column


def test_a_choice_the_prompt_gives_away_is_left_out():
    markdown = """\
# Rocks

## Glossary

- **Basalt**: dark rock from fast-cooling lava.
- **Granite**: coarse rock that cooled slowly from magma deep underground.
- **Obsidian**: volcanic glass.
- **Pumice**: light, porous rock.
- **Lava**: molten rock at the surface.
"""
    questions = by_id(bank_of(markdown, "rocks").questions)
    # "lava" is in the basalt definition, so "Lava" may not be offered as a term for it.
    assert "Lava" not in [c.text for c in questions["gloss-basalt-term"].choices]
    assert correct(questions["gloss-basalt-term"]) == ["Basalt"]


def test_a_question_whose_prompt_holds_the_answer_is_skipped():
    markdown = """\
# Weather

## Glossary

- **Rain**: water falling as rain drops.
- **Snow**: frozen flakes.
- **Hail**: balls of ice.
- **Fog**: a cloud at ground level.
"""
    generation = generate(markdown, "weather")
    ids = {q.id for q in generation.banks[0].questions}
    assert "gloss-rain-term" not in ids and "gloss-rain-definition" in ids
    reasons = [r.report("weather.md") for r in generation.refused]
    expected = 'weather.md:5: question "gloss-rain-term" refused (answer-in-prompt): the prompt gives the answer'
    assert any(reason.startswith(expected) for reason in reasons)


def test_too_few_items_skip_instead_of_making_bad_questions(tmp_path):
    markdown = (DATA / "too-few.md").read_text(encoding="utf-8")
    generation = generate(markdown, "too-few")
    assert generation.banks == ()
    reasons = "\n".join(r.report("too-few.md") for r in generation.refused)
    for ident in ("gloss-geyser-definition", "table-etna-country", "match-volcano-country-1", "list-gases"):
        assert f'"{ident}"' in reasons
    assert "distractor" in reasons
    assert generate_files(DATA / "too-few.md", tmp_path).paths == []
    assert list(tmp_path.iterdir()) == []


def test_a_small_glossary_skips_but_a_larger_one_does_not():
    entries = ["- **Ash**: powdered rock.", "- **Bomb**: a large lump of lava.", "- **Tuff**: rock made of ash."]
    assert generate_banks("## Glossary\n\n" + "\n".join(entries[:2]) + "\n", "g") == []
    bank = bank_of("## Glossary\n\n" + "\n".join(entries) + "\n", "g")
    assert {len(q.choices) for q in bank.questions} == {3}


def test_every_question_has_an_explanation_and_an_existing_source(volcanoes):
    anchors = {"volcanoes"} | {f"volcanoes#{s.anchor}" for s in sections(VOLCANOES)}
    for question in volcanoes.questions:
        assert question.explanation.strip(), question.id
        assert question.explanation.rstrip("*").endswith((".", "?", "!")), question.id
        assert question.source in anchors, question.id
    sources = {q.source for q in volcanoes.questions}
    assert "volcanoes#how-a-volcano-forms" in sources
    assert "volcanoes#famous-volcanoes" in sources


def test_source_is_the_file_before_the_first_section():
    bank = bank_of("# Title\n\nA **magma chamber** stores the molten rock under a volcano.\n" + TERMS, "intro")
    bank = replace(bank, questions=tuple(q for q in bank.questions if q.kind is Kind.CLOZE))
    assert [q.source for q in bank.questions] == ["intro"]


def test_ids_are_stable_valid_and_unique(volcanoes):
    ids = [q.id for q in volcanoes.questions]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) and len(i) <= 100 for i in ids)
    assert "gloss-lava-definition" in ids and "cloze-shield-volcano" in ids
    twice = "# T\n\nThe **vent** lets lava out of the cone.\n\nA second **vent** opened on the flank later.\n" + TERMS
    assert [q.id for q in bank_of(twice, "t").questions if q.kind is Kind.CLOZE] == ["cloze-vent", "cloze-vent-2"]
    long = "# T\n\n## Glossary\n\n" + "".join(f"- **{'Very long term ' * 10}{n}**: meaning {n}.\n" for n in "abc")
    assert all(len(q.id) <= 100 for q in bank_of(long, "t").questions)


def test_output_is_byte_identical_on_two_runs(tmp_path):
    first = [render_yaml(b) for b in generate_banks(VOLCANOES, "volcanoes")]
    second = [render_yaml(b) for b in generate_banks(VOLCANOES, "volcanoes")]
    assert first == second
    written = generate_files(DATA / "volcanoes.md", tmp_path / "a").paths
    written += generate_files(DATA / "volcanoes.md", tmp_path / "b").paths
    folder = render_yaml(generate_banks(VOLCANOES, "volcanoes", material_corpus(DATA))[0])
    assert written[0].read_bytes() == written[1].read_bytes() == folder.encode("utf-8")


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """Run `flask --app quiz questions generate` in a fresh process with another hash seed: for the shipped
    material (no MATERIAL argument) into shipped/, and for volcanoes.md into volcanoes/."""
    out = tmp_path_factory.mktemp("regenerated")
    # Set iteration order changes with the hash seed; the output must not.
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT), "QUIZ_QUESTIONS_DIR": str(ROOT / "questions")}
    generate = [sys.executable, "-m", "flask", "--app", "quiz", "questions", "generate"]
    for args in (["--out", str(out / "shipped")], [str(DATA / "volcanoes.md"), "--out", str(out / "volcanoes")]):
        run = subprocess.run([*generate, *args], capture_output=True, text=True, env=env, cwd=out)
        assert run.returncode == 0, run.stderr
    return out


@pytest.mark.slow
def test_output_does_not_depend_on_the_hash_seed(regenerated):
    written = (regenerated / "volcanoes" / "volcanoes.yaml").read_text(encoding="utf-8")
    assert written == render_yaml(generate_banks(VOLCANOES, "volcanoes", material_corpus(DATA))[0])
    for path in sorted(GENERATED.glob("*.yaml")):
        assert (regenerated / "shipped" / path.name).read_bytes() == path.read_bytes(), path.name


def test_choice_order_is_shuffled_but_stable(volcanoes):
    def right_positions(bank):
        return [[c.correct for c in q.choices].index(True) for q in bank.questions if q.kind is Kind.SINGLE]

    positions = right_positions(volcanoes)
    assert len(set(positions)) > 1  # the right answer is not always in the same place
    again = bank_of(VOLCANOES, "volcanoes")  # a fresh run over the same material
    assert right_positions(again) == positions
    assert [[c.text for c in q.choices] for q in again.questions if q.choices] == [
        [c.text for c in q.choices] for q in volcanoes.questions if q.choices
    ]


@pytest.mark.parametrize(("markdown", "stem"), MATERIALS, ids=["volcanoes", "special"])
def test_generated_yaml_parses_without_problems(markdown, stem):
    bank = bank_of(markdown, stem)
    text = render_yaml(bank)
    parsed = parse_yaml(text, f"generated/{stem}.yaml")
    assert parsed.warnings == ()
    assert parsed.bank.questions == bank.questions  # nothing lost or changed on the way through YAML
    assert parsed.bank.title == bank.title
    lines = text.splitlines()
    assert lines[0].startswith("# Generated by `flask --app quiz questions generate`")
    assert "# yaml-language-server: $schema=../schema.json" in lines[:4]


def test_markdown_special_characters_survive():
    questions = by_id(bank_of(SPECIAL, "special").questions)
    assert correct(questions["gloss-ab-definition"]) == ["a name with an _underscore_ and a `code span` in it."]
    assert shown(correct(questions["gloss-ab-term"])[0]) == "a_b"
    assert shown(correct(questions["gloss-2-3-term"])[0]) == "2 * 3"
    assert shown(correct(questions["gloss-hash-definition"])[0]) == "starts with a hash; {braces} and [brackets] too."
    dash = questions["gloss-dash-term"]
    assert correct(dash) == ["\\- dash"]  # unescaped, a choice shown on its own would be a list item
    assert shown(correct(dash)[0]) == "- dash"
    assert shown(correct(questions["gloss-dash-definition"])[0]) == "\"quoted\", 'single' and <angle> text."
    assert correct(questions["gloss-e-u-term"]) == ["é ü ß"]
    # Escaped in the material, so escaped again: unescaped they would be emphasis and code.
    assert shown(correct(questions["gloss-stars-term"])[0]) == "*stars*"
    stars = correct(questions["gloss-stars-definition"])[0]
    assert shown(stars) == "literal _underscores_ and `backticks` around words."
    meanings = {
        "star": "*: bold marker",
        "pipe": "a | b",
        "hash": "# heading marker",
        "quote": "> quote marker",
        "curly": "{{not a blank}}",
        "dash": "- not a list",
    }
    for sign, meaning in meanings.items():
        assert shown(correct(questions[f"table-{sign}-meaning"])[0]) == meaning
    assert correct(questions["table-dash-meaning"]) == ["\\- not a list"]
    assert correct(questions["table-hash-meaning"]) == ["\\# heading marker"]


@pytest.mark.parametrize("source", ["*x", "_y", "`z", "[w]", "a <b> c", "1. not a list", "> not a quote"])
def test_literal_text_stays_literal_in_a_new_context(source):
    # Text is cut out of its paragraph and put next to other text: "*x" twice would become emphasis.
    children = MarkdownIt("commonmark", {"html": False}).parseInline(source)[0].children or []
    text = render(children)
    assert text.plain == source
    assert shown(text.md) == source
    assert shown(text.md + text.md) == source + source


def test_setext_and_deep_headings_fall_back_to_a_real_anchor():
    markdown = "Title\n=====\n\n## Real\n\n#### Deep\n\nThe **crater** sits at the top of the cone.\n" + TERMS
    [question] = [q for q in bank_of(markdown, "s").questions if q.kind is Kind.CLOZE]
    assert question.source == "s#real"  # #### is not a section; the nearest ##/### is


def test_generate_files_writes_once_and_removes_its_own_stale_bank(tmp_path):
    out = tmp_path / "generated"
    [path] = generate_files(DATA / "volcanoes.md", out).paths
    assert path == out / "volcanoes.yaml"
    before = path.stat().st_mtime_ns
    os.utime(path, ns=(before - 10**9, before - 10**9))
    assert generate_files(DATA / "volcanoes.md", out).paths == [path]
    assert path.stat().st_mtime_ns == before - 10**9  # unchanged content: not rewritten

    material = tmp_path / "volcanoes.md"
    material.write_text("# Volcanoes\n\nNothing to ask about any more.\n", encoding="utf-8")
    hand_written = out / "too-few.yaml"
    hand_written.write_text("title: mine\nquestions: []\n", encoding="utf-8")
    assert generate_files(material, out).paths == []
    assert not path.exists()  # the tool's own file, no longer produced
    assert generate_files(DATA / "too-few.md", out).paths == []
    assert hand_written.exists()  # never remove a file the tool did not write


def test_generate_command_writes_the_given_material(runner, tmp_path):
    result = runner.invoke(args=["questions", "generate", str(DATA / "volcanoes.md"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (tmp_path / "volcanoes.yaml").as_posix()
    made = render_yaml(generate_banks(VOLCANOES, "volcanoes", material_corpus(DATA))[0])
    assert (tmp_path / "volcanoes.yaml").read_text(encoding="utf-8") == made


def test_generate_command_needs_out_for_given_material(runner, tmp_path):
    result = runner.invoke(args=["questions", "generate", str(DATA / "volcanoes.md")])
    assert result.exit_code != 0
    assert "--out" in result.output


def test_generate_command_without_material_regenerates_the_folder_and_removes_stale_banks(runner, questions_dir):
    material, out = questions_dir / "material", questions_dir / "generated"
    material.mkdir()
    (material / "volcanoes.md").write_text(VOLCANOES, encoding="utf-8")
    (material / "README.md").write_text("# How to write material\n\n- **Not**: material.\n", encoding="utf-8")
    old = out / "old.yaml"
    generate_files(DATA / "volcanoes.md", out)
    (out / "volcanoes.yaml").rename(old)
    mine = out / "mine.yaml"
    mine.write_text("title: Written by hand\nquestions: []\n", encoding="utf-8")
    result = runner.invoke(args=["questions", "generate"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["mine.yaml", "volcanoes.yaml"]
    assert result.output.splitlines() == [
        (out / "volcanoes.yaml").as_posix(),
        f"removed {old.as_posix()} (its material is gone)",
    ]


def test_material_files_skip_the_readme(tmp_path):
    for name in ("b.md", "a.md", "README.md", "notes.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in material_files(tmp_path)] == ["a.md", "b.md"]


# --- The shipped banks -------------------------------------------------------------------------

MATERIAL = ROOT / "questions" / "material"
GENERATED = ROOT / "questions" / "generated"


def test_shipped_generated_banks_are_exactly_what_the_tool_makes(tmp_path):
    assert material_files(MATERIAL), "no study material in questions/material"
    regenerate(MATERIAL, tmp_path / "shipped")
    made = sorted(p.name for p in (tmp_path / "shipped").glob("*.yaml"))
    assert made  # the material makes questions
    shipped = sorted(p.name for p in GENERATED.glob("*.yaml")) if GENERATED.is_dir() else []
    hint = "regenerate them with: flask --app quiz questions generate"
    assert shipped == made, hint
    for name in made:
        assert (GENERATED / name).read_bytes() == (tmp_path / "shipped" / name).read_bytes(), f"{name}: {hint}"


def test_shipped_generated_banks_load_without_warnings_and_cite_real_sections():
    anchors = material_anchors(MATERIAL)
    files = sorted(GENERATED.glob("*.yaml"))
    assert files
    for path in files:
        try:
            bank, warnings = parse_file(path, f"generated/{path.name}", f"generated/{path.stem}")
        except BankError as exc:  # pragma: no cover - the message is the point
            pytest.fail(str(exc))
        assert warnings == (), path.name
        assert bank.questions
        for question in bank.questions:
            assert question.source in anchors, (path.name, question.id, question.source)


# --- Checks against the whole material, and the report ------------------------------------------

TRAP = DATA / "trap"


def test_a_wrong_option_true_elsewhere_in_the_material_is_never_offered(tmp_path):
    written = generate_files(TRAP / "volcano-facts.md", tmp_path)
    [bank] = generate_banks((TRAP / "volcano-facts.md").read_text(encoding="utf-8"), "volcano-facts", None)
    alone = by_id(bank.questions)["table-erebus-country"]
    assert "Iceland" in wrong(alone)  # this file alone cannot know: the trap is in another file
    parsed, _ = parse_file(written.paths[0], "volcano-facts.yaml", "volcano-facts")
    erebus = by_id(parsed.questions)["table-erebus-country"]
    assert correct(erebus) == ["Antarctica"] and "Iceland" not in wrong(erebus) and len(wrong(erebus)) >= 2
    path = (TRAP / "volcano-facts.md").as_posix()
    expected = (
        f'{path}:10: option "Iceland" of "table-erebus-country" refused (wrong-option-true-elsewhere): '
        "the material says it of “Erebus” at expeditions.md:5"
    )
    assert expected in written.report


def test_generate_report_lists_refused_candidates_with_line_and_rule(runner, tmp_path):
    args = ["questions", "generate", str(DATA / "volcanoes.md"), "--out", str(tmp_path), "--report"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    path = (DATA / "volcanoes.md").as_posix()
    assert f'{path}:30: question "list-types-of-volcano" refused (list-not-asked): ' in "\n".join(lines)
    assert any(re.match(rf'{re.escape(path)}:\d+: question "cloze-magma-chamber" refused \(no-same-kind-options\)', x)
               for x in lines)  # fmt: skip
    refused = [x for x in lines if " refused (" in x]
    assert refused and all(re.match(rf"{re.escape(path)}:\d+: (question|option) .* refused \([a-z-]+\): .", x)
                           for x in refused)  # fmt: skip
    assert lines[-1] == f"{len(refused)} candidate(s) refused."
    quiet = runner.invoke(args=args[:-1])
    assert " refused (" not in quiet.output


@pytest.mark.parametrize(
    ("bold", "rule"),
    [
        ("Adrenal insufficiency must be treated first", "not-a-term"),
        ("held at any suspicion", "not-a-term"),
        ("MLH1, MSH2, MSH6 and PMS2", "not-a-term"),
        ("not", "not-a-term"),
        ("pegylated", "not-a-term"),
    ],
)
def test_a_cloze_never_blanks_a_clause(bold, rule):
    markdown = f"# T\n\n## Notes\n\nIn this made-up sentence **{bold}** sits among enough other words.\n"
    refused = generate(markdown, "t").refused
    assert [(r.line, r.rule) for r in refused] == [(5, rule)]


def test_no_shipped_cloze_blank_is_longer_than_four_words():
    blanks = 0
    for path in sorted(GENERATED.glob("*.yaml")):
        bank, _ = parse_file(path, path.name, path.stem)
        for question in bank.questions:
            for blank in question.blanks:
                blanks += 1
                assert all(len(words(a.text).split()) <= 4 for a in blank.answers), (path.name, question.id)
    assert blanks > 50


def test_part_of_the_answer_is_never_a_wrong_option():
    markdown = """\
# Trials

## Timing

| Trial | Timing |
|---|---|
| Alpha | Before and after surgery |
| Beta | Before surgery |
| Gamma | After surgery |
| Delta | Instead of surgery |
| Epsilon | With radiotherapy |
"""
    alpha = by_id(bank_of(markdown, "trials").questions)["table-alpha-timing"]
    assert correct(alpha) == ["Before and after surgery"]
    assert not {"Before surgery", "After surgery"} & set(wrong(alpha))


def test_a_labelled_list_outside_a_glossary_is_refused_not_asked():
    markdown = "# Organs\n\n## Effects\n\n- **Blood**: low platelets.\n- **Skin**: rash.\n- **Gut**: colitis.\n"
    generation = generate(markdown, "organs")
    assert generation.banks == ()
    assert [(r.line, r.rule) for r in generation.refused][:1] == [(5, "labelled-list-not-asked")]


def test_a_column_that_cannot_be_asked_without_the_table_is_refused():
    markdown = """\
## Agents

| Agent | What replaced it | Where | Grade 2 | Target |
|---|---|---|---|---|
| Alpha | Beta-one | Ward | Mild | A1 |
| Gamma | Delta-one | Clinic | Severe | B1 |
| Kappa | Omega-one | Home | Moderate | C1 |
"""
    generation = generate(markdown, "agents")
    asked = {q.id for q in generation.banks[0].questions}
    assert "table-alpha-target" in asked
    assert not {"table-alpha-what-replaced-it", "table-alpha-where", "table-alpha-grade-2"} & asked
    rules = {r.candidate: r.rule for r in generation.refused}
    assert rules['question "table-what-replaced-it"'] == "header-not-a-question"
    assert rules['question "table-where"'] == "header-not-a-question"
    assert rules['question "table-grade-2"'] == "value-header"


SCALE = """\
## Grading

| {header} | Treatment |
|---|---|
| 1 | Rest and fluids at home |
| 2 | Oral steroids and close review |
| 3 | High-dose steroids, often intravenous, in hospital |
| 4 | High-dose intravenous steroids and intensive care |
"""


def test_a_scale_must_say_which_scale_it_is():
    generation = generate(SCALE.format(header="Grade"), "grading")
    assert generation.banks == ()
    assert [(r.line, r.rule) for r in generation.refused] == [(5, "unnamed-scale")]
    questions = by_id(bank_of(SCALE.format(header="Burn grade"), "grading").questions)
    assert questions["table-2-treatment"].prompt == "What is the treatment of burn grade 2?"


def test_a_step_of_a_scale_that_says_the_same_in_other_words_is_not_a_wrong_option():
    generation = generate(SCALE.format(header="Burn grade"), "grading")
    questions = by_id(generation.banks[0].questions)
    four = questions["table-4-treatment"]
    assert correct(four) == ["High-dose intravenous steroids and intensive care"]
    assert "High-dose steroids, often intravenous, in hospital" not in wrong(four)
    assert not [q for q in questions.values() if q.kind is Kind.MATCHING]  # grade 3 and 4 could swap
    assert "near-the-answer" in {r.rule for r in generation.refused}


def test_an_open_ended_cell_is_never_a_wrong_option():
    markdown = """\
## Uses

| Drug | Used in |
|---|---|
| Alpha | Lung cancer |
| Beta | Skin cancer, among others |
| Gamma | Bone cancer |
| Delta | Used in some settings |
| Kappa | Blood cancer |
"""
    generation = generate(markdown, "uses")
    alpha = by_id(generation.banks[0].questions)["table-alpha-used-in"]
    assert not {"Skin cancer, among others", "Used in some settings"} & set(wrong(alpha))
    assert "open-ended-option" in {r.rule for r in generation.refused}


def test_a_wrong_term_said_to_be_a_kind_of_the_answer_under_another_name_is_dropped():
    markdown = """\
# Rocks

## Glossary

- **Mineral**: a naturally occurring solid with a fixed chemistry and crystal structure.
- **Quartz** (also: silica): a hard clear crystal of silicon dioxide.
- **Lava**: molten rock at the surface.
- **Tephra**: fragments thrown out by an eruption.
- **Fumarole**: a vent that gives off steam.

## Minerals

Silica is the commonest mineral of the crust.
"""
    term = by_id(bank_of(markdown, "rocks").questions)["gloss-mineral-term"]
    assert correct(term) == ["Mineral"]
    assert "Quartz" not in wrong(term)


def test_a_name_ending_is_not_the_abbreviation_spelt_the_same():
    markdown = """\
# Names

## Glossary

- **Monoclonal antibody** (also: mAb): an antibody from one cell clone.

## Naming

Antibody drug names end in **-mab**, a fixed ending.
"""
    generation = generate(markdown, "names")
    cloze = [q for bank in generation.banks for q in bank.questions if q.kind is Kind.CLOZE]
    assert not [a.text for q in cloze for b in q.blanks for a in b.answers if a.text == "Monoclonal antibody"]
    assert "no-same-kind-options" in {r.rule for r in generation.refused if "cloze-mab" in r.candidate}


def test_a_sentence_that_points_to_other_text_gives_no_cloze():
    markdown = """\
# Volcano types

## Kinds

Hot spots feed a **shield volcano** with runny lava over millions of years in the ocean.
Steep cones lack that runny lava, so a **composite volcano** grows from layers of ash and lava.
The steps below build a **cinder cone** from loose fragments around one vent on a plain.
"""
    generation = generate(markdown, "kinds")
    rules = {r.candidate: r.rule for r in generation.refused}
    assert rules['question "cloze-composite-volcano"'] == "leans-on-other-text"
    assert rules['question "cloze-cinder-cone"'] == "leans-on-other-text"
    assert rules.get('question "cloze-shield-volcano"') != "leans-on-other-text"


def test_two_rows_with_the_same_answer_give_one_question():
    markdown = """\
## Trials

| Trial | Cancer |
|---|---|
| Alpha-1 | Resectable lung cancer |
| Alpha-2 | Resectable lung cancer |
| Beta | Resected melanoma |
| Gamma | Kidney cancer |
| Delta | Bladder cancer |
"""
    generation = generate(markdown, "trials")
    ids = {q.id for q in generation.banks[0].questions}
    assert "table-alpha-1-cancer" in ids and "table-alpha-2-cancer" not in ids
    assert "same-answer-as-another-row" in {r.rule for r in generation.refused}
