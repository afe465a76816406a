"""Markdown study material: its sections, blocks and inline text."""
