"""Labor protection and mediation: record types, navigation and metrics join the machinery here."""
