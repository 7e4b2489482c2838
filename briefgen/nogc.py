"""Imported first by the fork server (workers.start_fork_server): it turns the garbage collector off.

The fork server only imports the workers' modules and forks them; what it
allocates lives as long as it does, so a collection there frees nothing, and
its imports run about 8% faster without one (0.04 s of every build's start-up,
which waits for them). Each worker turns the collector back on, with what it
inherited frozen (jobs._start_worker).
"""
import gc

gc.disable()
