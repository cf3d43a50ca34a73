"""What other sites and programs get: the embed and oEmbed, data exports (TimelineJS too), the feed."""
