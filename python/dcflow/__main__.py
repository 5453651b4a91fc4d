"""python3 -m dcflow sweep|compare SCENARIO ... [--scheduler tcp://HOST:8786]: see dcflow.dask_executor."""

import sys

from .dask_executor import main

if __name__ == "__main__":
    sys.exit(main())
