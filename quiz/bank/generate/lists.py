"""The generator's list rule: a bulleted list under a heading becomes a multiple-response question (pure)."""

from __future__ import annotations

from collections.abc import Iterable

from quiz.bank.generate.builder import Builder, slug
from quiz.bank.generate.distractors import MIN_DISTRACTORS, distractors, gives_away, key, rank, words
from quiz.bank.generate.wording import quote, sentence
from quiz.bank.material.blocks import BulletList, Text
from quiz.bank.model import Choice, Kind

MAX_LIST_ANSWERS = 4  # right answers shown in one multiple-response question
MAX_ITEM_WORDS = 30  # a list item longer than this is too long to be a choice


def bullet_list(builder: Builder, block: BulletList) -> None:
    """Some items of the list are the right answers; items of other lists are the distractors."""
    if block.heading is None:
        builder.skip(block.source, f"list-{slug(block.items[0].plain)}", "the list has no heading above it")
        return
    ident = builder.new_id("list", slug(block.heading.plain))
    prompt = f"Which of these does the material list under {quote(block.heading.md)}? Choose all that apply."
    shown = [item for item in block.items if _fits(item, 1, MAX_ITEM_WORDS) and not gives_away(prompt, item)]
    right = rank(_unique(shown), ident)[:MAX_LIST_ANSWERS]
    if len(right) < 2:
        builder.skip(block.source, ident, f"fewer than 2 items of 1 to {MAX_ITEM_WORDS} words to ask about")
        return
    wrong = distractors(ident, _distractor_pool(builder, block.heading, right), block.items, prompt)
    if len(wrong) < MIN_DISTRACTORS:
        builder.skip(
            block.source,
            ident,
            f"only {len(wrong)} usable distractor(s) from other lists, {MIN_DISTRACTORS} needed",
        )
        return
    choices = tuple(Choice(t.md, any(t is r for r in right)) for t in rank([*right, *wrong], ident))
    listed = "; ".join(item.md.rstrip(".") for item in block.items)
    builder.add(
        "list",
        Kind.MULTIPLE,
        ident,
        block.source,
        prompt=prompt,
        explanation=sentence(f"Under {quote(block.heading.md)} the material lists: {listed}"),
        choices=choices,
    )


def _distractor_pool(builder: Builder, heading: Text, right: list[Text]) -> list[Text]:
    """Items of lists under other headings, of about the answers' length so length does not give them away."""
    lengths = [_length(item) for item in right]
    low, high = min(lengths) // 2, min(2 * max(lengths), MAX_ITEM_WORDS)
    same_heading = key(heading)
    return [
        item
        for other in builder.lists
        if other.heading is None or key(other.heading) != same_heading
        for item in other.items
        if _fits(item, low, high)
    ]


def _length(text: Text) -> int:
    return len(words(text.plain).split())


def _fits(text: Text, low: int, high: int) -> bool:
    return low <= _length(text) <= high and _length(text) > 0


def _unique(texts: Iterable[Text]) -> list[Text]:
    """Drop texts whose key was seen before (the first one wins)."""
    seen: set[str] = set()
    kept = []
    for text in texts:
        if key(text) not in seen:
            seen.add(key(text))
            kept.append(text)
    return kept
