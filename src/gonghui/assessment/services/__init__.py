"""Writes of the assessment app, one module per area (standards, campaigns, scores, workflow, tasks)."""
