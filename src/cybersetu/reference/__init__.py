"""Reference data about the place CyberSetu serves (police stations, localities)."""
