"""The comparison page (issue 13, item 6): zorgkantoor staff choose two rule sets — two rounds, or their regional set
and the template it came from — and see a table of the differences in Dutch; only their own zorgkantoor's rounds and
regional sets are offered."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from inschrijving.models import AfwijkendePlanning, RegelKracht, Regelset
from inschrijving.sjablonen import sjabloon_2022
from tests.factories import GebruikerFactory, ZorgkantoorFactory
from tests.inschrijving.maak import ronde_met_regels

pytestmark = pytest.mark.django_db


class _Tabel(HTMLParser):
    """The rows of the differences table as lists of cell texts, and its caption."""

    def __init__(self):
        super().__init__()
        self.rijen, self.caption, self._in, self._cel = [], "", None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("data-testid", "verschillen") in attrs:
            self._in = "tabel"
        elif self._in and tag == "caption":
            self._in = "caption"
        elif self._in and tag == "tr":
            self.rijen.append([])
        elif self._in and tag in ("td", "th"):
            self._cel = ""

    def handle_endtag(self, tag):
        if tag == "caption" and self._in == "caption":
            self._in = "tabel"
        elif tag in ("td", "th") and self._cel is not None:
            self.rijen[-1].append(" ".join(self._cel.split()))
            self._cel = None
        elif tag == "table":
            self._in = None

    def handle_data(self, data):
        if self._in == "caption":
            self.caption += data
        elif self._cel is not None:
            self._cel += data


def _tabel(antwoord) -> _Tabel:
    tabel = _Tabel()
    tabel.feed(antwoord.content.decode())
    return tabel


@pytest.fixture
def zk():
    return ZorgkantoorFactory()


@pytest.fixture
def inkoper(client, login, zk):
    gebruiker = GebruikerFactory(inkoper=True, zorgkantoor=zk)
    login(client, gebruiker)
    return gebruiker


def test_het_verschil_tussen_twee_rondes(client, inkoper, zk):
    vorig, volgend = ronde_met_regels(zorgkantoren=[zk]), ronde_met_regels(zorgkantoren=[zk])
    volgend.regelset.documenttypen.filter(code="polisblad").update(min_verzekerd_bedrag=Decimal("5000000"))
    RegelKracht.objects.filter(regelset=volgend.regelset, regel="verklaring.onderaanneming").update(
        kracht="uitsluiting")
    antwoord = client.get(reverse("regels:verschil"), {"a": f"ronde-{vorig.pk}", "b": f"ronde-{volgend.pk}"})
    assert antwoord.status_code == 200
    tabel = _tabel(antwoord)
    assert tabel.rijen[0] == ["Onderdeel", "Regel", "Wat", "Was", "Is"]
    assert tabel.rijen[1:] == [
        ["Kracht van een regel", "verklaring.onderaanneming", "kracht",
         "Signaal: het zorgkantoor weegt het, met het bewijs", "Uitsluiting: volgt zonder tussenkomst van een persoon"],
        ["Documenttype", "polisblad", "minimaal verzekerd bedrag per gebeurtenis (EUR)", "2500000.00", "5000000.00"],
    ]
    assert " ".join(tabel.caption.split()) == f"2 verschillen van {vorig.naam} (regels van de ronde) naar " \
                                              f"{volgend.naam} (regels van de ronde)"
    # Both rounds are offered in both selects; nothing differs from a round to itself.
    gelijk = client.get(reverse("regels:verschil"), {"a": f"ronde-{vorig.pk}", "b": f"ronde-{vorig.pk}"})
    assert _tabel(gelijk).rijen[1:] == [["Geen verschillen: de regels zijn gelijk."]]


def test_de_regionale_regelset_tegen_zijn_sjabloon_via_de_link_op_de_startpagina(client, inkoper, zk):
    ronde = ronde_met_regels(zorgkantoren=[zk])
    regionaal = ronde.regelset.kopieer(f"Regels {ronde.naam} – {zk.naam}")
    Regelset.objects.filter(pk=regionaal.pk).update(min_toezichthouders=3)
    regionaal.type_eisen.filter(aanbieder_type="2").update(ondernemingsplan="volledig")
    AfwijkendePlanning.objects.create(ronde=ronde, zorgkantoor=zk, regelset=regionaal)
    start = client.get(reverse("beoordeling:start")).content.decode()
    link = f'{reverse("regels:verschil")}?ronde={ronde.pk}'
    assert f'href="{link}"' in start
    assert f'href="{reverse("regels:regionaal", args=[ronde.pk, zk.pk])}"' in start
    antwoord = client.get(link)
    assert antwoord.status_code == 200
    tabel = _tabel(antwoord)
    assert tabel.rijen[1:] == [
        ["Parameter", "minimaal aantal toezichthouders", "gewijzigd", "2", "3"],
        ["Eis per aanbiedertype", "2 – bestaand, maar nieuw voor het zorgkantoor", "ondernemingsplan",
         "Beknopt ondernemingsplan (bedrijfsplan en financieel plan)", "Volledig ondernemingsplan"],
    ]
    assert sjabloon_2022().naam in tabel.caption and "regionaal" in tabel.caption
    # The form shows what was compared, so the user can change one side.
    inhoud = antwoord.content.decode()
    assert f'<option value="regio-{ronde.pk}" selected>' in inhoud
    assert f'<option value="sjabloon-{sjabloon_2022().pk}" selected>' in inhoud


def test_de_regionale_regelset_tegen_het_sjabloon_waarvan_hij_werkelijk_komt(client, inkoper, zk):
    """Two templates of one kader: the comparison follows the copies back (``afgeleid_van``), not the first template
    of the kader by name."""
    eigen = sjabloon_2022().kopieer("Aangepast sjabloon 2022")
    Regelset.objects.filter(pk=eigen.pk).update(is_sjabloon=True, min_toezichthouders=4)
    eigen.refresh_from_db()
    assert Regelset.objects.filter(is_sjabloon=True, kader=eigen.kader).order_by("naam").first() == eigen
    ronde = ronde_met_regels(zorgkantoren=[zk])  # copied from the standard template, not from "Aangepast …"
    regionaal = ronde.regelset.kopieer(f"Regels {ronde.naam} – {zk.naam}")
    assert regionaal.afgeleid_van == ronde.regelset and ronde.regelset.afgeleid_van == sjabloon_2022()
    AfwijkendePlanning.objects.create(ronde=ronde, zorgkantoor=zk, regelset=regionaal)
    tabel = _tabel(client.get(reverse("regels:verschil"), {"ronde": ronde.pk}))
    assert sjabloon_2022().naam in tabel.caption and eigen.naam not in tabel.caption
    assert tabel.rijen[1:] == [["Geen verschillen: de regels zijn gelijk."]]


def test_een_toegevoegd_en_een_verwijderd_document(client, inkoper, zk):
    ronde = ronde_met_regels(zorgkantoren=[zk])
    ronde.regelset.documenttypen.filter(code="ao_ic").delete()
    antwoord = client.get(reverse("regels:verschil"), {"b": f"ronde-{ronde.pk}"})  # without a: its template
    rijen = _tabel(antwoord).rijen[1:]
    # Gone as a document type, and so from what type 3 hands in.
    assert [r[:3] for r in rijen] == [["Documenttype", "ao_ic", "verwijderd"],
                                      ["Eis per aanbiedertype", "3 – nieuwe zorgaanbieder", "documenten"]]
    assert "ao_ic" in rijen[1][3] and "ao_ic" not in rijen[1][4]
    assert rijen[0][3].startswith("code: ao_ic; naam: Regeling AO/IC;") and rijen[0][4] == "—"
    terug = _tabel(client.get(reverse("regels:verschil"), {"a": f"ronde-{ronde.pk}",
                                                           "b": f"sjabloon-{sjabloon_2022().pk}"})).rijen[1:]
    assert terug[0][:3] == ["Documenttype", "ao_ic", "toegevoegd"]


def test_de_ronde_of_regionale_regelset_van_een_ander_zorgkantoor_wordt_niet_getoond(client, inkoper, zk):
    eigen = ronde_met_regels(zorgkantoren=[zk], naam="Eigen ronde")
    ander_zk = ZorgkantoorFactory()
    vreemd = ronde_met_regels(zorgkantoren=[ander_zk], naam="Ronde van een ander zorgkantoor")
    AfwijkendePlanning.objects.create(ronde=eigen, zorgkantoor=ander_zk,
                                      regelset=eigen.regelset.kopieer("Regionaal van de ander"))
    eigen.zorgkantoren.add(ander_zk)
    pagina = client.get(reverse("regels:verschil")).content.decode()
    assert "Eigen ronde" in pagina and vreemd.naam not in pagina and "Regionaal van de ander" not in pagina
    for keuze in (f"ronde-{vreemd.pk}", f"regio-{eigen.pk}"):
        antwoord = client.get(reverse("regels:verschil"), {"a": f"ronde-{eigen.pk}", "b": keuze})
        assert antwoord.status_code == 400
        inhoud = antwoord.content.decode()
        assert "Selecteer een geldige keuze" in inhoud and 'data-testid="verschillen"' not in inhoud
    assert client.get(reverse("regels:verschil"), {"ronde": vreemd.pk}).status_code == 400


def test_alleen_zorgkantoormedewerkers(client, login):
    url = reverse("regels:verschil")
    assert client.get(url).status_code == 302  # to the login
    login(client, GebruikerFactory(tekenbevoegd=True))
    assert client.get(url).status_code == 403
