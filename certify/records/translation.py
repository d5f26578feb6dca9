from modeltranslation.translator import TranslationOptions, register

from certify.records.models import Agency, QualifyingActivity


@register(Agency)
class AgencyTranslation(TranslationOptions):
    fields = ("instructions",)


@register(QualifyingActivity)
class QualifyingActivityTranslation(TranslationOptions):
    fields = ("name", "description")
