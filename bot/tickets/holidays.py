"""Swedish public holidays (lag (1989:253) om allmänna helgdagar), computed for any year.

Sundays are holidays by that law too; Saturdays are not holidays but are not working days either, which
is what matters for a deadline (Regulation (EEC, Euratom) No 1182/71, Art. 3(4)). Midsommarafton,
julafton and nyårsafton are ordinary working days by law; some teams close on them (lag (1930:173) treats
them like Sundays for time limits in Swedish law), so ``eves_off`` makes them non-working.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher")."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def _saturday_between(year: int, month: int, first: int) -> date:
    """The Saturday of the seven days starting ``first`` (midsommardagen, alla helgons dag)."""
    start = date(year, month, first)
    return start + timedelta(days=(5 - start.weekday()) % 7)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[date, str]:
    """The Swedish public holidays of ``year`` other than ordinary Sundays, by date."""
    easter = easter_sunday(year)
    midsummer_day = _saturday_between(year, 6, 20)
    return {
        date(year, 1, 1): "nyårsdagen",
        date(year, 1, 6): "trettondedag jul",
        easter - timedelta(days=2): "långfredagen",
        easter: "påskdagen",
        easter + timedelta(days=1): "annandag påsk",
        date(year, 5, 1): "första maj",
        easter + timedelta(days=39): "Kristi himmelsfärdsdag",
        easter + timedelta(days=49): "pingstdagen",
        date(year, 6, 6): "Sveriges nationaldag",
        midsummer_day: "midsommardagen",
        _saturday_between(year, 10, 31): "alla helgons dag",
        date(year, 12, 25): "juldagen",
        date(year, 12, 26): "annandag jul",
    }


@lru_cache(maxsize=64)
def eves(year: int) -> dict[date, str]:
    """Midsommarafton, julafton and nyårsafton: working days unless the team says otherwise."""
    return {
        _saturday_between(year, 6, 20) - timedelta(days=1): "midsommarafton",
        date(year, 12, 24): "julafton",
        date(year, 12, 31): "nyårsafton",
    }


def is_working_day(day: date, eves_off: bool = False) -> bool:
    if day.weekday() >= 5 or day in public_holidays(day.year):
        return False
    return not (eves_off and day in eves(day.year))


def next_working_day(day: date, eves_off: bool = False) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, eves_off):
        day += timedelta(days=1)
    return day
