"""Question banks generated from Markdown study material."""
