"""Near-duplicate stems within and across banks: two questions that ask the same thing teach each other's answer."""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from quiz.bank.lint.findings import Check, Figure, Finding, Located
from quiz.bank.lint.words import words
from quiz.bank.model import Question

SIMILARITY = 0.85  # difflib ratio over the words of stem and answer at or above which two stems are near-duplicates


def stem_words(question: Question) -> list[str]:
    """The words compared: the stem's and its answer's (keys, first typed answers, listed pairs or items).

    The answer is part of it because templated stems ("What is the target of the drug X?") differ in one word yet
    ask different things; two questions with alike stems and alike answers teach each other's answer.
    """
    answer = [c.text for c in question.choices if c.correct] + [a.text for a in question.answers[:1]]
    answer += [blank.answers[0].text for blank in question.blanks if blank.answers]
    answer += [text for pair in question.pairs for text in pair] + list(question.items)
    return words(" ".join([question.prompt, *answer]))


def similar_pairs(stems: Sequence[list[str]], threshold: float = SIMILARITY) -> list[tuple[int, int, float]]:
    """Every pair (i, j, ratio), i < j, whose word sequences are at least `threshold` alike.

    Cheap upper bounds come first: the ratio can never pass 2·min/(len a + len b), so lengths sorted in order
    stop the inner loop early; difflib's quick_ratio (a multiset bound) skips most of the rest.
    """
    order = sorted(range(len(stems)), key=lambda i: len(stems[i]))
    found = []
    for position, i in enumerate(order):
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(stems[i])  # difflib caches the second sequence, so it is the one kept fixed
        for j in order[position + 1 :]:
            short, long = len(stems[i]), len(stems[j])
            if 2 * short < threshold * (short + long):
                break
            matcher.set_seq1(stems[j])
            if matcher.quick_ratio() >= threshold and (ratio := matcher.ratio()) >= threshold:
                found.append((min(i, j), max(i, j), ratio))
    return sorted(found)


def near_duplicates(located: Sequence[Located]) -> Check:
    """Name the later question of each pair of near-duplicate stems, and the earlier one it repeats."""
    stems = [stem_words(q) for _, q in located]
    findings = []
    for i, j, ratio in similar_pairs(stems):
        (first_path, first), (path, question) = located[i], located[j]
        message = f'stem and answer are {ratio:.0%} like those of "{first.id}" at {first_path}:{first.line}'
        findings.append(Finding(path, question.line, "near-duplicate", message))
    text = f"{len(findings)} pair(s) of questions with stem and answer at least {SIMILARITY:.0%} alike"
    return Check(tuple(findings), Figure("near-duplicate", text, bool(findings)))
