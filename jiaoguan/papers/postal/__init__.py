"""Postal delivery of papers (DOMAIN §14.5): the address book, shipments (one per case and
leg), their booking through the delivery engine and their tracking. ``services`` writes,
``selectors`` reads; the pure state table and the delivery estimate are in
``papers.rules.waybill``."""
