"""The opening is a proces-verbaal by two (issue 9, item 2).

After the sluitingstijd one colleague requests the opening and a different one confirms it, each with a fresh code
of their own second factor; only then does anyone see who submitted what. Both names, both times, the counts and a
fingerprint of the counted submissions go into the proces-verbaal (a PDF with its hash) and the audit trail.
"""

import hashlib
import subprocess

import pytest
from django.urls import reverse

from beoordeling.models import AuditRegel
from beoordeling.opening import vingerafdruk
from inschrijving.models import Opening, OpeningVerzoek
from tests.beoordeling.helpers import gesloten_ronde_met_indieningen, verse_code
from tests.factories import GebruikerFactory, InkooprondeFactory, ZorgkantoorFactory

pytestmark = pytest.mark.django_db


_code = verse_code


def _stap(client, ronde, stap, code=None):
    return client.post(reverse("beoordeling:openen", args=[ronde.pk, stap]), {"code": code} if code else {})


def _ziet(client, inschrijving) -> bool:
    return client.get(reverse("beoordeling:inschrijving", args=[inschrijving.pk])).status_code == 200


@pytest.fixture(autouse=True)
def _zonder_vertraging(settings):
    # django-otp makes a device wait a second after a wrong code; that throttle is not what these tests are about.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def gesloten(login):
    ronde, zk, (eerste, tweede), inschrijvingen = gesloten_ronde_met_indieningen(("3", "3", "1a"), geopend=False)
    for nummer, gebruiker in enumerate((eerste, tweede)):
        gebruiker.first_name, gebruiker.last_name = ("Anna", "Aanvrager") if nummer == 0 else ("Bram", "Bevestiger")
        gebruiker.save()
    from django.test import Client

    return ronde, zk, inschrijvingen, (eerste, login(Client(), eerste)), (tweede, login(Client(), tweede))


