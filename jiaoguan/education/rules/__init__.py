"""Pure rules of safety education (DOMAIN.md §4.3, §4.4, §16): study time from heartbeats, the
points-reduction test, full-score study days. No Django here."""
