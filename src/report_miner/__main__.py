from report_miner.cli import main

raise SystemExit(main())
