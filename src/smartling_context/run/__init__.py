"""One run: plan what to sync, execute it against Smartling, and build the report and its Markdown."""
