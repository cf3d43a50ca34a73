"""What editors use: the admin, its forms, article intake, fetching, extraction, review, evaluation,
and TimelineJS import."""
