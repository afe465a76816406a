"""Generate question banks from Markdown study material (pure: text in, questions and YAML out).

The rules are documented for educators in `questions/material/README.md`: glossary entries,
tables, bulleted lists and bold key terms each become questions. Output is deterministic: the
same material always gives byte-identical YAML, because every "random" choice (which
distractors, in which order) is a ranking by a SHA-256 hash of the question and the candidate.

This module is the public face and the command line; the work is done by:

- `gen_banks`: one material file to its bank (reads the blocks, applies the rule of each);
- `gen_glossary`, `gen_table`, `gen_list`, `gen_cloze`: one rule each;
- `gen_builder`: what the rules share (unique ids, skips, single-choice questions);
- `gen_distractors`: comparing texts, the stable shuffle, picking distractors;
- `gen_wording`: headers as nouns, facts, sentences and quotes;
- `gen_files`: the YAML text, and writing and removing bank files.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from quiz.bank.gen_banks import GeneratedBank, Generation, generate, generate_banks
from quiz.bank.gen_files import generate_files, material_files, regenerate, render_yaml

__all__ = [
    "GeneratedBank",
    "Generation",
    "generate",
    "generate_banks",
    "generate_files",
    "main",
    "material_files",
    "regenerate",
    "render_yaml",
]


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m quiz.bank.generate`: regenerate questions/generated/ from questions/material/."""
    root = Path(__file__).resolve().parents[2] / "questions"
    parser = argparse.ArgumentParser(prog="python -m quiz.bank.generate", description=main.__doc__)
    parser.add_argument("material", nargs="*", type=Path, help="material files (default: every file of --material-dir)")
    parser.add_argument("--material-dir", type=Path, default=root / "material", help="default: questions/material")
    parser.add_argument("--out", type=Path, default=root / "generated", help="default: questions/generated")
    args = parser.parse_args(argv)
    if args.material:
        for path in args.material:
            for written in generate_files(path, args.out):
                print(written)
        return 0
    written, removed = regenerate(args.material_dir, args.out)
    for path in written:
        print(path)
    for path in removed:
        print(f"removed {path} (its material is gone)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
