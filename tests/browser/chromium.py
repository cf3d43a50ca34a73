"""Which Chromium to drive, and how: Debian's, never one Playwright downloads.

A plain module (not a conftest) so that `make screenshots` can use the same
browser and flags as the browser tests.
"""

import os
import shutil

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium():
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", "chromium", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None
