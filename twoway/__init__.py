"""Twoway: mentorship as a two-way street."""
