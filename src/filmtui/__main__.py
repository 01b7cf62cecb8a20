"""Run filmtui as `python -m filmtui`."""

import sys

from filmtui.cli import main

sys.exit(main())
