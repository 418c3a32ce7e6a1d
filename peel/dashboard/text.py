"""Text from outside (URL parameters, a document's words, a file's name) shown inside Streamlit's Markdown.

Streamlit renders warnings, errors, captions and headers as Markdown, so a value such as
`[click me](http://…)`, `![x](http://…/x.png)` or `**Official notice**` would become a link, an image
fetched by every visitor, or styled text. escape() makes it literal text: every ASCII punctuation mark is
backslash-escaped (CommonMark allows that for each of them), which also stops Streamlit's own `:red[…]`,
`:material/…:` and `$…$` forms, and line breaks become spaces so it cannot start a heading or list.
Escapes do not stop GitHub-style autolinks (a bare `http://…`, `www.…` or `name@host` becomes a link after
parsing), so an invisible word joiner (U+2060) goes inside each of those.
"""
from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_BREAKS = re.compile(r"\s*[\r\n\f\v\u0085\u2028\u2029]+\s*")
_AUTOLINKS = re.compile(r"(?i)(:)(?=//)|(www)(?=\.)|(@)")
JOINER = "\u2060"


def escape(value: object) -> str:
    """value as Markdown that shows exactly its characters (on one line)."""
    text = _AUTOLINKS.sub(lambda m: m.group(0) + JOINER, _BREAKS.sub(" ", str(value)))
    return _PUNCTUATION.sub(r"\\\1", text)
