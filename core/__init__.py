"""Everything but the screen: sources, the cache, topics, briefings, export and config.

``core`` never imports Textual. The reader (``tui``) and the command line (``cli``) reach
it through one facade, :class:`core.service.InsightsService`.
"""
