from django.conf import settings


def site(request):
    return {"SITE_NAME": "certify", "DEBUG": settings.DEBUG}
