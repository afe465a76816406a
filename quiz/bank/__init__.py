"""Question banks: parsing, validation and the canonical model. Pure: no Flask, no database."""

from quiz.bank.errors import BankError, Parsed, Problem, Severity
from quiz.bank.loader import Catalog, CatalogLoader
from quiz.bank.model import AcceptedAnswer, Bank, Blank, Choice, Difficulty, Kind, NumericAnswer, Question

__all__ = [
    "AcceptedAnswer",
    "Bank",
    "BankError",
    "Blank",
    "Catalog",
    "CatalogLoader",
    "Choice",
    "Difficulty",
    "Kind",
    "NumericAnswer",
    "Parsed",
    "Problem",
    "Question",
    "Severity",
]
