"""Voice of members: record types, navigation and metrics join the machinery here."""
