"""The electronic credentials' pure rules: the signed payload (COSE_Sign1 over CBOR) and the
live status a verifier is shown. No Django here (the import-linter contract)."""
