"""Demo data: Northwind Labs, a fictional company whose people teach and learn from each other.

``plan`` draws the members as plain data (deterministic for a seed); ``seed`` writes them to the
database. ``twoway seed_demo`` is the command line for both; docs/demo.md introduces the cast.
"""
