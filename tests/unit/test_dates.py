"""Dates as papers write them, as people read them, and in file names (no model, no index)."""

from __future__ import annotations

from datetime import date

import pytest

from briefbot.language.dates import (
    financial_years,
    find_dates,
    first_date,
    iso_date,
    name_date,
    paper_date_label,
)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("2022-03-31", "31 March 2022"),
        ("2022-03", "March 2022"),
        ("2022", "2022"),
        (None, "undated"),
        ("", "undated"),
    ],
)
def test_a_paper_date_reads_as_people_write_it(value: str | None, label: str) -> None:
    assert paper_date_label(value) == label


@pytest.mark.parametrize(
    ("sentence", "paper_date", "found"),
    [
        ("Cabinet met on Thursday 31 March 2022.", None, ["2022-03-31"]),
        ("The second tranche is available from July 2022.", None, ["2022-07"]),
        ("The panel meets on 13 December.", "2022-12-01", ["2022-12-13"]),
        ("May the committee note the report.", "2022-12-01", []),  # "May" opening is no date
        ("Spending rose in 2021 and again in March 2023.", None, ["2021", "2023-03"]),
        ("The report was dated 24/11/2022.", None, ["2022-11-24"]),
        ("No 31 February 2022 exists.", None, []),
    ],
)
def test_dates_keep_the_precision_the_paper_gave(
    sentence: str, paper_date: str | None, found: list[str]
) -> None:
    assert [when.iso for when in find_dates(sentence, paper_date)] == found


def test_a_date_without_its_year_takes_the_papers_year_and_says_so() -> None:
    (when,) = find_dates("The panel meets on 13 December.", "2022-12-01")
    assert when.year_inferred and when.label == "13 December 2022" and when.precision == "day"


@pytest.mark.parametrize(
    ("sentence", "spans"),
    [
        ("The 2023/24 budget", [(date(2023, 4, 1), date(2024, 3, 31))]),
        ("In 2025-26 the council", [(date(2025, 4, 1), date(2026, 3, 31))]),
        ("Page 2023-2024-1", []),
    ],
)
def test_financial_years_run_april_to_march(sentence: str, spans: list[tuple[date, date]]) -> None:
    assert financial_years(sentence) == spans


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("2022-03-31-minutes.txt", "2022-03-31"),
        ("minutes_20220331.pdf", "2022-03-31"),
        ("31-03-2022.docx", "2022-03-31"),
        ("report-2022-07.md", "2022-07"),
        ("minutes.pdf", None),
        ("2022-02-30-minutes.txt", "2022-02"),  # no such day: the month is still meant
    ],
)
def test_a_file_name_may_carry_a_date(name: str, found: str | None) -> None:
    assert name_date(name) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Minutes of the meeting held on 24th November 2022 at 10am", "2022-11-24"),
        ("Published 3/4/2023", "2023-04-03"),  # UK order: day first
        ("No date here", None),
    ],
)
def test_the_first_full_date_of_a_text(text: str, found: str | None) -> None:
    assert first_date(text) == found


@pytest.mark.parametrize(
    ("value", "found"),
    [("2022-03-31T10:00:00Z", "2022-03-31"), ("20220331", "2022-03-31"), ("March", None)],
)
def test_metadata_dates(value: str, found: str | None) -> None:
    assert iso_date(value) == found
