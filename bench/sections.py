"""BENCHMARKS.md holds sections between HTML comment markers, each written by its own kind
of run (the reader's table, the comparison with an earlier commit): a run replaces its own
section and keeps the others."""

from __future__ import annotations


def find(text: str, start: str, end: str) -> str | None:
    """The section of ``text`` from ``start`` to ``end``, markers included; None if absent."""
    if start not in text or end not in text:
        return None
    return start + text.split(start, 1)[1].split(end, 1)[0] + end


def replace(text: str, new: str, start: str, end: str) -> str:
    """``text`` with its section between ``start`` and ``end`` replaced by ``new``, or
    ``new`` added at the end."""
    if find(text, start, end) is None:
        return text.rstrip("\n") + "\n\n" + new
    head, rest = text.split(start, 1)
    return head + new.rstrip("\n") + rest.split(end, 1)[1]
