"""The caller model: how simulated callers behave, with every parameter's default."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Callers"]


@dataclass(frozen=True, slots=True)
class Callers:
    """How simulated callers behave.

    accuracy
        at a menu, the chance of pressing the option on the fastest way to the
        goal (else a wrong option, uniformly among the others); at an input,
        the chance that the entry is valid.
    no_input
        the chance of pressing nothing at a menu or input (before accuracy).
    patience
        seconds after which a caller at a menu presses its human option, if it
        has one, or else hangs up; ``0`` means unlimited.
    words_per_minute
        speaking rate for every prompt without a ``duration``; ``None`` uses
        the rate of each prompt's language (:mod:`ivr.graph.timing`).
    """

    accuracy: float = 0.9
    no_input: float = 0.03
    patience: float = 180.0
    words_per_minute: float | None = None

    def __post_init__(self) -> None:
        for name in ("accuracy", "no_input"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, not {value}")
        if self.patience < 0:
            raise ValueError(f"patience must be 0 (unlimited) or more seconds, not {self.patience}")
        if self.words_per_minute is not None and self.words_per_minute <= 0:
            raise ValueError(f"words per minute must be more than 0, not {self.words_per_minute}")

    @property
    def unlimited_patience(self) -> bool:
        return self.patience == 0
