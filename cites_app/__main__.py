import sys

from cites_app.cli.main import main

sys.exit(main())
