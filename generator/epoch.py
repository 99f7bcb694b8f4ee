"""SOURCE_DATE_EPOCH, the reproducible-builds convention for "the time of this build", read
and checked once for the CLI, the PDF and the MkDocs plugin."""

from __future__ import annotations

LAST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z: the last second a date can name


def source_date_epoch(value: str | None) -> int | None:
    """SOURCE_DATE_EPOCH as seconds since 1970 (None when unset or empty); a value that is
    not a whole number of seconds within the years 1970 to 9999 raises ValueError, as the
    reproducible-builds specification asks, rather than being silently ignored."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(LAST_EPOCH)) or int(text) > LAST_EPOCH:
        raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to {LAST_EPOCH} (as `date +%s` prints), not {value[:40]!r}")
    return int(text)
