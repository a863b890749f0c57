"""Charts drawn on the server as SVG with matplotlib: no browser script and no CDN (the desk's
Content-Security-Policy allows neither). One place for the backend, the fonts and the file
settings, so every chart of the desk is drawn the same way.

matplotlib's state (`rcParams`) is global and not thread-safe, and the desk draws in a thread
pool: `drawing()` holds a lock for the whole of one chart.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Latin first, then Devanagari (Noto, installed with the desk), then matplotlib's own.
FONTS: Final = ["Noto Sans", "Noto Sans Devanagari", "DejaVu Sans"]
_LOCK: Final = threading.Lock()


@contextmanager
def drawing(width: float, height: float, *, text_as_text: bool = False) -> Iterator[Figure]:
    """A new figure (inches at 96 dpi), drawn with the desk's fonts; turn it into SVG with
    `svg_of` inside the block.

    `text_as_text` keeps text as SVG `<text>` instead of outlines: the browser then shapes
    Devanagari itself (matplotlib does not join its vowel signs), and the words stay findable.
    """
    import matplotlib as mpl

    mpl.use("Agg")  # no display: files only
    from matplotlib.figure import Figure

    with (
        _LOCK,
        mpl.rc_context(
            {
                "svg.hashsalt": "cybersetu",  # the same data draws the same file
                "svg.fonttype": "none" if text_as_text else "path",
                "font.family": FONTS,
            }
        ),
    ):
        yield Figure(figsize=(width, height), dpi=96)


def svg_of(fig: Figure) -> str:
    """The figure as an SVG document, laid out tightly, without a date (reproducible)."""
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()
