"""Django looks for an app's models in `timeline.models`; they live in timeline/domain/models.py."""

from .domain.models import (  # noqa: F401
    Actor,
    Candidate,
    Category,
    Citation,
    Dated,
    Event,
    EventQuerySet,
    KeyFigure,
    SourceArticle,
    Timeline,
    text_fingerprint,
)
