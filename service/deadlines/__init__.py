"""Deadlines that act: the index of waiting timers, the sweep that fires them, its scheduler."""
