"""Schemathesis fuzzing of the REST API (run on SQLite only)."""
