"""Twoway's reciprocal matching engine.

Plain data in, plain data out; this package never imports Django. Its public API is the modules
in ``__all__``, each with its entry points:

- :mod:`~twoway.engine.match`: ``match(people, config, progress=...)``, the whole pipeline;
- :mod:`~twoway.engine.model`: the plain data in and out (``Person``, ``MatchConfig``,
  ``Weights``, ``Pair``, ``SkillFlow``, ``Unmatched``, ``Summary``, ``MatchResult``) and the
  bounds of levels and priorities;
- :mod:`~twoway.engine.scoring`: ``gain``, ``pair_score``, ``match_percent``, ``conflict``,
  ``priority_multiplier``;
- :mod:`~twoway.engine.explain`: ``explain_pair``, a full ``Pair`` for any two people;
- :mod:`~twoway.engine.suggest`: ``SuggestionIndex``, ``suggestions_for``;
- :mod:`~twoway.engine.circles`: ``form_circles``;
- :mod:`~twoway.engine.skills`: skill names (``key``, ``compact_key``, ``tidy``, ``Catalogue``);
- :mod:`~twoway.engine.io`: people files in (CSV, XLSX), pairs files out;
- :mod:`~twoway.engine.cli`: ``twoway match``; :mod:`~twoway.engine.warm`: the install-time
  compile of the kernels.

The other modules are the stages of the pipeline (docs/engine.md has them in a table). The tests
and the benchmarks read them to check and measure each stage; an application has no need to.

The entry points are not re-exported here: ``match`` is the name of a module and of its function,
so one would shadow the other, and an import of the package would load numba for a caller that
only wants skill names.
"""

__all__ = [
    "circles",
    "cli",
    "explain",
    "io",
    "match",
    "model",
    "scoring",
    "skills",
    "suggest",
    "warm",
]
