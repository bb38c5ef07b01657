"""Aggregates: each declares its events as nested past-tense classes."""
