"""factory_boy factories for the parties, rounds and contract history."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from inschrijving.models import Gebruiker, Inkoopronde, Overeenkomst, Rol, Zorgaanbieder, Zorgkantoor

AMS = ZoneInfo("Europe/Amsterdam")
WACHTWOORD = "Test-wachtwoord-123!"


class ZorgkantoorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zorgkantoor
        django_get_or_create = ("naam",)

    naam = factory.Sequence(lambda n: f"Zorgkantoor {n}")


class ZorgaanbiederFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zorgaanbieder

    statutaire_naam = factory.Sequence(lambda n: f"Stichting Zorg {n}")
    kvk_nummer = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    rechtsvorm = "stichting"
    straat = "Zorgstraat 1"
    postcode = "1011 AB"
    plaats = "Amsterdam"


class GebruikerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gebruiker
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.nl")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    rol = Rol.MEDEWERKER
    zorgaanbieder = factory.SubFactory(ZorgaanbiederFactory)
    zorgkantoor = None
    password = factory.PostGenerationMethodCall("set_password", WACHTWOORD)

    @factory.post_generation
    def opslaan(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    class Params:
        tekenbevoegd = factory.Trait(rol=Rol.TEKENBEVOEGDE)
        inkoper = factory.Trait(rol=Rol.ZORGINKOPER, zorgaanbieder=None,
                                zorgkantoor=factory.SubFactory(ZorgkantoorFactory))
        beheerder = factory.Trait(rol=Rol.BEHEERDER, zorgaanbieder=None, zorgkantoor=None)


def tijdlijn(sluiting: datetime) -> dict:
    """A valid timeline around a given sluitingstijd."""
    return {
        "publicatie_inkoopkader": sluiting - timedelta(days=63),
        "vragen_tot": sluiting - timedelta(days=43),
        "publicatie_nvi": sluiting - timedelta(days=30),
        "sluiting_inschrijving": sluiting,
        "gesprekken_afgerond": sluiting + timedelta(days=63),
        "voorlopige_contractering": sluiting + timedelta(days=84),
        "definitieve_contractering": sluiting + timedelta(days=108),
    }


class InkooprondeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inkoopronde
        skip_postgeneration_save = True

    class Params:
        sluiting = factory.LazyFunction(
            lambda: (timezone.now() + timedelta(days=30)).astimezone(AMS).replace(
                hour=17, minute=0, second=0, microsecond=0))

    naam = factory.Sequence(lambda n: f"Zorginkoop Wlz ronde {n}")
    contractjaar = factory.LazyAttribute(lambda o: o.sluiting.year + 1)
    soort = "regulier"
    publicatie_inkoopkader = factory.LazyAttribute(lambda o: tijdlijn(o.sluiting)["publicatie_inkoopkader"])
    vragen_tot = factory.LazyAttribute(lambda o: tijdlijn(o.sluiting)["vragen_tot"])
    publicatie_nvi = factory.LazyAttribute(lambda o: tijdlijn(o.sluiting)["publicatie_nvi"])
    sluiting_inschrijving = factory.LazyAttribute(lambda o: o.sluiting)
    gesprekken_afgerond = factory.LazyAttribute(lambda o: tijdlijn(o.sluiting)["gesprekken_afgerond"])
    voorlopige_contractering = factory.LazyAttribute(lambda o: tijdlijn(o.sluiting)["voorlopige_contractering"])
    definitieve_contractering = factory.LazyAttribute(lambda o: tijdlijn(o.sluiting)["definitieve_contractering"])

    @factory.post_generation
    def zorgkantoren(obj, create, extracted, **kwargs):
        if create:
            obj.zorgkantoren.set(extracted or [ZorgkantoorFactory()])


class OvereenkomstFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Overeenkomst

    zorgaanbieder = factory.SubFactory(ZorgaanbiederFactory)
    zorgkantoor = factory.SubFactory(ZorgkantoorFactory)
    ingangsdatum = date(2021, 1, 1)
    einddatum = date(2021, 12, 31)
    declaraties_sinds = factory.LazyAttribute(lambda o: o.ingangsdatum)


def kluis_geopend(ronde, zorgkantoor, door=None, tweede=None):
    """The proces-verbaal van opening recorded directly, as if two colleagues had opened the zorgkantoor's vault at
    its sluitingstijd: for tests about what staff may see around and after that moment. The opening itself — two
    people, second factors, the PDF — is tests/beoordeling/test_opening.py. Once per round and zorgkantoor."""
    from inschrijving.models import Opening

    bestaand = Opening.objects.filter(ronde=ronde, zorgkantoor=zorgkantoor).first()
    if bestaand:
        return bestaand
    door = door or GebruikerFactory(inkoper=True, zorgkantoor=zorgkantoor, password=None)
    sluiting = ronde.planning(zorgkantoor).sluiting_inschrijving
    return Opening.objects.create(ronde=ronde, zorgkantoor=zorgkantoor, geopend_door=door, tweede_opener=tweede,
                                  verzocht_op=sluiting, geopend_op=sluiting, aantal_ingediend=0)
