"""Shared test harness settings."""

from hypothesis import HealthCheck, settings

# CI machines are small and shared: no per-example deadline, fixed profile.
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("ci")
