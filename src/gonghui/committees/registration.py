"""Committees and elections: record types, navigation and metrics join the machinery here."""
