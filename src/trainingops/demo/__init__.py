"""Deterministic, realistic demo data anchored to today's date (see ``generate`` and ``load``)."""
