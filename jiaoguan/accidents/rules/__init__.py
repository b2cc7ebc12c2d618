"""The pure rules of 快处快赔 (DOMAIN.md §10): eligibility, the liability table, late
reports and the photo checks. No Django."""
