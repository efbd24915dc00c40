"""Queues behind the menu's transfers: how long callers hold, how many hang up, how many agents meet a target.

``erlang`` solves one queue (Erlang C, Erlang A); ``staffing`` reads what a centre
says about its queues; ``staff`` finds the fewest agents for a service level;
``figures`` turns the simulation's share of calls per queue into figures per queue.
"""
