"""The caller model: how simulated callers behave, with every parameter's default."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Callers"]


@dataclass(frozen=True, slots=True)
class Callers:
    """How simulated callers behave.

    accuracy
        at a menu, the chance of pressing the option on the fastest way to the
        goal (else another of its keys, uniformly, wherever that key leads: two
        keys to one node are two options); at an input,
        the chance that the entry is valid. For keys (DTMF).
    speech_accuracy
        the same where callers can only speak (a menu or input whose
        ``input_modes`` is ``[speech]``): the chance that what they say is
        understood as what they want. Where keys are accepted too, callers are
        assumed to press them (``accuracy``). The default, 0.6, is an
        assumption: recognisers are quoted at about 95% on utterances their
        grammar expects, but 30-50% of what callers say is outside it
        (0.95 x 0.65 = 0.62); measure your own and set it.
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
    speech_accuracy: float = 0.6

    def __post_init__(self) -> None:
        for name in ("accuracy", "no_input", "speech_accuracy"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, not {value}")
        if self.patience < 0:
            raise ValueError(f"patience must be 0 (unlimited) or more seconds, not {self.patience}")
        if self.words_per_minute is not None and self.words_per_minute <= 0:
            raise ValueError(f"words per minute must be more than 0, not {self.words_per_minute}")

    def accuracy_at(self, input_modes: tuple[str, ...] | None) -> float:
        """The accuracy of callers at a node that takes ``input_modes`` (None: keys only)."""
        return self.speech_accuracy if input_modes and "dtmf" not in input_modes else self.accuracy

    @property
    def unlimited_patience(self) -> bool:
        return self.patience == 0
