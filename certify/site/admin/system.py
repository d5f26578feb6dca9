"""The admin pages certify takes over from its libraries, to close what they leave open.

- django-q2's schedules: its admin lets anyone with the admin run any importable function on
  the server (a schedule of `subprocess.getoutput`). Here schedules are shown, never added or
  edited; the one certify needs is created by `migrate` (workflows.apps.register_sweep).
- django-otp's devices: its admin shows TOTP secrets (and a QR code of them) and backup codes,
  and lets an admin add a device to anyone. Here devices are listed without their keys and
  cannot be added, changed or deleted; an admin resets a person's second factor from the
  person's user page, with a reason, and the person gets a set-up link by e-mail.
"""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_q.admin import ScheduleAdmin
from django_q.models import Schedule

# The functions certify schedules or queues; nothing else belongs in a schedule.
REGISTERED_TASKS = frozenset({"workflows.tasks.sweep", "workflows.tasks.notify_event"})


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (Schedule, TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Schedule)
class ScheduleReadOnlyAdmin(ReadOnlyAdmin, ScheduleAdmin):
    pass


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ReadOnlyAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__email"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]


@admin.register(StaticDevice)
class StaticDeviceAdmin(ReadOnlyAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    search_fields = ["user__email"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
