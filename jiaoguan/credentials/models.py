"""电子证照: this family's tables."""
