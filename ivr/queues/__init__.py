"""Queues behind the menu's transfers: how long callers hold, how many hang up, how many agents meet a target.

``erlang`` solves one queue (Erlang C, Erlang A); ``staff`` finds the fewest agents for a service level;
``figures`` turns the simulation's share of calls per queue, with the queues' staffing
(:mod:`ivr.model.staffing`, read by :mod:`ivr.formats.native.staffing`), into figures per queue.
"""

from ivr.queues.erlang import Overloaded, QueueError, Solution, solve
from ivr.queues.figures import LineFigures, QueueFigures, queue_figures
from ivr.queues.staff import fewest_agents

__all__ = ["Overloaded", "QueueError", "Solution", "solve", "LineFigures", "QueueFigures", "queue_figures",
           "fewest_agents"]
