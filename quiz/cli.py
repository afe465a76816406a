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
from quiz.bank.loader import find_bank_files, load_files, parse_file
from quiz.bank.yaml.jsonschema import render as render_schema
from quiz.teaching.cli import educators

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
@click.option("--format", "format_name", default="json", show_default=True, help="json, gift, aiken or yaml")
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


@questions.command("generate")
@click.argument("material", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Folder for the bank files.")
def generate(material: str | None, out_dir: str | None) -> None:
    """Turn study material into question banks: MATERIAL into --out, or, with no MATERIAL, every file of
    questions/material into questions/generated (removing banks whose material is gone)."""
    if material is not None:
        if out_dir is None:
            raise click.UsageError("give --out, the folder for the bank files of MATERIAL")
        for path in generate_files(Path(material), Path(out_dir)):
            click.echo(path.as_posix())
        return
    written, removed = regenerate(_root() / "material", Path(out_dir) if out_dir else _root() / "generated")
    for path in written:
        click.echo(path.as_posix())
    for path in removed:
        click.echo(f"removed {path.as_posix()} (its material is gone)")


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
