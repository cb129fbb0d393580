"""Tables of figures read from positioned text runs: rows keep their column headings, headings
that span groups of columns are shared out only when their reach is certain, and figures that
merely line up in running text are not a table. Tables set out as rows (Word, web pages,
Markdown, plain text) keep their first row's headings the same way."""

from __future__ import annotations

from briefbot.ingest.positions import Run
from briefbot.ingest.tables import (
    Cell,
    cell_span,
    headed_rows,
    is_figure,
    render_row,
    row_cells,
    table_rows,
)

H = 8.0  # a line's height, in points


def line(y: float, *cells: tuple[float, float, str]) -> list[Run]:
    return [Run(text, left, y, right, y + H) for left, right, text in cells]


def rows(spans: list[tuple[float, float]], *table: tuple[str, ...]) -> list[Run]:
    """Rows of a table under its headings: a label, then a figure in each column's span."""
    return [
        run
        for k, (label, *figures) in enumerate(table)
        for run in line(
            80 - 12 * k,
            (10, 90, label),
            *[(*span, f) for span, f in zip(spans, figures, strict=True)],
        )
    ]


PAIRS = [(210, 230), (260, 280), (410, 430), (460, 480)]
FIVE = [(210, 230), (260, 280), (330, 350), (410, 430), (460, 480)]
GROUPS = line(110, (230, 260, "TOTAL"), (330, 350, "ASCH"), (420, 450, "CYPE"))


def test_figures_and_what_is_not_one() -> None:
    for text in ["3,500", "(145,000)", "-836.6", "£ 3,000.00", "12%", "-", "£1.2m"]:
        assert is_figure(text), text
    for text in ["2017-18", "2024/25", "2019", "Budget", "Item 7", "13-Dec-16"]:
        assert not is_figure(text), text


def test_a_row_is_written_with_its_column_headings() -> None:
    runs = [
        *line(100, (200, 240, "2024/25"), (300, 340, "2025/26")),
        *line(80, (10, 90, "Libraries"), (210, 240, "1,200"), (310, 340, "1,150")),
        *line(68, (10, 90, "Parks"), (215, 240, "800"), (315, 340, "820")),
        *line(56, (10, 90, "Total"), (210, 240, "2,000"), (310, 340, "1,970")),
    ]
    rows = table_rows(runs)
    assert rows["Parks800820"] == "Parks | 2024/25: 800 | 2025/26: 820"
    assert len(rows) == 3


def test_a_heading_centred_over_pairs_of_columns_heads_each_pair() -> None:
    runs = [
        *line(110, (215, 265, "2023-24"), (415, 465, "2024-25")),
        *line(
            100,
            *[
                (left - 10, right, w)
                for (left, right), w in zip(PAIRS, ["Budget", "Actual"] * 2, strict=True)
            ],
        ),
        *rows(
            PAIRS,
            ("Grants", "500", "450", "600", "610"),
            ("Audit", "400", "409", "400", "380"),
            ("Hall hire", "150", "130", "150", "140"),
        ),
    ]
    assert table_rows(runs)["Audit400409400380"] == (
        "Audit | 2023-24 Budget: 400 | 2023-24 Actual: 409 | 2024-25 Budget: 400"
        " | 2024-25 Actual: 380"
    )


def test_a_group_heading_whose_reach_is_unsure_is_left_out() -> None:
    """Three labels over five columns in unequal groups: no column gets a guessed heading."""
    headings = ["Core", "Other", "Core", "Core", "Other"]
    runs = [
        *GROUPS,
        *line(
            100, *[(left - 10, right, w) for (left, right), w in zip(FIVE, headings, strict=True)]
        ),
        *rows(
            FIVE,
            ("Pay", "5", "6", "7", "8", "9"),
            ("Prices", "1", "2", "3", "4", "5"),
            ("Income", "3", "2", "1", "0", "1"),
        ),
    ]
    assert table_rows(runs)["Pay56789"] == (
        "Pay | Core: 5 | Other: 6 | Core: 7 | Core: 8 | Other: 9"
    )


def test_figures_in_running_text_are_not_a_table() -> None:
    runs = [
        *line(100, (10, 400, "The council agreed the budget of 2,000 and 3,000 for parks.")),
        *line(88, (10, 60, "Paid"), (200, 230, "1,200"), (300, 330, "300")),
        *line(76, (10, 400, "These were received and noted by the committee members.")),
    ]
    assert table_rows(runs) == {}


def test_a_date_drawn_digit_by_digit_is_one_cell() -> None:
    digits = [(10 + 6 * i, 15.5 + 6 * i, c) for i, c in enumerate("13-02-19")]
    runs = [
        *line(100, (100, 160, "Payee"), (200, 240, "Net"), (300, 340, "VAT")),
        *[
            r
            for k in range(3)
            for r in line(
                80 - 12 * k, *digits, (100, 160, f"Payee {k}"), (210, 240, "334"), (310, 340, "66")
            )
        ],
    ]
    rows = table_rows(runs)
    assert set(rows.values()) == {f"13-02-19 Payee {k} | Net: 334 | VAT: 66" for k in range(3)}


