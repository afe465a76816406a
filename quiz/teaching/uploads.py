"""Question files uploaded by educators: where one may go, and every problem in it, checked as the app loads files.

A file is checked with the loader's own code (`quiz.bank.loader.parse_file`, as `flask questions validate`
does) before anything is saved; it only ever goes into the `uploads` folder inside the questions folder.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from werkzeug.utils import secure_filename

from quiz.bank.errors import BankError, Problem
from quiz.bank.loader import MAX_FILE_BYTES, PARSERS, Catalog, bank_id_for, display_path, parse_file
from quiz.exceptions import UploadRefused

FOLDER = "uploads"
MAX_FILES = 200


def upload_target(root: Path, filename: str) -> Path:
    """Where an upload called `filename` is saved: questions/uploads/<safe name>; UploadRefused when it may not be."""
    name = secure_filename(filename)
    suffix = Path(name).suffix.lower()
    if not name or suffix not in PARSERS:
        raise UploadRefused([f"1: the file name must end in {', '.join(sorted(PARSERS))}"])
    root = root.resolve()
    folder = root / FOLDER
    if folder.is_symlink() or (folder.exists() and not folder.resolve().is_relative_to(root)):
        raise UploadRefused([f"1: the {FOLDER} folder is not inside the questions folder"])
    target = folder / (Path(name).stem + suffix)
    if target.is_symlink() or target.parent != folder:
        raise UploadRefused([f"1: {name} cannot be written"])
    existing = [p for p in folder.iterdir() if p.suffix.lower() in PARSERS] if folder.is_dir() else []
    if target not in existing and len(existing) >= MAX_FILES:
        raise UploadRefused([f"1: the {FOLDER} folder already holds {MAX_FILES} files; remove some first"])
    return target


def _line(problem: Problem) -> str:
    prefix = "warning: " if not problem.is_error else ""
    return f"{problem.line}: {prefix}{problem.message}"


def check_upload(root: Path, target: Path, raw: bytes, catalog: Catalog) -> list[str]:
    """Every warning of a file that loads; UploadRefused with every problem (`line: message`) when it does not."""
    if len(raw) > MAX_FILE_BYTES:
        raise UploadRefused([f"1: the file is larger than {MAX_FILE_BYTES // 1000} kB; split it into several banks"])
    bank_id = bank_id_for(target, root.resolve())
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / target.name
        copy.write_bytes(raw)
        try:
            bank, warnings = parse_file(copy, display_path(target, root.resolve()), bank_id)
        except BankError as exc:
            raise UploadRefused([_line(p) for p in exc.problems]) from None
    other = catalog.bank(bank_id)
    if other is not None and Path(other.path).name != target.name:
        raise UploadRefused([f'1: another file ({other.path}) already defines the bank "{bank_id}"; rename this one'])
    if not bank.scored_questions:
        raise UploadRefused(["1: the file has no questions to ask"])
    return [_line(p) for p in warnings]
