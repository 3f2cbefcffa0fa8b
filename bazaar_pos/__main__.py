from bazaar_pos.cli import main

raise SystemExit(main())
