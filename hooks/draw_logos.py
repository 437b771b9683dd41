"""Copy-time task: draw the widget's logos with its initials on a colour derived from its name.

Copier runs it on `copier copy --trust` only, in the generated project:

    python <template>/hooks/draw_logos.py --name=<widget name> [--images=widget/images]

Every logo of the size table (template/tools/platform.json) is replaced only while it is still
byte-identical to the template's static placeholder: a logo the developer put there is never
touched, and a logo the template did not generate is never created. The task never fails the
copy: whatever goes wrong, it says so in one line, exits 0 and the placeholders stay.
"""

from __future__ import annotations

# Only light modules: the task runs inside every `copier copy`, and argparse, pathlib and
# hashlib would add a quarter to its time.
import colorsys
import json
import os
import re
import struct
import sys
import zlib

HOOKS = os.path.dirname(os.path.realpath(__file__))
RULES = os.path.join(HOOKS, "..", "template", "tools", "platform.json")
PLACEHOLDERS = os.path.join(HOOKS, "..", "template", "widget", "images")
# DejaVu Sans Bold, cut down to Latin and Cyrillic (see fonts/README.md).
FONT = os.path.join(HOOKS, "fonts", "DejaVuSans-Bold-subset.ttf")
NEUTRAL = (0x7B, 0x86, 0x99)
WHITE = (255, 255, 255)


def read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def logo_table() -> tuple[list[dict], int]:
    rules = json.loads(read(RULES))
    return rules["logos"], rules["logo_max_bytes"]


def placeholder_for(file: str, folder: str = PLACEHOLDERS) -> str | None:
    """The template's placeholder for a logo; its file name may carry a Jinja condition."""
    for name in os.listdir(folder):
        if re.sub(r"\{%.*?%\}", "", name) == file:
            return os.path.join(folder, name)
    return None


def drawable(char: str) -> bool:
    """Letters and digits the bundled font has (Latin to Extended-A, Cyrillic): no tofu boxes."""
    code = ord(char)
    return char.isalnum() and (code <= 0x17F or 0x400 <= code <= 0x4FF)


def initials(name: str) -> str:
    """The first drawable letter of the first two words, upper-cased; '' when there is none."""
    letters = []
    for word in re.findall(r"\w+", name):
        first = next((c for c in word if drawable(c)), "")
        upper = first.upper()[:1]
        letters.append(upper if upper and drawable(upper) else first)
    return "".join(letters)[:2]


def colour(name: str) -> tuple[int, int, int]:
    """A hue from the name's hash, dark enough for white letters to read well."""
    digest = zlib.crc32(name.encode("utf-8", "surrogatepass"))
    hue = (digest & 0xFFFF) / 65536
    saturation = 0.45 + (digest >> 24) / 255 * 0.2
    return tuple(round(v * 255) for v in colorsys.hls_to_rgb(hue, 0.38, saturation))


def draw(width: int, height: int, text: str, background: tuple[int, int, int]) -> bytes:
    """A PNG: the text centred in white on the background, or a neutral 2×2 mark without text."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (width, height), background)
    pen = ImageDraw.Draw(image)
    side = min(width, height)
    if text:
        size = int(side * 0.46)
        font = ImageFont.truetype(FONT, size, layout_engine=ImageFont.Layout.BASIC)
        while size > 8 and pen.textlength(text, font=font) > width * 0.8:
            size -= 2
            font = ImageFont.truetype(FONT, size, layout_engine=ImageFont.Layout.BASIC)
        pen.text((width / 2, height / 2), text, font=font, fill=WHITE, anchor="mm")
    else:
        cell, gap = side * 0.2, side * 0.06
        left, top = (width - 2 * cell - gap) / 2, (height - 2 * cell - gap) / 2
        for row in (0, 1):
            for col in (0, 1):
                x, y = left + col * (cell + gap), top + row * (cell + gap)
                pen.rounded_rectangle((x, y, x + cell, y + cell), radius=cell * 0.25, fill=WHITE)
    return png(image)


def png(image) -> bytes:
    """An RGB image as PNG bytes, without metadata (so the same name gives the same bytes).

    Written with zlib rather than image.save(): Pillow's PNG plugin and the image plugins it
    initialises cost a third of the task's time, for a file format this simple."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    width, height = image.size
    pixels, stride = image.tobytes(), 3 * width
    rows = b"".join(b"\x00" + pixels[y * stride : (y + 1) * stride] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def write_atomically(path: str, data: bytes) -> None:
    """Write beside the target, then rename over it: never a half-written logo.

    The temporary file is created exclusively and without following links (O_EXCL|O_NOFOLLOW):
    a link planted under its name makes the write fail instead of writing through it. The
    rename replaces a link at `path` itself, never the file it points to."""
    tmp = path + ".tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def personalise(name: str, images: str) -> list[str]:
    """Replace the placeholders still in `images` with logos for `name`; return their files."""
    table, max_bytes = logo_table()
    todo = []
    for logo in table:
        target, placeholder = os.path.join(images, logo["file"]), placeholder_for(logo["file"])
        if placeholder and os.path.isfile(target) and read(target) == read(placeholder):
            todo.append((logo, target))
    text, background = initials(name), colour(name)
    drawn = [(logo, target, draw(logo["width"], logo["height"], text, background)) for logo, target in todo]
    for logo, _, png in drawn:
        if len(png) > max_bytes:
            raise ValueError(f"{logo['file']} came out at {len(png)} bytes, over {max_bytes}")
    for _, target, png in drawn:
        write_atomically(target, png)
    return [logo["file"] for logo, _, _ in drawn]


def option(argv: list[str], name: str, default: str | None = None) -> str | None:
    """The value of --name=value (the only form Copier's task uses)."""
    return next((arg.split("=", 1)[1] for arg in argv if arg.startswith(f"--{name}=")), default)


def main(argv: list[str]) -> None:
    name = option(argv, "name")
    if name is None:
        raise ValueError("usage: draw_logos.py --name=<widget name> [--images=widget/images]")
    try:
        import PIL  # noqa: F401
    except ImportError:
        print(
            f"Logos: kept the placeholder logos, Pillow is not installed for {sys.executable};"
            " install it (pipx inject copier pillow, or pip install pillow) and generate again"
            " for logos with your widget's initials",
            file=sys.stderr,
        )
        return
    personalise(name, option(argv, "images", os.path.join("widget", "images")))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Exception as error:  # noqa: BLE001 - a logo is never worth a failed copy
        print(f"Logos: kept the placeholder logos ({type(error).__name__}: {error})", file=sys.stderr)
