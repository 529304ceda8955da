"""The case file as a PDF: WeasyPrint lays out the printable page server-side, with Debian's fonts.

WeasyPrint is imported on first use: it loads Debian's Pango, and the rest of the review app
serves without it (a missing library then fails the PDF download alone, with its own message).
"""

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import weasyprint

STYLESHEET = Path(__file__).parents[1] / "review" / "static" / "casefile.css"


def render_pdf(html: str) -> bytes:
    """The PDF of a case-file page; nothing is fetched (no URL of the post's content is followed)."""
    import weasyprint

    document = weasyprint.HTML(string=html, url_fetcher=_no_fetch())
    pdf: bytes = document.write_pdf(stylesheets=[_stylesheet()])
    return pdf


@cache
def _stylesheet() -> "weasyprint.CSS":
    """The one stylesheet the page and the PDF share (print rules under `@media print` and `@page`)."""
    import weasyprint

    return weasyprint.CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=_no_fetch())


def _no_fetch() -> "weasyprint.URLFetcher":
    """A fetcher allowed no protocol: the page is self-contained, and hostile URLs stay text."""
    import weasyprint

    return weasyprint.URLFetcher(allowed_protocols=())
