"""Finance writes: one function per use case (ledger, dues and remittances)."""
