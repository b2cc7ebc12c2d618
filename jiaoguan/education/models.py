"""安全教育: this family's tables."""
