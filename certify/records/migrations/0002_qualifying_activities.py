"""The qualifying criminal activities of INA 101(a)(15)(U)(iii), 8 U.S.C. 1101(a)(15)(U)(iii).

28 listed activities (stalking and fraud in foreign labor contracting were added by VAWA 2013 and
are missing from the older list in 8 CFR 214.14(a)(9)), plus attempt, conspiracy or solicitation,
plus "any similar activity" (offences whose nature and elements are substantially similar,
8 CFR 214.14(a)(9)). Names and plain-language descriptions in English and Spanish.
"""

from django.db import migrations

SOURCE = "INA 101(a)(15)(U)(iii); 8 U.S.C. 1101(a)(15)(U)(iii)"

# (code, kind, English name, Spanish name, English description, Spanish description)
ACTIVITIES = [
    ("rape", "crime", "Rape", "Violación",
     "Someone forced or pressured you into sex.",
     "Alguien le obligó o presionó a tener relaciones sexuales."),
    ("torture", "crime", "Torture", "Tortura",
     "Someone caused you severe pain or suffering on purpose.",
     "Alguien le causó dolor o sufrimiento grave a propósito."),
    ("trafficking", "crime", "Trafficking", "Trata de personas",
     "Someone made you work or perform sex acts by force, fraud or threats.",
     "Alguien le obligó a trabajar o a realizar actos sexuales con fuerza, engaño o amenazas."),
    ("incest", "crime", "Incest", "Incesto",
     "A close relative had sexual contact with you.",
     "Un familiar cercano tuvo contacto sexual con usted."),
    ("domestic_violence", "crime", "Domestic violence", "Violencia doméstica",
     "A partner, former partner or family member hurt, threatened or controlled you.",
     "Una pareja, expareja o familiar le lastimó, amenazó o controló."),
    ("sexual_assault", "crime", "Sexual assault", "Agresión sexual",
     "Someone touched you sexually or made you take part in a sexual act without your consent.",
     "Alguien le tocó sexualmente o le hizo participar en un acto sexual sin su consentimiento."),
    ("abusive_sexual_contact", "crime", "Abusive sexual contact", "Contacto sexual abusivo",
     "Someone touched you in a sexual way against your will.",
     "Alguien le tocó de manera sexual en contra de su voluntad."),
    ("prostitution", "crime", "Prostitution", "Prostitución",
     "Someone made you exchange sex for money or other things.",
     "Alguien le obligó a intercambiar sexo por dinero u otras cosas."),
    ("sexual_exploitation", "crime", "Sexual exploitation", "Explotación sexual",
     "Someone used you sexually for their own gain, including images of you.",
     "Alguien le usó sexualmente para su propio beneficio, incluso con imágenes de usted."),
    ("stalking", "crime", "Stalking", "Acecho",
     "Someone followed, watched or contacted you again and again so that you feared for "
     "your safety.",
     "Alguien le siguió, vigiló o contactó una y otra vez y usted temió por su seguridad."),
    ("female_genital_mutilation", "crime", "Female genital mutilation",
     "Mutilación genital femenina",
     "Someone cut or injured female genitals for non-medical reasons.",
     "Alguien cortó o lesionó los genitales femeninos por razones no médicas."),
    ("hostage", "crime", "Being held hostage", "Ser tomado como rehén",
     "Someone held you and threatened you to make others do something.",
     "Alguien le retuvo y le amenazó para obligar a otras personas a hacer algo."),
    ("peonage", "crime", "Peonage", "Peonaje",
     "Someone forced you to work to pay off a debt.",
     "Alguien le obligó a trabajar para pagar una deuda."),
    ("perjury", "crime", "Perjury", "Perjurio",
     "Someone lied under oath in a way that harmed you.",
     "Alguien mintió bajo juramento y eso le causó daño."),
    ("involuntary_servitude", "crime", "Involuntary servitude", "Servidumbre involuntaria",
     "Someone forced you to work by threats, force or fear.",
     "Alguien le obligó a trabajar con amenazas, fuerza o miedo."),
    ("slave_trade", "crime", "Slave trade", "Comercio de esclavos",
     "Someone bought, sold or held you as property.",
     "Alguien le compró, vendió o retuvo como si fuera una propiedad."),
    ("kidnapping", "crime", "Kidnapping", "Secuestro",
     "Someone took you or held you against your will.",
     "Alguien se le llevó o le retuvo en contra de su voluntad."),
    ("abduction", "crime", "Abduction", "Rapto",
     "Someone took you away by force or by tricking you.",
     "Alguien se le llevó por la fuerza o con engaños."),
    ("unlawful_criminal_restraint", "crime", "Unlawful criminal restraint",
     "Restricción ilegal de la libertad",
     "Someone stopped you from leaving or moving freely.",
     "Alguien le impidió irse o moverse con libertad."),
    ("false_imprisonment", "crime", "False imprisonment", "Privación ilegal de la libertad",
     "Someone locked you in or kept you somewhere without the right to do so.",
     "Alguien le encerró o le mantuvo en un lugar sin tener derecho a hacerlo."),
    ("blackmail", "crime", "Blackmail", "Chantaje",
     "Someone threatened to reveal information about you unless you gave them something.",
     "Alguien amenazó con revelar información sobre usted si no le daba algo."),
    ("extortion", "crime", "Extortion", "Extorsión",
     "Someone used threats to get money, property or services from you.",
     "Alguien usó amenazas para obtener de usted dinero, bienes o servicios."),
    ("manslaughter", "crime", "Manslaughter", "Homicidio involuntario",
     "Someone caused the death of a family member without meaning to kill.",
     "Alguien causó la muerte de un familiar sin intención de matar."),
    ("murder", "crime", "Murder", "Asesinato",
     "Someone killed a family member.",
     "Alguien mató a un familiar."),
    ("felonious_assault", "crime", "Felonious assault", "Agresión grave",
     "Someone attacked you and caused serious injury, or used a weapon.",
     "Alguien le atacó y le causó una lesión grave, o usó un arma."),
    ("witness_tampering", "crime", "Witness tampering", "Manipulación de testigos",
     "Someone tried to stop you, or scare you out of, telling the police or a court what "
     "you know.",
     "Alguien intentó impedir o asustarle para que no contara a la policía o a un tribunal "
     "lo que sabe."),
    ("obstruction_of_justice", "crime", "Obstruction of justice",
     "Obstrucción de la justicia",
     "Someone interfered with a police investigation or a court case about a crime "
     "against you.",
     "Alguien interfirió en una investigación policial o en un caso judicial sobre un delito "
     "en su contra."),
    ("foreign_labor_fraud", "crime", "Fraud in foreign labor contracting",
     "Fraude en la contratación laboral en el extranjero",
     "Someone lied to you to recruit you for work in the United States (18 U.S.C. 1351).",
     "Alguien le engañó para reclutarle para trabajar en Estados Unidos (18 U.S.C. 1351)."),
    ("attempt", "inchoate", "Attempt to commit any of these crimes",
     "Intento de cometer cualquiera de estos delitos",
     "Someone tried to commit one of these crimes against you but did not finish.",
     "Alguien intentó cometer uno de estos delitos contra usted pero no lo completó."),
    ("conspiracy", "inchoate", "Conspiracy to commit any of these crimes",
     "Conspiración para cometer cualquiera de estos delitos",
     "People planned together to commit one of these crimes against you.",
     "Varias personas planearon juntas cometer uno de estos delitos contra usted."),
    ("solicitation", "inchoate", "Solicitation to commit any of these crimes",
     "Incitación a cometer cualquiera de estos delitos",
     "Someone asked or paid another person to commit one of these crimes against you.",
     "Alguien pidió o pagó a otra persona para que cometiera uno de estos delitos contra usted."),
    ("similar_activity", "similar", "Similar activity", "Actividad similar",
     "Another crime that is very much like one of the crimes above. Describe it in your "
     "own words.",
     "Otro delito muy parecido a uno de los anteriores. Descríbalo con sus propias palabras."),
]  # fmt: skip


def load(apps, schema_editor):
    QualifyingActivity = apps.get_model("certify", "QualifyingActivity")
    for position, (code, kind, name_en, name_es, desc_en, desc_es) in enumerate(ACTIVITIES, 1):
        QualifyingActivity.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "position": position,
                "name": name_en,
                "name_en": name_en,
                "name_es": name_es,
                "description": desc_en,
                "description_en": desc_en,
                "description_es": desc_es,
                "source": SOURCE,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("certify", "QualifyingActivity").objects.filter(
        code__in=[row[0] for row in ACTIVITIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("certify", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
