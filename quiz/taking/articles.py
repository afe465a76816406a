"""The results page's review articles, each rendered once per question version, layout and stored answer, then reused.

A version is content-addressed and an answer is stored once, so an article's key names everything it shows: the
version hash, the position, the attempt's layout seed and bank, the stored answer's own values, and the script root
its URLs were built under. A different answer, version or root is a different key, so nothing kept can go stale;
the bound only limits memory (least recently shown go first).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import get_template_attribute, request
from markupsafe import Markup

from quiz.bank.model import Question
from quiz.queries.results import AttemptResults
from quiz.taking.kept import Kept
from quiz.taking.review import review_row

ARTICLES: Kept[Markup] = Kept(4096)


def review_articles(results: AttemptResults, questions: Callable[[], dict[int, Question]]) -> list[Markup]:
    """Every question of a finished attempt as its rendered review article, in order (`questions` read on a miss)."""
    attempt, root = results.attempt, request.script_root
    articles = []
    for position, version in results.items:
        stored = results.answers.get(position)
        key = (version, position, attempt.seed, attempt.bank_id, root, stored.key if stored else None)
        article = ARTICLES.get(key)
        if article is None:
            row = review_row(questions()[position], position, attempt, stored)
            article = ARTICLES.keep(key, get_template_attribute("taking/_result_item.html", "review_article")(row))
        articles.append(article)
    return articles
