"""``fmt.Progress``: the progress bar both ``sync apply`` and ``report completions`` draw."""

from __future__ import annotations

import io

import pytest

from lms_bridge.cli import fmt


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _draw(calls: list[tuple[int, int]], stream: io.StringIO, monkeypatch: pytest.MonkeyPatch,
          min_total: int = 0, tty_only: bool = False) -> str:
    monkeypatch.setattr("sys.stderr", stream)
    with fmt.Progress("Working", min_total=min_total, tty_only=tty_only) as progress:
        for done, total in calls:
            progress(done, total)
    return stream.getvalue()


def test_on_a_terminal_the_bar_reaches_the_highest_count_even_out_of_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = _draw([(2, 4), (1, 4), (4, 4), (3, 4)], _Terminal(), monkeypatch)
    frames = out.split("\r")
    assert "Working" in frames[-1] and "100%" in frames[-1] and out.endswith("\n")
    assert not any(" 25%" in frame for frame in frames)  # the late (1, 4) is not drawn


def test_piped_it_prints_the_label_once(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _draw([(1, 3), (2, 3), (3, 3)], io.StringIO(), monkeypatch) == "Working\n"


@pytest.mark.parametrize(("stream", "total"), [(io.StringIO(), 100), (_Terminal(), 49)])
def test_tty_only_and_min_total_keep_it_quiet(stream: io.StringIO, total: int,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls = [(n, total) for n in range(1, total + 1)]
    assert _draw(calls, stream, monkeypatch, min_total=50, tty_only=True) == ""
