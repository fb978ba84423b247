"""Competitions and training: record types, navigation and metrics join the machinery here."""
