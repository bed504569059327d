"""Capture: a page's screenshot from a real browser, with the exact box of every string it shows."""
