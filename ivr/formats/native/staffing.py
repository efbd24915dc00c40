"""Reading staffing: a staffing file (``--staffing FILE``) and a menu's ``queues:`` section, into the
model's :class:`~ivr.model.staffing.Staffing` (the one type; the what-ifs of the command line are laid
over it by :mod:`ivr.pipeline.staffing`).

A staffing file says, for the queues that the menu's transfers name, how many
agents answer and how long a call takes them; for the line, how many calls
arrive per hour. Times are in seconds::

    calls_per_hour: 200          # calls to the whole line (the command line can give it instead)
    patience: 120                # every queue's callers hang up after 120 s on average; none: never
    service_level: 80/20         # the target: 80% of calls answered within 20 s
    queues:
      billing: {agents: 8, handling_time: 180}
      support:
        agents: 5
        handling_time: 300
        average_speed_of_answer: 45   # what the centre measured: patience is calibrated from these
        abandon_rate: 0.08

A queue's ``patience`` (mean seconds a caller waits before hanging up; ``none``:
never) overrides the file's; a queue with neither, nor measured figures, is
modelled with callers who never hang up (Erlang C).

Calibration from a centre's reports (:func:`patience_from_reports`). With
exponential patience of mean 1/θ, callers hang up at rate θ·(callers waiting),
so abandonments per second = θ·E[queue] and, dividing by arrivals per second
and using Little's law (E[queue] = λ·E[wait]), P(abandon) = θ·E[wait]: mean
patience = E[wait] / P(abandon). This is exact in the M/M/N+M queue when E[wait]
is the mean time in the queue of *every* call, those who hang up included
(Garnett, Mandelbaum & Reiman 2002); it is how patience is estimated from
call-centre data in Brown et al., "Statistical analysis of a telephone call
center: a queueing-science perspective", JASA 100 (2005), and Mandelbaum &
Zeltyn, "Data-stories about (im)patient customers in tele-queues", Queueing
Systems 75 (2013). Reports usually give the average speed of answer of the
*answered* calls instead; using it is the approximation that the two means are
close (they are when few hang up). Give a centre's own mean patience when it has one.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import cast

from ivr.formats.native.yamlfile import LocatedDict, read_yaml
from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.menu import Location
from ivr.model.staffing import QueueStaffing, ServiceLevel, Staffing
from ivr.model.words import did_you_mean, type_word

__all__ = ["InvalidStaffing", "read_staffing", "load_staffing", "staffing_section", "parse_service_level",
           "patience_from_reports", "TOP_FIELDS", "QUEUE_FIELDS"]

TOP_FIELDS = ("calls_per_hour", "patience", "service_level", "queues")
QUEUE_FIELDS = ("agents", "handling_time", "patience", "average_speed_of_answer", "abandon_rate")
_MEASURED = ("average_speed_of_answer", "abandon_rate")
_TARGET = re.compile(r"\s*(\d+(?:\.\d+)?)\s*%?\s*/\s*(\d+(?:\.\d+)?)\s*s?\s*")


class InvalidStaffing(Exception):
    """A staffing file that cannot be used; ``errors`` says every reason found, located."""

    def __init__(self, errors: list[LoadError]):
        self.errors = sorted(errors, key=lambda e: (e.location.line, e.location.column))
        super().__init__("\n".join(str(e) for e in self.errors))


def parse_service_level(text: str) -> ServiceLevel:
    """``"80/20"`` (also ``"80%/20s"``) as :class:`~ivr.model.staffing.ServiceLevel`; raises ValueError with
    the fix."""
    match = _TARGET.fullmatch(str(text))
    if not match:
        raise ValueError(f"'{text}' is not a service-level target; write PERCENT/SECONDS, such as 80/20 "
                         "(80% of calls answered within 20 seconds)")
    percent, seconds = float(match[1]), float(match[2])
    if not 0 < percent < 100:
        raise ValueError(f"the share in '{text}' must be more than 0% and less than 100%: "
                         "no finite number of agents answers every call within a time")
    return ServiceLevel(percent / 100, seconds)


def patience_from_reports(average_speed_of_answer: float, abandon_rate: float) -> float | None:
    """Mean queue patience in seconds from two figures a centre reports (see the module); None: never hangs up."""
    if not 0 <= abandon_rate < 1:
        raise ValueError(f"an abandon rate is a share of calls from 0 to less than 1, not {abandon_rate:g}")
    if average_speed_of_answer < 0:
        raise ValueError(f"an average speed of answer is 0 seconds or more, not {average_speed_of_answer:g}")
    if abandon_rate == 0:
        return None
    if average_speed_of_answer == 0:
        raise ValueError("callers who hang up without ever waiting give no patience to calibrate; "
                         "give the queue's patience instead")
    return average_speed_of_answer / abandon_rate


def load_staffing(path: str | Path) -> Staffing:
    """Read a staffing file; raises :class:`InvalidStaffing` with every located error."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidStaffing([LoadError(Location(file, 1, 1), f"cannot read the staffing file: {exc.strerror}")])
    return read_staffing(raw, file)


