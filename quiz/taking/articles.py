"""The results page's review articles, each rendered once per question version, layout and stored answer, then reused.

A version is content-addressed and an answer is stored once, so an article's key names everything it shows: the
version hash, the position, the attempt's layout seed and bank, the stored answer's own values, and the script root
its URLs were built under. A different answer, version or root is a different key, so nothing kept can go stale;
the bound only limits memory (least recently shown go first).
"""

from __future__ import annotations

from collections import OrderedDict
from contextlib import suppress
from typing import Any

from flask import get_template_attribute, request
from markupsafe import Markup

from quiz.bank.model import Question
from quiz.queries.results import AttemptResults
from quiz.taking.review import review_row

_ARTICLES: OrderedDict[tuple[Any, ...], Markup] = OrderedDict()
_MOST_ARTICLES = 4096


def review_articles(results: AttemptResults, questions: dict[int, Question]) -> list[Markup]:
    """Every question of a finished attempt as its rendered review article, in order."""
    attempt, root = results.attempt, request.script_root
    articles = []
    for position, version in results.items:
        stored = results.answers.get(position)
        key = (version, position, attempt.seed, attempt.bank_id, root, stored.key if stored else None)
        article = _ARTICLES.get(key)
        if article is None:
            row = review_row(questions[position], position, attempt, stored)
            article = _keep(key, get_template_attribute("taking/_result_item.html", "review_article")(row))
        else:
            _shown_again(key)
        articles.append(article)
    return articles


def _keep(key: tuple[Any, ...], article: Markup) -> Markup:
    _ARTICLES[key] = article
    while len(_ARTICLES) > _MOST_ARTICLES:
        try:
            _ARTICLES.popitem(last=False)
        except KeyError:  # another thread emptied it first
            break
    return article


def _shown_again(key: tuple[Any, ...]) -> None:
    with suppress(KeyError):  # another thread dropped it meanwhile: it is simply rendered again next time
        _ARTICLES.move_to_end(key)
