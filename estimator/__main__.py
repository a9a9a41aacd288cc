import sys

from estimator.cli.app import main

sys.exit(main())
