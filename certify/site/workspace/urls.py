from django.urls import path

from certify.site.workspace import feeds, views

# References only in paths: never a name or anything else personal.
urlpatterns = [
    path("agency/queue/", views.agency_queue, name="agency_queue"),
    path("agency/queue.csv", feeds.queue_csv, name="agency_queue_csv"),
    path("agency/queue/assign/", views.bulk_assign, name="agency_bulk_assign"),
    path("agency/calendar/", feeds.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
    path("requests/<str:reference>/", views.request_detail, name="request_detail"),
    path("requests/<str:reference>/messages/", views.post_message, name="request_message"),
    path(
        "requests/<str:reference>/reconsideration/",
        views.reconsideration,
        name="request_reconsideration",
    ),
    path("agency/requests/<str:reference>/accept/", views.accept, name="workspace_accept"),
    path("agency/requests/<str:reference>/assign/", views.assign, name="workspace_assign"),
    path(
        "agency/requests/<str:reference>/ask/",
        views.ask_for_information,
        name="workspace_ask",
    ),
    path("agency/requests/<str:reference>/review/", views.begin_review, name="workspace_review"),
    path("agency/requests/<str:reference>/complete/", views.complete, name="workspace_complete"),
    path(
        "agency/requests/<str:reference>/complete/part-<int:part>/",
        views.complete_part,
        name="workspace_complete_part",
    ),
    path(
        "agency/requests/<str:reference>/official-copy/",
        views.official_copy,
        name="workspace_official_copy",
    ),
    path("agency/requests/<str:reference>/sign/", views.sign, name="workspace_sign"),
    path(
        "agency/requests/<str:reference>/sign/electronic/",
        views.sign_electronic,
        name="workspace_sign_electronic",
    ),
    path("agency/requests/<str:reference>/deny/", views.deny, name="workspace_deny"),
    path(
        "agency/requests/<str:reference>/first-encounter/",
        views.first_encounter,
        name="workspace_first_encounter",
    ),
    path(
        "agency/requests/<str:reference>/delay-notice/",
        views.delay_notice,
        name="workspace_delay_notice",
    ),
    path(
        "agency/requests/<str:reference>/withdraw-certification/",
        views.withdraw,
        name="workspace_withdraw",
    ),
]
