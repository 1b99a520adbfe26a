from django.apps import AppConfig


class HealthConfig(AppConfig):
    """/healthz and /readyz, for load balancers and Docker's HEALTHCHECK."""

    name = "content.health"
    label = "health"
    verbose_name = "Health checks"
