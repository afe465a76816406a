"""Aiken, Moodle's one-line single-choice format: reading and writing."""
