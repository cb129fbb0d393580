"""Briefings: the papers on a topic gathered (brief), summarised with timeline, money and points
to check (brief, timeline, money), and written out as Markdown or Word (render)."""
