"""Survey pages: campaigns and their results (:mod:`~surveys.views.campaigns`), answering online
and on paper (:mod:`~surveys.views.answering`), families' one-time codes
(:mod:`~surveys.views.codes` to print them, :mod:`~surveys.views.family` to answer)."""
