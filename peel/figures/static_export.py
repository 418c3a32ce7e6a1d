"""Static output through the system Chromium: Plotly figures as SVG (kaleido), and an HTML page printed to a
PDF or captured as a PNG (Chromium headless). No Streamlit here; the report card and its tests use it.

Chromium is Debian's (`make chromium` installs it); PEEL_CHROMIUM points elsewhere."""
from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import plotly.graph_objects as go

A4_CSS_PX = (794, 1123)  # 210 x 297 mm at 96 px per inch


class ExportFailed(RuntimeError):
    """Chromium is missing or could not render the page."""


def chromium_path() -> str | None:
    """The Chromium to run: $PEEL_CHROMIUM, else Debian's; None when there is none."""
    return os.environ.get("PEEL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def chromium() -> str:
    chosen = os.environ.get("PEEL_CHROMIUM")
    if chosen and not (os.path.isfile(chosen) and os.access(chosen, os.X_OK)):
        raise ExportFailed(f"PEEL_CHROMIUM is {chosen!r}, which is not a program that can be run: point it at "
                           "a Chromium, or unset it to use Debian's")
    path = chromium_path()
    if not path:
        raise ExportFailed("no Chromium found: install Debian's chromium (`make chromium`) or set PEEL_CHROMIUM")
    return path


def figures_svg(figures: list[tuple[go.Figure, int, int]]) -> list[str]:
    """Each (figure, width, height) as SVG text, drawn by plotly.js in one kaleido browser session."""
    import kaleido

    browser = chromium()

    async def draw() -> list[str]:
        # mathjax=False: nothing is fetched from the network
        async with kaleido.Kaleido(n=1, mathjax=False, path=browser) as k:
            return [(await k.calc_fig(fig, opts=dict(format="svg", width=w, height=h))).decode("utf-8")
                    for fig, w, h in figures]

    try:
        return asyncio.run(draw())
    except Exception as exc:  # noqa: BLE001 - whatever kaleido raises, the person is told which Chromium failed
        raise ExportFailed(f"Chromium ({browser}) could not draw the figures: {type(exc).__name__}: "
                           f"{str(exc).strip()[:300]}") from exc


def _run_chromium(html: str, flags: list[str], output: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="peel-print-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, encoding="utf-8")
        done = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                               "--allow-file-access-from-files", "--no-first-run", "--disable-extensions",
                               f"--user-data-dir={tmp}/profile", "--run-all-compositor-stages-before-draw",
                               "--virtual-time-budget=3000", *flags, page.as_uri()],
                              capture_output=True, text=True, timeout=120)
        if not output.exists() or output.stat().st_size == 0:
            raise ExportFailed(f"Chromium did not write {output.name}: {done.stderr.strip()[-400:]}")


def html_to_pdf(html: str, out: Path) -> Path:
    """The page printed to PDF by Chromium (page size and margins from the page's own @page rule)."""
    out = Path(out)
    out.unlink(missing_ok=True)
    _run_chromium(html, [f"--print-to-pdf={out}", "--no-pdf-header-footer"], out)
    return out


def html_to_png(html: str, out: Path, size: tuple[int, int] = A4_CSS_PX, scale: int = 2) -> Path:
    """The page captured as a PNG of size (CSS px) at scale device pixels per CSS pixel."""
    out = Path(out)
    out.unlink(missing_ok=True)
    _run_chromium(html, [f"--screenshot={out}", f"--window-size={size[0]},{size[1]}",
                         f"--force-device-scale-factor={scale}"], out)
    return out
