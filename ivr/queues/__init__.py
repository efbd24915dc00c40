"""Queues behind the menu's transfers: how long callers hold, how many hang up, how many agents meet a target.

``erlang`` solves one queue (Erlang C, Erlang A); ``staffing`` reads what a centre
says about its queues; ``staff`` finds the fewest agents for a service level;
``figures`` turns the simulation's share of calls per queue into figures per queue.
"""

from ivr.queues.erlang import Overloaded, QueueError, Solution, solve
from ivr.queues.figures import LineFigures, QueueFigures, queue_figures
from ivr.queues.staff import ServiceLevel, fewest_agents, parse_service_level
from ivr.queues.staffing import (InvalidStaffing, QueueStaffing, Staffing, load_staffing, patience_from_reports,
                                 read_staffing, with_flags)

__all__ = ["Overloaded", "QueueError", "Solution", "solve", "LineFigures", "QueueFigures", "queue_figures",
           "ServiceLevel", "fewest_agents", "parse_service_level", "InvalidStaffing", "QueueStaffing", "Staffing",
           "load_staffing", "patience_from_reports", "read_staffing", "with_flags"]
