"""证件业务: this family's tables."""