def read_staffing(raw: bytes, file: str) -> Staffing:
    """The staffing written in ``raw`` (YAML); raises :class:`InvalidStaffing` with every located error."""
    try:
        data, duplicates = read_yaml(raw, file)
    except InvalidMenu as bad:
        raise InvalidStaffing(bad.errors) from None
    errors = [LoadError(d.second, f"'{d.key}' is written twice (first at line {d.first.line}); "
                                  "the first is used: remove one") for d in duplicates]
    if not isinstance(data, LocatedDict):
        errors.append(LoadError(Location(file, 1, 1), "a staffing file is a mapping with 'queues' (and "
                                                      "'calls_per_hour'), such as queues: {billing: {agents: 8, "
                                                      "handling_time: 180}}"))
        raise InvalidStaffing(errors)
    return _staffing(data, file, errors, "the staffing file")


def staffing_section(queues: object, file: str) -> Staffing | None:
    """The staffing of a menu's ``queues:`` section (the fields of a staffing file, located in the menu
    file ``file``), for :attr:`ivr.model.menu.Menu.staffing`; None when the menu has none. Raises
    :class:`InvalidStaffing` with every located error."""
    if queues is None:
        return None
    if not isinstance(queues, LocatedDict):
        raise InvalidStaffing([LoadError(Location(file, 1, 1), "'queues' must be a mapping with the fields of a "
                                                               "staffing file, such as queues: {queues: {billing: "
                                                               "{agents: 8, handling_time: 180}}}")])
    return _staffing(queues, file, [], "the menu's queues")


def _staffing(data: LocatedDict, file: str, errors: list[LoadError], where: str) -> Staffing:
    reader = _Reader(file, errors)
    reader.unknown(data, TOP_FIELDS, "the top level of " + where)
    calls = reader.number(data, "calls_per_hour", where, minimum=0)
    default_patience = reader.patience(data, where)
    target = None
    if "service_level" in data:
        try:
            target = parse_service_level(data["service_level"])
        except ValueError as bad:
            errors.append(LoadError(data.value_location(file, "service_level"), str(bad)))
    queues: dict[str, QueueStaffing] = {}
    if "queues" not in data:
        errors.append(LoadError(Location(file, data.line, data.column),
                                f"{where} has no 'queues'; add queues: with each queue's agents "
                                "and handling_time, such as queues: {billing: {agents: 8, handling_time: 180}}"))
    elif not isinstance(data["queues"], LocatedDict) or not data["queues"]:
        errors.append(LoadError(data.value_location(file, "queues"),
                                "'queues' must map each queue name to its agents and handling_time, such as "
                                "billing: {agents: 8, handling_time: 180}"))
    else:
        for name, fields in data["queues"].items():
            queue = reader.queue(data["queues"], name, fields, default_patience)
            if queue is not None:
                queues[name] = queue
    if errors:
        raise InvalidStaffing(errors)
    return Staffing(queues, calls, target, file, Location(file, data.line, data.column))


