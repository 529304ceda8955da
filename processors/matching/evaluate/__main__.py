"""`python -m processors.matching.evaluate`: the evaluation command."""

import sys

from processors.matching.evaluate.evaluate import main

sys.exit(main())
