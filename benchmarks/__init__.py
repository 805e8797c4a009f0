"""Benchmarks of the matching engine against its peers (not tests; see benchmarks/README.md)."""
