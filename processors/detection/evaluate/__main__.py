"""`python -m processors.detection.evaluate [--real] [...]`: the development sets, or real tweets."""

import sys

from processors.detection.evaluate import development, real

if __name__ == "__main__":
    if "--real" in sys.argv[1:]:
        sys.exit(real.main())
    sys.exit(development.main())
