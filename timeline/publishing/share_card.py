"""The share card: a 1200×630 PNG for link previews, drawn with Pillow in the site's type and colours.

An event's card names the timeline (small, in the sans the site uses for
what readers operate), its date as the page displays it (accent colour; at
its precision, from domain/dates through Event.date_display) and its
headline (large serif, as on the page), shrunk to fit four lines at most. A
timeline's card shows its title and description. The fonts are the DejaVu
files shipped in static/fonts (the site's CSS falls back to the same
families); without them Pillow's own font keeps the card readable.
"""

from io import BytesIO
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
# The light theme's --paper, --ink, --muted, --rule and --accent (static/css/timeline.css).
PAPER, INK, MUTED, RULE, ACCENT = "#fbfaf7", "#1b1b1b", "#595959", "#dedad2", "#a4231b"
FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
SERIF_BOLD, SERIF, SANS_BOLD = "DejaVuSerif-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSans-Bold.ttf"
SITE_NAME = "Timelines"


def font(name, size):
    try:
        return ImageFont.truetype(str(FONTS / name), size)
    except OSError:
        return ImageFont.load_default(size)


def wrap(draw, text, face, width):
    """Lines of `text` no wider than `width` in `face`; a word longer than a line is cut."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=face) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while draw.textlength(word, font=face) > width:
            cut = len(word)
            while cut > 1 and draw.textlength(word[:cut], font=face) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def fit(draw, text, name, sizes, width, max_lines):
    """The largest of `sizes` at which `text` fits in `max_lines`; at the smallest, the rest ends in "…"."""
    for size in sizes:
        face = font(name, size)
        lines = wrap(draw, text, face, width)
        if len(lines) <= max_lines:
            return face, lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and draw.textlength(last + "…", font=face) > width:
        last = last[:-1].rstrip()
    lines[-1] = last + "…"
    return face, lines


def draw_lines(draw, lines, face, top, colour, leading):
    for line in lines:
        draw.text((MARGIN, top), line, font=face, fill=colour)
        top += leading
    return top


def draw(timeline, event=None):
    """The card for `event` of `timeline`, or for the timeline itself, as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, 12), fill=ACCENT)
    kicker = font(SANS_BOLD, 26)
    if event is None:
        draw.text((MARGIN, 64), "TIMELINE", font=kicker, fill=ACCENT)
        face, lines = fit(draw, timeline.title, SERIF_BOLD, (76, 66, 58, 50), width, 3)
        top = draw_lines(draw, lines, face, 116, INK, int(face.size * 1.22))
        if timeline.description:
            face, lines = fit(draw, timeline.description, SERIF, (32, 28), width, 3)
            draw_lines(draw, lines, face, top + 24, MUTED, int(face.size * 1.4))
    else:
        _, title = fit(draw, timeline.title.upper(), SANS_BOLD, (26,), width, 1)
        draw.text((MARGIN, 64), title[0], font=kicker, fill=MUTED)
        _, when = fit(draw, event.date_display, SANS_BOLD, (40,), width, 1)
        draw.text((MARGIN, 128), when[0], font=font(SANS_BOLD, 40), fill=ACCENT)
        face, lines = fit(draw, event.headline, SERIF_BOLD, (64, 56, 48, 42), width, 4)
        draw_lines(draw, lines, face, 200, INK, int(face.size * 1.22))
    draw.line((MARGIN, HEIGHT - 92, WIDTH - MARGIN, HEIGHT - 92), fill=RULE, width=2)
    draw.text((MARGIN, HEIGHT - 70), SITE_NAME, font=font(SERIF_BOLD, 30), fill=INK)
    output = BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()
