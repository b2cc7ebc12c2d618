"""出行信息: this family's tables."""
