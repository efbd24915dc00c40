"""GitHub code scanning's ``primaryLocationLineHash``: the hash of the text at a result's first line.

GitHub tracks an alert from one analysis to the next by the result's ``partialFingerprints``; for
results without its own ``primaryLocationLineHash``, the upload action computes one from the file
(github/codeql-action, ``src/fingerprints.ts``, ``hash``; "SARIF support for code scanning", GitHub
Docs: "partialFingerprints ... primaryLocationLineHash"). ivr computes the same value itself, so
that an upload that does not go through that action (the REST API, another CI) is tracked alike.

The algorithm, as that source documents it: the file is read as UTF-16 code units; spaces and tabs
are skipped, CR, LF and CRLF are one line end (LF); a rolling polynomial hash (base 37, 64-bit
wrap-around arithmetic) runs over a window of the next 100 such characters from each line's first
one, the end of the file counting as the value 65535 followed by zeros; a line's hash is the
window's value, unsigned, in hexadecimal, followed by ``:N`` where N counts how many lines so far
had the same value (identical lines stay apart).
"""

from __future__ import annotations

__all__ = ["line_hashes", "BLOCK_SIZE"]

#: Characters in the rolling window.
BLOCK_SIZE = 100
_MOD = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_MOD, BLOCK_SIZE, 1 << 64)
_TAB, _SPACE, _LF, _CR, _EOF = 9, 32, 10, 13, 65535


def line_hashes(text: str) -> dict[int, str]:
    """Line number (1-based) -> ``primaryLocationLineHash`` of every line of ``text``."""
    units = text.encode("utf-16-le")
    codes = [units[i] | units[i + 1] << 8 for i in range(0, len(units), 2)]
    codes.append(_EOF)
    window = [0] * BLOCK_SIZE
    starts = [-1] * BLOCK_SIZE  # the line whose first character sits at this place of the window, or -1
    found: dict[int, str] = {}
    counts: dict[str, int] = {}
    value = index = line = 0
    line_start, after_cr = True, False

    def emit() -> None:
        key = format(value, "x")
        counts[key] = counts.get(key, 0) + 1
        found[starts[index]] = f"{key}:{counts[key]}"
        starts[index] = -1

    def roll(code: int) -> None:
        nonlocal value, index
        leaving = window[index]
        window[index] = code
        value = (_MOD * value + code - _FIRST_MOD * leaving) & _MASK
        index = (index + 1) % BLOCK_SIZE

    for code in codes:
        if code in (_SPACE, _TAB) or (after_cr and code == _LF):
            after_cr = False
            continue
        if code == _CR:
            code, after_cr = _LF, True
        else:
            after_cr = False
        if starts[index] != -1:
            emit()
        if line_start:
            line_start = False
            line += 1
            starts[index] = line
        if code == _LF:
            line_start = True
        roll(code)
    for _ in range(BLOCK_SIZE):  # the lines still in the window
        if starts[index] != -1:
            emit()
        roll(0)
    return found
