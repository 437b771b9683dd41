"""What the browser tests read from and do in the preview page (tools/preview/preview.js exposes
window.preview: its state, and the emulator with the calls the CRM made)."""

from __future__ import annotations


def wait_until_loaded(page, timeout: int = 30000) -> None:
    """Until the preview has loaded the widget (or failed to) and entered its first area."""
    page.wait_for_function("window.preview && window.preview.state !== 'loading' && !window.preview.busy", timeout=timeout)


def assert_clean(page) -> None:
    """No problem the emulator found, no uncaught error, no request beyond the dev server."""
    assert emulator_errors(page) == []
    assert page.page_errors == []
    assert page.outside == []


def emulator_errors(page) -> list[str]:
    return page.evaluate("window.preview.emulator ? window.preview.emulator.errors.map((e) => e.message) : [window.preview.error]")


def calls(page) -> list[str]:
    """The callbacks the CRM made, as 'name@location'."""
    return page.evaluate("window.preview.emulator.history.map((e) => e.callback + '@' + e.location)")


def choose_area(page, location: str) -> None:
    """Picks an area in the preview's switcher and waits until the widget has entered it."""
    page.select_option("#pv-area", location)
    page.wait_for_function(
        "(location) => window.preview.emulator.location === location && !window.preview.busy", arg=location, timeout=15000,
    )
