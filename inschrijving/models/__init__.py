"""Parties, rounds, contract history, rule sets, inschrijvingen, documents and submissions."""

from .bericht import Bericht
from .inschrijving import (
    BEGROTING_DOMEINEN,
    BEGROTING_SOORTEN,
    Bestuursverklaring,
    Document,
    Indiening,
    Inschrijving,
    Instemmingsverklaring,
    NotaVanInlichtingen,
    NvIAntwoord,
    Onderaannemer,
    Ondernemingsplan,
    Opening,
    OpeningVerzoek,
    Status,
    VogSoort,
    Vraag,
)
from .kwaliteit import KwaliteitKeuze, Niveau, OntwikkelplanVoorstel, Zelfanalyse
from .lezing import Lezing
from .overeenkomst import Overeenkomst
from .partijen import (
    AANBIEDER_ROLLEN,
    ZORGKANTOOR_ROLLEN,
    Gebruiker,
    Rechtsvorm,
    Regio,
    Rol,
    Zorgaanbieder,
    Zorgkantoor,
)
from .regels import (
    AanbiederType,
    Controle,
    DocumentType,
    DocumentVoorwaarde,
    Kader,
    Kracht,
    Moment,
    OvereenkomstRegel,
    OvereenkomstSoort,
    PlanOmvang,
    RegelKracht,
    Regelset,
    TariefGrondslag,
    TypeEis,
    Verklaring,
)
from .ronde import MIJLPALEN, AfwijkendePlanning, Inkoopronde, Planning, Soort, Termijnwijziging

__all__ = [
    "AANBIEDER_ROLLEN", "BEGROTING_DOMEINEN", "BEGROTING_SOORTEN", "MIJLPALEN", "ZORGKANTOOR_ROLLEN", "AanbiederType",
    "AfwijkendePlanning", "Bericht", "Bestuursverklaring", "Controle", "Document", "DocumentType",
    "DocumentVoorwaarde", "Gebruiker", "Indiening", "Inkoopronde", "Inschrijving", "Instemmingsverklaring", "Kader",
    "Kracht", "KwaliteitKeuze", "Lezing", "Moment", "Niveau", "NotaVanInlichtingen", "NvIAntwoord", "Onderaannemer",
    "Ondernemingsplan", "OntwikkelplanVoorstel", "Opening", "OpeningVerzoek", "Overeenkomst", "OvereenkomstRegel",
    "OvereenkomstSoort",
    "PlanOmvang", "Planning", "Rechtsvorm", "RegelKracht", "Regelset", "Regio", "Rol", "Soort", "Status",
    "TariefGrondslag", "Termijnwijziging", "TypeEis", "Verklaring", "VogSoort", "Vraag", "Zelfanalyse",
    "Zorgaanbieder", "Zorgkantoor",
]
