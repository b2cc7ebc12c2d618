"""信息公开: this family's tables."""
