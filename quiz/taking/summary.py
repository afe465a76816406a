"""The results page's score card and per-topic table, rendered once per attempt outcome, then reused.

What they show follows only from each item's question version and its stored points and outcome, so that is the key:
a changed answer or another version is another key, and nothing kept can go stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import get_template_attribute
from markupsafe import Markup

from quiz.bank.model import Question
from quiz.queries.results import AttemptResults
from quiz.taking.charts import topic_chart
from quiz.taking.kept import Kept
from quiz.taking.review import attempt_score


@dataclass(frozen=True)
class ScoreSummary:
    """The score card and the per-topic section as HTML, and how many scored questions were not fully right."""

    score_card: Markup
    topics: Markup
    missed: int


SUMMARIES: Kept[ScoreSummary] = Kept(4096)


def score_summary(results: AttemptResults, questions: Callable[[], dict[int, Question]]) -> ScoreSummary:
    """The attempt's score as shown on the results page (`questions` read only when not kept)."""
    key = tuple(
        (version, stored.points, stored.outcome) if (stored := results.answers.get(position)) else (version,)
        for position, version in results.items
    )
    summary = SUMMARIES.get(key)
    if summary is None:
        score = attempt_score(results, questions())
        chart = topic_chart([(t.topic, t.percent) for t in score.by_topic])
        summary = ScoreSummary(
            score_card=get_template_attribute("taking/_result_summary.html", "score_card")(score),
            topics=get_template_attribute("taking/_result_summary.html", "topics")(score, chart),
            missed=score.questions - score.correct,
        )
        SUMMARIES.keep(key, summary)
    return summary
