"""Find question files, parse each once, and keep the catalog fresh with a cheap mtime check."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from quiz.bank.aiken.reader import parse_aiken
from quiz.bank.errors import BankError, Parsed, Problem
from quiz.bank.gift.reader import parse_gift
from quiz.bank.glossary_names import Names, glossary_names, material_files, with_glossary_names
from quiz.bank.model import Bank
from quiz.bank.moodle.reader import parse_moodle_xml
from quiz.bank.yaml.reader import parse_yaml

Parser = Callable[[str, str, str], Parsed]

# File suffix -> parser. Every parser takes (text, display path, bank id).
PARSERS: dict[str, Parser] = {
    ".yaml": parse_yaml,
    ".yml": parse_yaml,
    ".gift": parse_gift,
    ".aiken": parse_aiken,
    ".xml": parse_moodle_xml,
}

MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class Catalog:
    """Every bank that loaded, plus every problem found while loading."""

    banks: Mapping[str, Bank] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def bank(self, bank_id: str) -> Bank | None:
        """Return the bank with this id, or None."""
        return self.banks.get(bank_id)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    @property
    def question_count(self) -> int:
        return sum(len(b.scored_questions) for b in self.banks.values())


def bank_id_for(path: Path, root: Path) -> str:
    """A bank's id is its path under the questions folder without the suffix: 'generated/glossary'."""
    return path.relative_to(root).with_suffix("").as_posix()


def display_path(path: Path, root: Path) -> str:
    """The path shown in messages: relative to the questions folder's parent when possible."""
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()


def find_bank_files(root: Path) -> list[Path]:
    """Every question file under root (hidden folders skipped), in a stable order."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in PARSERS:
                found.append(Path(folder) / name)
    return found


def parse_file(path: Path, shown: str, bank_id: str) -> Parsed:
    """Read and parse one question file; raise BankError for anything wrong with it."""
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise BankError.single(shown, 1, f"unknown file type {path.suffix!r} (use {', '.join(sorted(PARSERS))})")
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)  # never more: the one size check of every format
    except OSError as exc:
        raise BankError.single(shown, 1, f"the file cannot be read: {exc.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise BankError.single(
            shown, 1, f"the file is larger than {MAX_FILE_BYTES // 1000} kB; split it into several banks"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BankError.single(shown, line, "the file is not valid UTF-8 text; save it as UTF-8") from None
    return parser(text, shown, bank_id)


def read_bank_file(path: Path, root: Path) -> Parsed | BankError:
    """Parse one file found under (or named outside) the questions folder; a mistake is returned, not raised."""
    resolved, root = path.resolve(), root.resolve()
    if resolved.is_relative_to(root):
        shown, bank_id = display_path(resolved, root), bank_id_for(resolved, root)
    else:
        shown, bank_id = path.as_posix(), path.stem
    try:
        return parse_file(path, shown, bank_id)
    except BankError as exc:
        return exc


def assemble(results: Iterable[Parsed | BankError], names: Names | None = None) -> Catalog:
    """Build the catalog from parsed files: every problem kept, a bank id claimed twice reported, and questions
    that opt into glossary names (quiz.bank.glossary_names) given them."""
    banks: dict[str, Bank] = {}
    problems: list[Problem] = []
    for result in results:
        if isinstance(result, BankError):
            problems.extend(result.problems)
            continue
        bank, warnings = result
        problems.extend(warnings)
        bank, opted = with_glossary_names(bank, names or {})
        problems.extend(opted)
        if bank.id in banks:
            message = f'another file ({banks[bank.id].path}) already defines the bank "{bank.id}"; rename one of them'
            problems.append(Problem(bank.path, 1, message))
            continue
        banks[bank.id] = bank
    ordered = dict(sorted(banks.items(), key=lambda item: (item[1].title.lower(), item[0])))
    return Catalog(ordered, tuple(sorted(problems)))


def load_files(paths: Iterable[Path], root: Path) -> Catalog:
    """Parse the given files as the app does; a broken file never stops the rest."""
    return assemble((read_bank_file(path, root) for path in paths), glossary_names(material_files(root)))


class CatalogLoader:
    """Holds the parsed catalog; re-parses only files whose mtime or size changed.

    Freshness is checked at most once per `interval` seconds, so a burst of requests costs
    one directory scan, and an unchanged tree costs no parsing at all.
    """

    def __init__(self, root: Path | str, interval: float = 2.0) -> None:
        self.root = Path(root)
        self.interval = interval
        self._lock = threading.Lock()
        self._cache: dict[Path, tuple[tuple[int, int], Parsed | BankError]] = {}
        self._signature: tuple[tuple[Path, int, int], ...] | None = None
        self._names: tuple[tuple[tuple[Path, int, int], ...], Names] = ((), {})
        self._catalog = Catalog()
        self._checked_at = float("-inf")
        self.parse_count = 0

    def _scan(self, paths: Iterable[Path]) -> tuple[tuple[Path, int, int], ...]:
        entries = []
        for path in paths:
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((path, stat.st_mtime_ns, stat.st_size))
        return tuple(entries)

    def catalog(self) -> Catalog:
        """Return the current catalog, reloading changed files when the check interval has passed."""
        now = time.monotonic()
        if now - self._checked_at < self.interval:
            return self._catalog
        with self._lock:
            if time.monotonic() - self._checked_at >= self.interval:
                self.refresh()
            return self._catalog

    def refresh(self) -> Catalog:
        """Scan the folder now and re-parse whatever changed."""
        signature = self._scan(find_bank_files(self.root) if self.root.is_dir() else [])
        material = self._scan(material_files(self.root))
        self._checked_at = time.monotonic()
        if signature == self._signature and material == self._names[0]:
            return self._catalog
        if material != self._names[0]:
            self._names = (material, glossary_names(path for path, _, _ in material))
        results: list[Parsed | BankError] = []
        cache: dict[Path, tuple[tuple[int, int], Parsed | BankError]] = {}
        for path, mtime, size in signature:
            cached = self._cache.get(path)
            if cached is not None and cached[0] == (mtime, size):
                result = cached[1]
            else:
                self.parse_count += 1
                result = read_bank_file(path, self.root)
            cache[path] = ((mtime, size), result)
            results.append(result)
        self._cache = cache
        self._signature = signature
        self._catalog = assemble(results, self._names[1])
        return self._catalog
