"""HTML to PDF for every printable report, offline.

WeasyPrint may load only files under the given folder (the print stylesheet): never the network,
whatever the HTML asks for."""

from __future__ import annotations

from pathlib import Path

PRINT_DIR = Path(__file__).resolve().parent / "templates" / "core" / "print"


def html_to_pdf(html: str, stylesheet_dir: Path = PRINT_DIR) -> bytes:
    """The PDF of ``html``, whose relative links (``print.css``) resolve in ``stylesheet_dir``."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file"}, timeout=5)
    pdf: bytes = HTML(
        string=html, base_url=stylesheet_dir.as_uri() + "/", url_fetcher=fetcher
    ).write_pdf()
    return pdf
