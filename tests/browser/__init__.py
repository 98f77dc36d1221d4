"""Browser tests: headless Chromium opens the smoke book (``make browser``)."""
