"""The TrueType sans family used in PDFs, and text made safe for it and for Paragraph markup."""

import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from quizapp.exports.wording import clean_text

REGULAR = "ExportSans"
BOLD, ITALIC, BOLD_ITALIC = f"{REGULAR}-Bold", f"{REGULAR}-Italic", f"{REGULAR}-BoldItalic"

_RL_FONTS = Path(reportlab.__file__).parent / "fonts"
# DejaVu Sans is Bitstream Vera extended to far more scripts; Vera ships inside reportlab, so it always works.
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FAMILIES = (
    tuple(_DEJAVU / f"DejaVuSans{face}.ttf" for face in ("", "-Bold", "-Oblique", "-BoldOblique")),
    tuple(_RL_FONTS / f"Vera{face}.ttf" for face in ("", "Bd", "It", "BI")),
)
# Stand-ins for common characters that Vera lacks.
_SUBSTITUTES = {"→": "->", "←": "<-", "✓": "v", "✔": "v", "✗": "x", "−": "-", "‑": "-"}


def _load(paths: tuple[Path, ...]) -> list[TTFont] | None:
    """Return the four faces of a family, or None if any file is missing or unreadable."""
    try:
        return [TTFont(name, str(path)) for name, path in zip((REGULAR, BOLD, ITALIC, BOLD_ITALIC), paths, strict=True)]
    except (OSError, TTFError):
        return None


@cache
def register_fonts() -> frozenset[int]:
    """Register the best family available under our font names; return the code points all faces cover."""
    faces = next(faces for faces in map(_load, FAMILIES) if faces)
    for face in faces:
        pdfmetrics.registerFont(face)
    for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
        addMapping(REGULAR, bold, italic, name)
    # Characters beyond the Basic Multilingual Plane get a broken ToUnicode entry from reportlab, so they
    # would copy and read aloud as nonsense; treat them as missing.
    covered = frozenset.intersection(*(frozenset(face.face.charToGlyph) for face in faces))
    return frozenset(code for code in covered if code <= 0xFFFF)


def _stand_in(char: str, covered: frozenset[int]) -> str:
    """Return something the font can draw in place of a character it lacks."""
    if char.isspace():
        return " "
    if char in _SUBSTITUTES:
        return _SUBSTITUTES[char]
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) in covered)
    if base:
        return base
    return "\ufffd" if 0xFFFD in covered else "?"


def drawable(text: str) -> str:
    """Return text with every character the registered font lacks replaced by a stand-in."""
    covered = register_fonts()
    return "".join(c if ord(c) in covered or c == "\n" else _stand_in(c, covered) for c in clean_text(text))


def markup(text: str) -> str:
    """Return user text as literal Paragraph content: drawable, escaped, line breaks kept."""
    return escape(drawable(text)).replace("\n", "<br/>")
