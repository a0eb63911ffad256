"""The Python 2 programs under programs/ are data for the tests, not tests to collect."""

collect_ignore = ["programs"]
