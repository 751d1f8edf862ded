"""Parties, rounds, contract history, and (from the inschrijving issue on) inschrijvingen and documents."""

from .bericht import Bericht
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
from .ronde import MIJLPALEN, AfwijkendePlanning, Inkoopronde, Planning, Soort

__all__ = [
    "AANBIEDER_ROLLEN", "MIJLPALEN", "ZORGKANTOOR_ROLLEN", "AfwijkendePlanning", "Bericht", "Gebruiker", "Inkoopronde",
    "Overeenkomst", "Planning", "Rechtsvorm", "Regio", "Rol", "Soort", "Zorgaanbieder", "Zorgkantoor",
]
