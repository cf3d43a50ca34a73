"""The domain: timelines of dated, sourced events; every date rule; caching; rendering."""
