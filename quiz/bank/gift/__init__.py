"""GIFT, Moodle's plain-text question format: reading and writing."""
