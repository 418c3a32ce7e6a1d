import sys

from peel.serve import main

sys.exit(main())
