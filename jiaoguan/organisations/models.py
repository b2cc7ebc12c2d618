"""单位用户: this family's tables."""
