"""Identity and authentication: who the caller is, carried into every database transaction."""