class _Reader:
    """Reads fields of located mappings, adding a located error for each one that is wrong."""

    def __init__(self, file: str, errors: list[LoadError]):
        self.file, self.errors = file, errors

    def error(self, location: Location, message: str) -> None:
        self.errors.append(LoadError(location, message))

    def unknown(self, mapping: LocatedDict, allowed: tuple[str, ...], where: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.error(mapping.key_location(self.file, key),
                           f"unknown field '{key}' in {where}{did_you_mean(key, allowed)}; "
                           f"the fields here are: {', '.join(allowed)}")

    def number(self, mapping: LocatedDict, key: str, where: str, minimum: float, above: bool = False,
               whole: bool = False, below: float | None = None, hint: str = "") -> float | None:
        """The number at ``key`` (None when absent or wrong), at least ``minimum`` (more than it, if ``above``)."""
        if key not in mapping:
            return None
        value = mapping[key]
        location = mapping.value_location(self.file, key)
        kind = "a whole number" if whole else "a number"
        if whole and isinstance(value, float) and math.isfinite(value):
            self.error(location, f"'{key}' of {where} must be a whole number, not {value:g}")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and not isinstance(value, int)):
            shown = f" ('{value}')" if isinstance(value, str) else (f" ({value})" if isinstance(value, float) else "")
            self.error(location, f"'{key}' of {where} must be {kind}, not {type_word(value)}{shown}{hint}")
            return None
        if not math.isfinite(value) or value < minimum or (above and value == minimum) or \
                (below is not None and value >= below):
            relation = f"more than {minimum:g}" if above else f"at least {minimum:g}"
            if below is not None:
                relation += f" and less than {below:g}"
            self.error(location, f"'{key}' of {where} must be {relation}, not {value:g}{hint}")
            return None
        return value

    def patience(self, mapping: LocatedDict, where: str) -> float | None | str:
        """Seconds, None for ``none``; ``"absent"`` when not written or wrong."""
        if "patience" not in mapping:
            return "absent"
        value = mapping["patience"]
        if isinstance(value, str) and value.strip().lower() == "none":
            return None
        hint = "; write seconds, or none for callers who never hang up"
        seconds = self.number(mapping, "patience", where, minimum=0, hint=hint)
        return "absent" if seconds is None else seconds

    def queue(self, queues: LocatedDict, name: str, fields: object,
              default_patience: float | None | str) -> QueueStaffing | None:
        where = f"queue '{name}'"
        location = queues.key_location(self.file, name)
        if not isinstance(fields, LocatedDict):
            self.error(queues.value_location(self.file, name),
                       f"{where} must be a mapping of its agents and handling_time, not {type_word(fields)}; "
                       "write {agents: 8, handling_time: 180}")
            return None
        before = len(self.errors)
        self.unknown(fields, QUEUE_FIELDS, where)
        for key, example in (("agents", "agents: 8"), ("handling_time", "handling_time: 180 (seconds)")):
            if key not in fields:
                self.error(location, f"{where} has no '{key}'; add {example}")
        agents = self.number(fields, "agents", where, minimum=1, whole=True)
        handling = self.number(fields, "handling_time", where, minimum=0, above=True,
                               hint="; it is the mean seconds an agent spends on a call, after-call work included")
        patience = self.patience(fields, where)
        speed = self.number(fields, "average_speed_of_answer", where, minimum=0)
        rate = self.number(fields, "abandon_rate", where, minimum=0, below=1,
                           hint="; it is a share of calls: write 8% as 0.08")
        written = [k for k in _MEASURED if k in fields]
        measured = None
        if written and "patience" in fields:
            self.error(fields.key_location(self.file, written[0]),
                       f"{where} gives both 'patience' and '{written[0]}'; give its patience, or the measured "
                       "average_speed_of_answer and abandon_rate to calibrate it from, not both")
        elif len(written) == 1:
            missing = next(k for k in _MEASURED if k not in fields)
            self.error(fields.key_location(self.file, written[0]),
                       f"{where} gives '{written[0]}' without '{missing}'; patience is calibrated from both: "
                       f"add {missing}, or give the queue's patience instead")
        elif written and speed is not None and rate is not None:
            try:
                patience = patience_from_reports(speed, rate)
                measured = (speed, rate)
            except ValueError as bad:
                self.error(fields.value_location(self.file, "average_speed_of_answer"), f"{where}: {bad}")
        if len(self.errors) > before or agents is None or handling is None:
            return None
        if patience == "absent":
            patience = None if default_patience == "absent" else default_patience
        return QueueStaffing(name, int(agents), float(handling), cast(float | None, patience), location, measured)
