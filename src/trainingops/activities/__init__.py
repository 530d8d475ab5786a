"""Activity files (FIT, GPX, TCX) into completed sessions: upload, matching, storage, download, CLI import."""
