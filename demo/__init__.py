"""The demonstration data set: the report's territories A–D (``manage.py load_demo``).

:mod:`~demo.data` holds the fixed figures (the report's profiles, positions,
corridors, projects, users), :mod:`~demo.builder` wipes and recreates the demo's rows,
and :mod:`~demo.activity` and :mod:`~demo.referrals` draw the two fiscal
years of journal entries, survey answers, families and referrals.
"""
