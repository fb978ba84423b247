"""Care for workers: record types, navigation and metrics join the machinery here."""
