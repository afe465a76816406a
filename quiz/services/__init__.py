"""Units of work: the one layer that commits (attempts and answers, restoring a learner, educator accounts).

Each write starts an immediate transaction (SQLite takes the write lock up front; PostgreSQL
locks the rows it reads), so a read-then-write never races another request. Domain errors say
what went wrong; views turn them into 4xx pages.
"""
