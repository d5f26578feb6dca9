from django.apps import AppConfig
from django.apps.registry import Apps
from django.db.models.signals import post_migrate


def register_sweep(
    sender: AppConfig, *, using: str = "default", apps: Apps | None = None, **kwargs: object
) -> None:
    """Create or update the one periodic sweep; running migrate again leaves exactly one."""
    # Django: an AppConfig module is imported before the models are ready, so the modules that
    # import models (django_q's and ours) load here, when the signal fires after migrate.
    from django_q.models import Schedule

    from workflows.tasks import SWEEP_EVERY_MINUTES, SWEEP_FUNC, SWEEP_SCHEDULE_NAME

    # A partial migrate (to an early migration of django_q) may not have the table yet.
    if apps is not None:
        try:
            apps.get_model("django_q", "Schedule")
        except LookupError:
            return
    Schedule.objects.using(using).update_or_create(
        name=SWEEP_SCHEDULE_NAME,
        defaults={
            "func": SWEEP_FUNC,
            "schedule_type": Schedule.MINUTES,
            "minutes": SWEEP_EVERY_MINUTES,
            "repeats": -1,
        },
    )


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Request workflows"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Sent once per app after every migrate; tied to this app so it runs once per migrate.
        post_migrate.connect(register_sweep, sender=self, dispatch_uid="workflows.register_sweep")
