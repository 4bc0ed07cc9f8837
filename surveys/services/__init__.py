"""Every write to surveys goes through these functions, which pages, imports and tests share:
:mod:`~surveys.services.campaigns` (campaigns and their questions, one-time code batches) and
:mod:`~surveys.services.answers` (online, one-time-code and paper answers)."""