def test_render_row() -> None:
    assert render_row("Audit", [("Budget", "400"), ("", "409")]) == "Audit | Budget: 400 | 409"


def test_a_row_s_words_are_checked_on_its_page_each_in_its_place() -> None:
    from briefbot.evaluation.harness import _printed_pieces

    assert _printed_pieces("Hall hire | Budget 2017-18: 400 | 409") == [
        "Hall",
        "hire",
        "Budget",
        "2017-18",
        "400",
        "409",
    ]
    assert _printed_pieces("The council agreed: yes.") == ["The council agreed: yes."]


def test_a_group_heading_in_a_shaded_cell_reaches_the_columns_under_it() -> None:
    """A spreadsheet's header: TOTAL (no shading) over three columns, ASCH shaded over one,
    CYPE shaded over two, in groups no rule of thumb could guess."""
    six = [*FIVE[:2], (290, 300), *FIVE[2:]]
    headings = ["Core", "Other", "All", "Core", "Core", "Other"]
    runs = [
        *GROUPS,
        *line(
            100,
            *[
                (left - 10 if w != "All" else 285, right, w)
                for (left, right), w in zip(six, headings, strict=True)
            ],
        ),
        *rows(
            six,
            ("Pay", "5", "6", "11", "7", "8", "9"),
            ("Prices", "1", "2", "3", "3", "4", "5"),
            ("Income", "3", "2", "5", "1", "0", "1"),
        ),
    ]
    shaded = [(310.0, 105.0, 360.0, 120.0), (390.0, 105.0, 490.0, 120.0)]
    assert table_rows(runs, shaded)["Pay5611789"] == (
        "Pay | TOTAL Core: 5 | TOTAL Other: 6 | TOTAL All: 11 | ASCH Core: 7 | CYPE Core: 8"
        " | CYPE Other: 9"
    )
    unshaded = table_rows(runs)["Pay5611789"]
    assert "TOTAL" not in unshaded and "ASCH" not in unshaded  # no cells: no guess


def grid(*rows: str) -> list[list[Cell]]:
    """Rows given as pipe-separated text, one cell a column."""
    return [row_cells([cell.strip() for cell in row.split("|")]) for row in rows]


def test_a_header_row_heads_the_rows_below_it() -> None:
    assert headed_rows(
        grid(
            "Quarter end | Total households | Of which in B&B",
            "June 2023 | 341 | 12",
            "September 2023 |  | 39",
            " | 20 | 5",
        )
    ) == [
        "Quarter end | Total households | Of which in B&B",
        "June 2023 | Total households: 341 | Of which in B&B: 12",
        "September 2023 | Of which in B&B: 39",
        "Total households: 20 | Of which in B&B: 5",
    ]


def test_a_header_of_figures_or_fields_or_a_single_column_heads_nothing() -> None:
    assert headed_rows(grid("June 2022 | 174 | 62", "June 2023 | 341 | 142")) is None
    assert headed_rows(grid("Yeas: | Nays:", "J. Morgan | A. Hopkins")) is None
    assert headed_rows(grid("Decision maker | Cabinet", "Decision date | 20 June 2024")) is None
    assert headed_rows(grid("Ward", "Abbey", "Belmont")) is None
    assert headed_rows(grid("Ward | Votes")) is None  # no row to head
    assert headed_rows(grid("Ward | Votes", "Abbey | 1,204", "Belmont | 986")) == [
        "Ward | Votes",
        "Abbey | Votes: 1,204",
        "Belmont | Votes: 986",
    ]


def test_a_heading_over_merged_columns_heads_each_and_a_guess_is_left_out() -> None:
    rows = [
        [Cell("Service", 0), Cell("2024/25", 1, 2), Cell("Note", 3)],
        [Cell("Parks", 0), Cell("800", 1), Cell("820", 2), Cell("Cut", 3)],
        [Cell("Libraries", 0), Cell("1,950", 1, 2), Cell("", 3)],
        [Cell("Total", 0), Cell("2,000 (both)", 2, 2)],
    ]
    assert headed_rows(rows) == [
        "Service | 2024/25 | Note",
        "Parks | 2024/25: 800 | 2024/25: 820 | Note: Cut",
        "Libraries | 2024/25: 1,950",
        "Total | 2,000 (both)",
    ]


def test_a_merged_cell_s_span_is_a_small_whole_number() -> None:
    spans = {"2": 2, " 3 ": 3, "": 1, "0": 1, "x": 1, "²": 1, "99999": 1, "5000": 1000}
    assert {count: cell_span(count) for count in spans} == spans
    assert cell_span(None) == 1
