from careerdash.cli import main

raise SystemExit(main())
