"""Democratic management: record types, navigation and metrics join the machinery here."""
