import sys

from peel.cli import main

sys.exit(main())
