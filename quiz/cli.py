"""`flask --app quiz questions ...`: check, list, export and generate question banks, and write their schema."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from quiz.bank.errors import BankError
from quiz.bank.export import EXPORTERS
from quiz.bank.generate.files import generate_files, regenerate
from quiz.bank.importer import import_file
from quiz.bank.lint.findings import summary_lines
from quiz.bank.lint.run import lint_files
from quiz.bank.loader import find_bank_files, load_files, parse_file
from quiz.bank.yaml.jsonschema import render as render_schema
from quiz.teaching.cli import educators, statistics

questions = AppGroup("questions", help="Check, list, export and generate question banks; write their schema.")


def _root() -> Path:
    return Path(current_app.config["QUESTIONS_DIR"])


def _expand(paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for name in paths or (str(_root()),):
        path = Path(name)
        if path.is_dir():
            files.extend(find_bank_files(path))
        elif path.exists():
            files.append(path)
        else:
            raise click.BadParameter(f"{name} does not exist", param_hint="PATH")
    return files


@questions.command("validate")
@click.argument("paths", nargs=-1, type=click.Path())
def validate(paths: tuple[str, ...]) -> None:
    """Check question files as the app loads them; print every problem as path:line: message (exit 1 on errors)."""
    files = _expand(paths)
    catalog = load_files(files, _root())
    for problem in catalog.problems:
        click.echo(str(problem))
    count = sum(len(bank.questions) for bank in catalog.banks.values())
    errors, warnings = len(catalog.errors), len(catalog.warnings)
    click.echo(f"{len(files)} file(s) checked, {count} question(s) loaded: {errors} error(s), {warnings} warning(s).")
    if errors:
        sys.exit(1)


@questions.command("lint")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--strict", is_flag=True, help="Exit with status 1 when anything is reported.")
def lint(paths: tuple[str, ...], strict: bool) -> None:
    """Report item-writing flaws that let a test-wise student beat chance, as path:line: lint: message."""
    files = _expand(paths)
    catalog, report = lint_files(files, _root())
    for problem in catalog.errors:
        click.echo(f"{problem} (file not linted; run `flask --app quiz questions validate`)")
    for finding in report.findings:
        click.echo(str(finding))
    for line in summary_lines(report, len(files)):
        click.echo(line)
    if strict and (catalog.errors or not report.clean):
        sys.exit(1)


@questions.command("list")
def list_banks() -> None:
    """Print each bank with its question count by type and topic."""
    catalog = load_files(find_bank_files(_root()), _root())
    for bank_id, bank in sorted(catalog.banks.items()):
        kinds = Counter(q.kind.value for q in bank.questions)
        topics = Counter(q.topic for q in bank.questions)
        click.echo(f"{bank_id}: {bank.title} ({len(bank.questions)} questions)")
        click.echo("  types:  " + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())))
        click.echo("  topics: " + ", ".join(f"{topic} {n}" for topic, n in sorted(topics.items())))
    if catalog.errors:
        click.echo(
            f"{len(catalog.errors)} error(s) kept some files out; run `flask --app quiz questions validate`.", err=True
        )


@questions.command("export")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format", "format_name", default="json", show_default=True, help="json, gift, aiken, yaml or moodle-xml"
)
def export(path: str, format_name: str) -> None:
    """Print a bank file in another format (JSON is the canonical form)."""
    if format_name not in EXPORTERS:
        raise click.BadParameter(f"use one of {', '.join(sorted(EXPORTERS))}", param_hint="--format")
    file = Path(path)
    try:
        bank, warnings = parse_file(file, file.as_posix(), file.stem)
    except BankError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    for warning in warnings:
        click.echo(str(warning), err=True)
    result = EXPORTERS[format_name](bank)
    for reason in result.skipped:
        click.echo(f"not exported: {reason}", err=True)
    click.echo(result.text, nl=False)


@questions.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder for the YAML bank.")
def import_command(file: str, out_dir: str) -> None:
    """Convert a GIFT, Aiken or Moodle XML FILE into our YAML in --out, keeping every question that could be read
    and listing each one that could not, with its line and reason (exit 1 when any could not)."""
    try:
        result = import_file(Path(file), Path(out_dir))
    except BankError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    for problem in result.problems:
        click.echo(str(problem), err=not problem.is_error)
    for path in result.written:
        click.echo(f"wrote {path.as_posix()}")
    failed = len(result.not_converted)
    click.echo(f"{result.converted} question(s) converted, {failed} could not be converted.")
    if failed:
        sys.exit(1)


@questions.command("generate")
@click.argument("material", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Folder for the bank files.")
@click.option("--report", is_flag=True, help="Also list each refused candidate as path:line: ... (rule): why.")
def generate(material: str | None, out_dir: str | None, report: bool) -> None:
    """Turn study material into question banks: MATERIAL into --out, or, with no MATERIAL, every file of
    questions/material into questions/generated (removing banks whose material is gone)."""
    if material is not None:
        if out_dir is None:
            raise click.UsageError("give --out, the folder for the bank files of MATERIAL")
        written = generate_files(Path(material), Path(out_dir))
        removed: list[Path] = []
    else:
        written, removed = regenerate(_root() / "material", Path(out_dir) if out_dir else _root() / "generated")
    for path in written.paths:
        click.echo(path.as_posix())
    for path in removed:
        click.echo(f"removed {path.as_posix()} (its material is gone)")
    if report:
        for line in written.report:
            click.echo(line)
        click.echo(f"{len(written.report)} candidate(s) refused.")


@questions.command("schema")
def schema() -> None:
    """Write questions/schema.json, the JSON Schema editors use to check YAML banks as you type."""
    path = _root() / "schema.json"
    path.write_text(render_schema(), encoding="utf-8")
    click.echo(path.as_posix())


def init_app(app: Flask) -> None:
    """Register the `questions` command group."""
    app.cli.add_command(questions)
    app.cli.add_command(educators)
    app.cli.add_command(statistics)