def test_twee_collegas_openen_de_kluis_met_hun_tweede_factor(gesloten):
    ronde, zk, inschrijvingen, (eerste, a), (tweede, b) = gesloten
    naam = inschrijvingen[0].zorgaanbieder.statutaire_naam
    ontvangen = reverse("beoordeling:ontvangen", args=[ronde.pk])

    pagina = a.get(ontvangen)
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    assert "3 inschrijvingen ontvangen" in tekst and "Opening aanvragen" in tekst and naam not in tekst
    assert not _ziet(a, inschrijvingen[0])

    # A wrong code records nothing and says so beside the field.
    fout = _stap(a, ronde, "verzoeken", "000000")
    assert fout.status_code == 400 and "Deze code klopt niet" in fout.content.decode()
    assert not OpeningVerzoek.objects.exists()

    assert _stap(a, ronde, "verzoeken", _code(eerste)).status_code == 302
    assert OpeningVerzoek.objects.get().door == eerste
    # A request opens nothing, for the requester or anyone else.
    assert not _ziet(a, inschrijvingen[0]) and not _ziet(b, inschrijvingen[0])
    assert naam not in a.get(reverse("beoordeling:werkvoorraad")).content.decode()
    # The requester cannot confirm their own request.
    eigen = _stap(a, ronde, "bevestigen", _code(eerste))
    assert eigen.status_code == 400 and "Een tweede collega moet de opening bevestigen" in eigen.content.decode()
    assert not Opening.objects.exists()
    # Nor can the second colleague without a valid code of their own.
    assert _stap(b, ronde, "bevestigen", _code(eerste)).status_code == 400
    assert not Opening.objects.exists()

    assert _stap(b, ronde, "bevestigen", _code(tweede)).status_code == 302
    opening = Opening.objects.get()
    assert (opening.geopend_door, opening.tweede_opener) == (eerste, tweede)
    assert opening.verzocht_op < opening.geopend_op
    assert (opening.aantal_ingediend, opening.aantal_ingetrokken) == (3, 0)
    hashes = [i.actuele_indiening().sha256 for i in inschrijvingen]
    verwacht = hashlib.sha256("\n".join(sorted(hashes)).encode()).hexdigest()
    assert opening.vingerafdruk == vingerafdruk(hashes) == verwacht
    assert not OpeningVerzoek.objects.exists()
    assert _ziet(a, inschrijvingen[0]) and _ziet(b, inschrijvingen[0])
    assert naam in a.get(ontvangen).content.decode()

    # The proces-verbaal: a PDF whose stored hash is its hash, naming both people, times and counts.
    pdf = b.get(reverse("beoordeling:proces_verbaal", args=[ronde.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    inhoud = b"".join(pdf.streaming_content)
    assert hashlib.sha256(inhoud).hexdigest() == opening.proces_verbaal_sha256
    tekst = subprocess.run(["pdftotext", "-layout", "-", "-"], input=inhoud, capture_output=True,
                           check=True).stdout.decode()
    for verwacht in ("Proces-verbaal van opening", "Anna Aanvrager", "Bram Bevestiger", ronde.naam, zk.naam,
                     "(Nederlandse tijd)", opening.vingerafdruk[:32]):
        assert verwacht in tekst
    assert naam not in tekst  # counts only

    acties = list(AuditRegel.objects.filter(ronde=ronde).order_by("pk").values_list("actie", "door"))
    assert acties == [("opening_verzocht", eerste.pk), ("kluis_geopend", tweede.pk)]
    regel = AuditRegel.objects.get(actie="kluis_geopend")
    assert opening.proces_verbaal_sha256 in regel.omschrijving and "Anna Aanvrager" in regel.omschrijving


def test_een_verzoek_intrekken_en_een_collega_van_elders_ziet_niets(gesloten, login):
    from django.test import Client

    ronde, _zk, inschrijvingen, (eerste, a), (tweede, b) = gesloten
    assert _stap(a, ronde, "verzoeken", _code(eerste)).status_code == 302
    # Someone else cannot withdraw it.
    assert _stap(b, ronde, "intrekken").status_code == 403
    assert _stap(a, ronde, "intrekken").status_code == 302
    assert not OpeningVerzoek.objects.exists()
    assert list(AuditRegel.objects.filter(ronde=ronde).values_list("actie", flat=True).order_by("pk")) == [
        "opening_verzocht", "opening_verzoek_ingetrokken"]

    # Staff of a zorgkantoor outside the round: 404 on every opening URL, before and after the opening.
    buiten = GebruikerFactory(inkoper=True, zorgkantoor=ZorgkantoorFactory())
    c = login(Client(), buiten)
    for stap in ("verzoeken", "bevestigen", "intrekken"):
        assert _stap(c, ronde, stap, _code(buiten) if stap != "intrekken" else None).status_code == 404
    _stap(a, ronde, "verzoeken", _code(eerste))
    _stap(b, ronde, "bevestigen", _code(tweede))
    assert Opening.objects.count() == 1
    assert c.get(reverse("beoordeling:proces_verbaal", args=[ronde.pk])).status_code == 404
    assert c.get(reverse("beoordeling:ontvangen", args=[ronde.pk])).status_code == 404
    assert c.get(reverse("beoordeling:inschrijving", args=[inschrijvingen[0].pk])).status_code == 404


def test_voor_de_sluitingstijd_opent_niemand_iets(login):
    from django.test import Client

    zk = ZorgkantoorFactory()
    ronde = InkooprondeFactory(zorgkantoren=[zk])  # closes in 30 days
    eerste, tweede = (GebruikerFactory(inkoper=True, zorgkantoor=zk) for _ in range(2))
    a, b = login(Client(), eerste), login(Client(), tweede)
    _stap(a, ronde, "verzoeken", _code(eerste))
    _stap(b, ronde, "bevestigen", _code(tweede))
    assert not OpeningVerzoek.objects.exists() and not Opening.objects.exists()
    assert a.get(reverse("beoordeling:ontvangen", args=[ronde.pk])).status_code == 403
    assert a.get(reverse("beoordeling:proces_verbaal", args=[ronde.pk])).status_code == 404
