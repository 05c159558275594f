"""Report writers: JSON (canonical, schema ``verify-report/1``), HTML and Markdown."""
