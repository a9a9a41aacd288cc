import sys

from estimator.cli.main import main

sys.exit(main())
