"""Redraw the template's static placeholder logos (a maintainer tool, not copy-time code).

    python scripts/make_placeholders.py

Draws the neutral placeholder of every logo in template/tools/platform.json into
template/widget/images/, keeping a file's conditional (Jinja) name where it has one. The logo task
recognises a widget's logo as the template's by byte equality with these files: commit them
together with any change to the drawing code.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "hooks"))

import draw_logos  # noqa: E402


def main() -> None:
    table, max_bytes = draw_logos.logo_table()
    for logo in table:
        png = draw_logos.draw(logo["width"], logo["height"], "", draw_logos.NEUTRAL)
        assert len(png) <= max_bytes, f"{logo['file']}: {len(png)} bytes"
        target = draw_logos.placeholder_for(logo["file"]) or os.path.join(draw_logos.PLACEHOLDERS, logo["file"])
        draw_logos.write_atomically(target, png)
        print(f"{os.path.basename(target)}  {logo['width']}x{logo['height']}  {len(png)} bytes")


if __name__ == "__main__":
    main()
