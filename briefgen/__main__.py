"""`python -m briefgen`: the same command as `briefgen`."""
from .entry import main

main()
