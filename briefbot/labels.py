"""How paper dates read to people; no imports, so the chat can use it before the core loads."""

from __future__ import annotations

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip


def paper_date_label(value: str | None) -> str:
    """'2022-03-31' -> '31 March 2022', '2022-03' -> 'March 2022', None -> 'undated'."""
    if not value:
        return "undated"
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            return f"{parts[2]} {MONTH_NAMES[parts[1] - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTH_NAMES[parts[1] - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return " ".join(value.split())
    return str(parts[0])
