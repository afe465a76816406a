"""The studying blueprint: spaced review of due questions, "I guessed", and progress over time."""
