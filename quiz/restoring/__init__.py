"""Moving a learner's attempts to another browser with a recovery code (there are no accounts)."""
