"""Writes of the care app, one function per use case (hardship, aid, visits, insurance)."""
