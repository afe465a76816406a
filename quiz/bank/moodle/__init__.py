"""Moodle XML, the format Moodle's question bank exports: reading and writing."""
