"""办事指南: this family's tables."""
