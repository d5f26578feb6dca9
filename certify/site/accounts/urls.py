from django.urls import path

from certify.site.accounts import views

urlpatterns = [
    path("two-factor/", views.verify, name="two_factor_verify"),
    path("two-factor/set-up/", views.setup, name="two_factor_setup"),
    path("two-factor/enrol/<str:token>/", views.enrol, name="two_factor_enrol"),
    path("two-factor/backup-codes/", views.backup_codes, name="two_factor_backup_codes"),
    path("confirm-identity/", views.reauthenticate, name="reauthenticate"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
]
