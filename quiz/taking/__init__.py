"""The student blueprint: pick a bank, answer one question per page, see results and history."""
