from django.urls import path

from certify.site.wizard import views

# Step names never carry personal data; "sent", "account", "resume" and "copy" are not steps.
urlpatterns = [
    path("", views.request_wizard, name="wizard"),
    path("new/", views.new, name="wizard_new"),
    path("resume/<str:reference>/", views.resume, name="wizard_resume"),
    path("copy/<str:reference>/", views.copy, name="wizard_copy"),
    path("sent/", views.sent, name="wizard_sent"),
    path("account/", views.signup, name="wizard_signup"),
    path("account/<str:uidb64>/<str:token>/", views.activate, name="wizard_activate"),
    path("<str:step>/", views.request_wizard, name="wizard_step"),
]
