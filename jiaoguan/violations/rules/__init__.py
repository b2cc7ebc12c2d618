"""Violation rules as pure functions: fines, late penalties, who may handle a record online."""
