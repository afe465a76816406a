"""`flask --app quiz questions ...`: check, list, export and generate question banks."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from quiz.bank.errors import BankError
from quiz.bank.loader import PARSERS, find_bank_files, load_files, parse_file

questions = AppGroup("questions", help="Check, list, export and generate question banks.")


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
    """Check question files; print every problem as path:line: message (exit 1 on errors)."""
    files = _expand(paths)
    unknown = [f for f in files if f.suffix.lower() not in PARSERS]
    for path in unknown:
        click.echo(f"{path.as_posix()}:1: unknown file type {path.suffix!r} (use {', '.join(sorted(PARSERS))})")
    loaded, problems = load_files([f for f in files if f not in unknown], _root().resolve())
    for problem in sorted(problems):
        click.echo(str(problem))
    errors = sum(1 for p in problems if p.is_error) + len(unknown)
    warnings = sum(1 for p in problems if not p.is_error)
    count = sum(len(parsed.bank.questions) for parsed in loaded)
    click.echo(f"{len(files)} file(s) checked, {count} question(s) loaded: {errors} error(s), {warnings} warning(s).")
    if errors:
        sys.exit(1)


@questions.command("list")
def list_banks() -> None:
    """Print each bank with its question count by type and topic."""
    loaded, problems = load_files(find_bank_files(_root()), _root().resolve())
    for parsed in sorted(loaded, key=lambda p: p.bank.id):
        bank = parsed.bank
        kinds = Counter(q.kind.value for q in bank.questions)
        topics = Counter(q.topic for q in bank.questions)
        click.echo(f"{bank.id}: {bank.title} ({len(bank.questions)} questions)")
        click.echo("  types:  " + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())))
        click.echo("  topics: " + ", ".join(f"{topic} {n}" for topic, n in sorted(topics.items())))
    errors = [p for p in problems if p.is_error]
    if errors:
        click.echo(f"{len(errors)} error(s) kept some files out; run `flask --app quiz questions validate`.", err=True)


@questions.command("export")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "format_name", default="json", show_default=True, help="json, gift, aiken or yaml")
def export(path: str, format_name: str) -> None:
    """Print a bank file in another format (JSON is the canonical form)."""
    from quiz.bank.export import EXPORTERS

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
@click.argument("material", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder for the bank files.")
def generate(material: str, out_dir: str) -> None:
    """Turn a Markdown material file into question bank files."""
    from quiz.bank.generate import generate_files

    for written in generate_files(Path(material), Path(out_dir)):
        click.echo(written.as_posix())


def init_app(app: Flask) -> None:
    """Register the `questions` command group."""
    app.cli.add_command(questions)
