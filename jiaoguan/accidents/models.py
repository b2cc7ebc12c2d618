"""事故快处快赔: this family's tables."""
