"""机动车检验: this family's tables."""
