"""Question banks: parsing, validation and the canonical model. Pure: no Flask, no database."""
