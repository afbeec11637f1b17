"""Where the browser for the tests is: a Chromium or Chrome that Playwright can drive.

Looked for in this order: the ``CHROMIUM`` environment variable; ``chromium``,
``chromium-browser``, ``google-chrome`` and ``google-chrome-stable`` on the PATH; the usual macOS
application paths; Playwright's own browser, if it was ever downloaded (``python -m playwright
install chromium``, where the network allows it). Run as a script, it prints the path, or says
what to install and exits 1 (``make chromium`` uses it).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ON_PATH = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MACOS_APPS = (
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
# Headless, and quiet: no first-run, sync, update or background connections (the tests' network is
# the loopback); no sandbox, which needs privileges that CI's root and Ubuntu's AppArmor deny.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

HOW_TO_INSTALL = """no Chromium or Chrome found for the browser tests. Install one:
  Debian:  apt-get install chromium fonts-noto-cjk   (make chromium does this as root)
  Ubuntu:  install Google Chrome (.deb), and apt-get install fonts-noto-cjk
  macOS:   install Google Chrome or Chromium into /Applications
  anywhere the network allows it:  .venv/bin/python -m playwright install chromium
or point CHROMIUM at the browser's executable."""


def _playwright_browser() -> str | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # Playwright without its driver: no browser of its own either
        return None
    return path if Path(path).is_file() else None


def find() -> str | None:
    """The browser's executable, or None."""
    named = os.environ.get("CHROMIUM")
    if named:  # named by hand: that one or none, never another behind the reader's back
        return shutil.which(named) or (named if Path(named).is_file() else None)
    for name in ON_PATH:
        found = shutil.which(name)
        if found:
            return found
    for app in MACOS_APPS:
        if Path(app).is_file():
            return app
    return _playwright_browser()


if __name__ == "__main__":
    browser = find()
    if browser is None:
        named = os.environ.get("CHROMIUM")
        sys.exit(f"CHROMIUM={named} is not a browser's executable" if named else HOW_TO_INSTALL)
    print(browser)
