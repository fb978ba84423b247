"""Assessment pages, one module per area: standards, campaigns, one union's assessment."""
