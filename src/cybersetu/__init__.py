"""CyberSetu: stop cyber-fraud money."""
