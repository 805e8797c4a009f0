"""Twoway's reciprocal matching engine.

Plain data in, plain data out. This package never imports Django: the web app and the
``twoway match`` command both call it through :func:`twoway.engine.match.match`.
"""
