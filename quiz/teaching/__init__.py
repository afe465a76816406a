"""The educators' pages: login, item analysis of each bank, CSV downloads and question file uploads."""
