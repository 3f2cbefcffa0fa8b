from bazaar_pos.cli.commands import main

raise SystemExit(main())
