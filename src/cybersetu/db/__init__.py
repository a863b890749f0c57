"""The desk's database: SQLAlchemy 2 typed models (each in its domain area), one engine factory,
Alembic migrations. SQLite in the data folder by default, PostgreSQL for a multi-user desk."""
