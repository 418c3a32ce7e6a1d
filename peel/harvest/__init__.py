"""Harvest grades from the inspectorate's own pages, or a folder of saved reports, into a review file; accept
reviewed rows into data/. One job per module: addresses (where to look, from data/harvest_*.csv), fetch
(polite HTTP), pages (grades on an HTML page), review (the review file and accepting its rows), run (the
commands)."""
