"""The statements of the bestuursverklaring and instemmingsverklaring (DOMAIN.md, seed 002 §4.5).

Uitsluitingsgronden follow the Aanbestedingswet 2012 (art. 2.86 mandatory, art. 2.87 optional); each
is asked as an explicit yes/no, for the organisation and for its bestuurders and toezichthouders.
"""

from django.utils.translation import gettext_lazy as _

# (code, question, legal source)
UITSLUITINGSGRONDEN = [
    ("criminele_organisatie", _("Onherroepelijke veroordeling in de afgelopen vijf jaar voor deelneming aan een "
                                "criminele organisatie"), "Aw 2012 art. 2.86 lid 1"),
    ("omkoping", _("Onherroepelijke veroordeling in de afgelopen vijf jaar voor omkoping"), "Aw 2012 art. 2.86 lid 1"),
    ("fraude", _("Onherroepelijke veroordeling in de afgelopen vijf jaar voor fraude"), "Aw 2012 art. 2.86 lid 1"),
    ("witwassen", _("Onherroepelijke veroordeling in de afgelopen vijf jaar voor witwassen"),
     "Aw 2012 art. 2.86 lid 1"),
    ("terrorisme", _("Onherroepelijke veroordeling in de afgelopen vijf jaar voor terroristische misdrijven"),
     "Aw 2012 art. 2.86 lid 1"),
    ("kinderarbeid_mensenhandel", _("Onherroepelijke veroordeling in de afgelopen vijf jaar voor kinderarbeid of "
                                    "mensenhandel"), "Aw 2012 art. 2.86 lid 1"),
    ("belastingschuld", _("Onherroepelijk vastgestelde, niet betaalde belastingen of sociale premies (zonder "
                          "betalingsregeling)"), "Aw 2012 art. 2.86 lid 2"),
    ("faillissement", _("Faillissement, surseance van betaling of een akkoord met schuldeisers"),
     "Aw 2012 art. 2.87 lid 1 sub b"),
    ("beroepsregels", _("Onherroepelijke veroordeling voor schending van beroepsregels"),
     "Aw 2012 art. 2.87 lid 1 sub c"),
    ("ernstige_fout", _("Een ernstige beroepsfout die de integriteit aantast"), "Aw 2012 art. 2.87 lid 1 sub c"),
    ("valse_verklaringen", _("Ernstige misleiding bij het verstrekken van informatie (valse verklaringen)"),
     "Aw 2012 art. 2.87 lid 1 sub h"),
]


def is_verplicht(artikel: str) -> bool:
    """A mandatory ground (art. 2.86) excludes by itself; an optional one (art. 2.87) the zorgkantoor weighs."""
    return "2.86" in artikel


WIE = [("organisatie", _("de organisatie")), ("bestuurders", _("een bestuurder, leidinggevende of toezichthouder"))]

# (code, statement) — each must be confirmed.
GESCHIKTHEIDSEISEN = [
    ("wet_en_regelgeving", _("Wij voldoen aan de geldende wet- en regelgeving voor de Wlz-zorg die wij leveren.")),
    ("geschiktheidseisen", _("Wij voldoen vanaf de inschrijving en gedurende de looptijd aan de geschiktheidseisen "
                             "van het inkoopkader.")),
    ("onderaanneming", _("Wij leveren ten minste twee derde van de verwachte gecontracteerde zorg zelf en laten geen "
                         "ZZP- of VPT-pakket volledig door een onderaannemer leveren zonder toestemming.")),
    ("governancecode", _("Wij passen de Governancecode Zorg toe, met een toezichthoudend orgaan.")),
]

INSTEMMINGEN = [
    ("voldoet_voorwaarden", _("Wij voldoen en blijven voldoen aan de gestelde voorwaarden voor contractering.")),
    ("geen_uitsluitingsgronden", _("Er zijn geen uitsluitingsgronden zoals geformuleerd in de bestuursverklaring "
                                   "op ons van toepassing.")),
    ("aanvaardt_overeenkomst", _("Wij aanvaarden de voorwaarden van de overeenkomst met de bijbehorende bijlagen.")),
    ("stemt_in_beleid", _("Wij stemmen in met het geformuleerde beleid voor contractering in het inkoopkader.")),
]

SECTOREN = [("vv", _("Verpleging en verzorging (V&V)")), ("gz", _("Gehandicaptenzorg (GZ)")),
            ("ggz", _("Geestelijke gezondheidszorg (GGZ)"))]
LEVERINGSVORMEN = [("verblijf", _("Verblijf in een instelling")), ("vpt", _("Volledig pakket thuis (VPT)")),
                   ("mpt", _("Modulair pakket thuis (MPT)")), ("dagbesteding", _("Dagbesteding"))]
ERVARING = [("wmo", _("Wmo")), ("zvw", _("Zvw")), ("pgb", _("Pgb"))]
