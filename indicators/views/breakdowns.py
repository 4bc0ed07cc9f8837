"""Work in progress (issue 5)."""

from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


indicators_json = download = indicator_detail = overview = _missing
