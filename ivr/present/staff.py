"""``ivr staff``'s answer as text and as JSON: the fewest agents per queue for a target
(:class:`ivr.pipeline.staffing.StaffPlan`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr.model.words import printable, printable_name
from ivr.present.hold import table

if TYPE_CHECKING:
    from ivr.pipeline.staffing import StaffPlan

__all__ = ["staff_dict", "format_staff"]


def staff_dict(plan: StaffPlan) -> dict:
    """The plan as the JSON of ``ivr staff`` gives it (shares and rates to 6 digits)."""
    rows: dict[str, dict] = {}
    for row in plan.rows:
        rows[row.queue] = {"share": round(row.share, 6), "calls_per_hour": round(row.calls_per_hour, 6),
                           "handling_time_s": row.handling_time, "patience_s": row.patience,
                           "agents_now": row.agents_now, "agents": row.agents,
                           "service_level": None if row.service_level is None else round(row.service_level, 6)}
    return {"target": {"share": plan.target.share, "seconds": plan.target.seconds},
            "calls_per_hour": plan.calls_per_hour, "queues": rows}


def format_staff(name: str, file: str, plan: StaffPlan) -> str:
    """The plan of the menu ``name`` (in ``file``) as a table, with the agents in all."""
    rows = staff_dict(plan)["queues"]
    lines = [f"{printable(name)} ({printable_name(file)})",
             f"fewest agents for {plan.target} at {plan.calls_per_hour:g} calls per hour"]
    header: list[tuple[str, ...]] = [("queue", "share", "calls/h", "handling s", "patience", "agents now", "agents",
                                     "service level")]
    body: list[tuple[str, ...]] = []
    for queue, row in rows.items():
        patience = "never" if row["patience_s"] is None else f"{row['patience_s']:g} s"
        level = "-" if row["service_level"] is None else f"{row['service_level'] * 100:.1f}%"
        now = "-" if row["agents_now"] is None else str(row["agents_now"])
        agents = "no calls" if row["service_level"] is None else str(row["agents"])
        body.append((queue, f"{row['share'] * 100:.1f}%", f"{row['calls_per_hour']:.1f}",
                     f"{row['handling_time_s']:g}", patience, now, agents, level))
    total = sum(row["agents"] for row in rows.values())
    return "\n".join(lines + table(header + body) + [f"{total} agents in all"])
