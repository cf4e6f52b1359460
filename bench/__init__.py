"""Performance benchmark of the dashboard on this machine: `python -m bench` (see the README, "Performance").

Everything runs against 127.0.0.1 only, on free ports, and stops by itself: gunicorn servers are
started as child processes and terminated when a measurement ends.
"""
