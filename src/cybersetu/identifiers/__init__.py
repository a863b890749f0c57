"""Indian identifiers as value types: each cleans, validates and names what it can."""
