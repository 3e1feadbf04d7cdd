"""Models: pure numbers (numpy/scipy), no matplotlib, no widgets.

Each public function takes keyword arguments whose names carry units, validates them (a wrong
type or value raises TypeError/ValueError naming the argument and what is allowed) and returns
a frozen dataclass. Each docstring names the published source and the assumptions.
"""
