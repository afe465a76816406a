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


class TimeIsUp(QuizError):
    """An answer posted after a timed exam's deadline: it is not stored, and the attempt is finished."""

    status = 409


class InvalidRecoveryCode(QuizError):
    """A recovery code that matches none stored (wrong, revoked or already used)."""

    status = 403


class EducatorExists(QuizError):
    status = 409


class EducatorNotFound(QuizError):
    status = 404


class UploadRefused(QuizError):
    """An uploaded question file that is not saved; `problems` lists every `line: message` found."""

    status = 422

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class AlreadyGuessed(QuizError):
    """This answer is already marked as a guess (a replayed or repeated post)."""

    status = 409
