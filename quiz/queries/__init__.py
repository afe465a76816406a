"""Reads scoped to the learner (attempts, answers, memories of questions). Nothing here commits."""
