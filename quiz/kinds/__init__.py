"""One handler per question kind: layout, reading answers, grading, describing, and the inputs a page draws."""
