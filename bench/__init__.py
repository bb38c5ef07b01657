"""Benchmarks (not tests): scenario generator and measurements."""
