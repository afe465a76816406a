"""Domain errors: what went wrong with a request, and the HTTP status a view answers it with."""

from __future__ import annotations


class QuizError(Exception):
    """A request that cannot be carried out; `status` is the HTTP status a view should answer with."""

    status = 400


class AttemptNotFound(QuizError):
    status = 404


class QuestionNotFound(QuizError):
    status = 404


class AttemptFinished(QuizError):
    status = 409


class AlreadyAnswered(QuizError):
    """The question already has a response; `same` tells whether this post repeats it exactly."""

    status = 409

    def __init__(self, same: bool) -> None:
        super().__init__("This question has already been answered.")
        self.same = same


class NothingToAsk(QuizError):
    status = 400


class AlreadyGuessed(QuizError):
    """This answer is already marked as a guess (a replayed or repeated post)."""

    status = 409
