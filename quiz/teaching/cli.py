"""`flask --app quiz educators ...`: add, list and remove educator accounts, and set their passwords; and
`flask --app quiz statistics rebuild`: recount the item analysis's tallies."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from quiz.exceptions import QuizError
from quiz.extensions import db
from quiz.models import Educator
from quiz.services import educators as accounts
from quiz.services import tallies
from quiz.teaching.analysis import finished_attempt_counts

educators = AppGroup("educators", help="Add, list and remove educator accounts; set their passwords.")


def _read_password() -> str:
    """The new password: prompted twice at a terminal, else the first line of standard input."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    return line.removesuffix("\n").removesuffix("\r")


def _run(action, *args: str) -> None:
    try:
        action(*args)
    except (QuizError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None


@educators.command("add")
@click.argument("email")
def add(email: str) -> None:
    """Create an educator account (the password is read from standard input or prompted for)."""
    _run(accounts.add_educator, email, _read_password())
    click.echo(f"Educator {email.strip().lower()} added.")


@educators.command("list")
def list_educators() -> None:
    """Print every educator's e-mail address and when the account was made."""
    for email, created in db.session.execute(select(Educator.email, Educator.created_at).order_by(Educator.email)):
        click.echo(f"{email}\tadded {created:%Y-%m-%d}")


@educators.command("remove")
@click.argument("email")
def remove(email: str) -> None:
    """Delete an educator account; its sessions end at once."""
    _run(accounts.remove_educator, email)
    click.echo(f"Educator {email.strip().lower()} removed.")


@educators.command("password")
@click.argument("email")
def password(email: str) -> None:
    """Set a new password (read from standard input or prompted for); every open session ends."""
    _run(accounts.set_educator_password, email, _read_password())
    click.echo(f"Password of {email.strip().lower()} changed; its sessions are signed out.")


statistics = AppGroup("statistics", help="Keep the item analysis's tallies.")


@statistics.command("rebuild")
@click.argument("bank_ids", nargs=-1)
def rebuild(bank_ids: tuple[str, ...]) -> None:
    """Recount the item-analysis tallies of the given banks (all banks with finished attempts when none is given)."""
    banks = bank_ids or sorted(finished_attempt_counts())
    for bank_id in banks:
        tallies.rebuild(bank_id)
    click.echo(f"Rebuilt the statistics of {len(banks)} bank{'s' * (len(banks) != 1)}.")


def init_app(app: Flask) -> None:
    """Register the `educators` and `statistics` command groups."""
    app.cli.add_command(educators)
    app.cli.add_command(statistics)
