"""Report writers: JSON (canonical, schema ``verify-report/2``), HTML and Markdown."""
