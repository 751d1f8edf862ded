"""Append-only audit trail of what zorgkantoor staff and the pipeline do and see."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Each action in words, for the history a person reads (the code stays in the row, for exports and audits).
ACTIES = {
    "aanbod_geaccepteerd": _("Aanbod geaccepteerd"), "aanbod_geweigerd": _("Aanbod geweigerd"),
    "beoordeling_bekeken": _("Beoordeling bekeken"), "besluit_goedgekeurd": _("Besluit goedgekeurd (vier ogen)"),
    "besluit_voorgesteld": _("Besluit voorgesteld"), "besluitbrief_bekeken": _("Besluitbrief bekeken"),
    "controle_afgerond": _("Controle afgerond"), "demo_gesprek": _("Demo: gesprek verplaatst"),
    "document_bekeken": _("Document bekeken"), "dossier_bekeken": _("Dossier bekeken"),
    "gesprek_afgerond": _("Gesprek afgerond"), "gesprek_bevindingen": _("Bevindingen uit het gesprek"),
    "gesprek_opnieuw_uitgenodigd": _("Opnieuw uitgenodigd voor het gesprek"),
    "gesprek_uitgenodigd": _("Uitgenodigd voor het gesprek"), "gesprek_verslag": _("Verslag van het gesprek"),
    "inregelbewijs_ingediend": _("Bewijs voor de inregeling ingediend"),
    "inregelbewijs_geaccepteerd": _("Bewijs voor de inregeling geaccepteerd"),
    "inregelbewijs_afgewezen": _("Bewijs voor de inregeling afgewezen"),
    "inregelherinnering": _("Herinnering inregeling verstuurd"), "inregelitems_aangemaakt": _("Inregelpunten gemaakt"),
    "kluis_geopend": _("Inschrijvingen geopend"), "niet_in_behandeling_voorgesteld": _("Voorstel: niet in behandeling"),
    "ontwikkelplan_beoordeeld": _("Ontwikkelplan beoordeeld"), "ontwikkelplan_ingediend": _("Ontwikkelplan ingediend"),
    "ontwikkelplan_weging": _("Ontwikkelplannen gewogen"), "opening_verzocht": _("Opening gevraagd"),
    "opening_verzoek_ingetrokken": _("Verzoek om opening ingetrokken"), "opnieuw_geprobeerd": _("Opnieuw geprobeerd"),
    "pipeline_gestart": _("Automatische controles gestart"), "resultaat_vastgelegd": _("Oordeel vastgelegd"),
    "signaal_gewogen": _("Signaal gewogen"), "stap1_volledigheid": _("Stap 1: volledigheid gecontroleerd"),
    "stap2_controle": _("Stap 2: verklaring en documenten gecontroleerd"), "toegewezen": _("Toegewezen"),
    "toelichting_aanvaard": _("Toelichting aanvaard"), "toelichting_niet_aanvaard": _("Toelichting niet aanvaard"),
    "toelichting_verwerkt": _("Toelichting verwerkt"), "verduidelijking_beantwoord": _("Verduidelijking beantwoord"),
    "verduidelijking_gevraagd": _("Verduidelijking gevraagd"),
    "verduidelijking_verlopen": _("Verduidelijking verlopen"),
    # Access (issue 12): registration and the organisation's own team.
    "aanmelding_goedgekeurd": _("Aanmelding goedgekeurd"), "aanmelding_afgewezen": _("Aanmelding afgewezen"),
    "collega_uitgenodigd": _("Collega uitgenodigd"), "uitnodiging_aanvaard": _("Uitnodiging aanvaard"),
    "uitnodiging_ingetrokken": _("Uitnodiging ingetrokken"), "rol_gewijzigd": _("Rol gewijzigd"),
    "collega_verwijderd": _("Collega verwijderd"), "eherkenning_eerste_login": _("Eerste login met eHerkenning"),
    "api_opgevraagd": _("Opgevraagd via de API"), "export_gedownload": _("Export gedownload"),
    "koppeling_geregistreerd": _("Koppeling (webhook) geregistreerd"),
    "koppeling_nieuw_geheim": _("Nieuw geheim voor een koppeling"), "koppeling_verwijderd": _("Koppeling verwijderd"),
}


def actie_in_woorden(actie: str) -> str:
    """An action a person reads: its label, or (a code added later without one) the code as words."""
    return str(ACTIES.get(actie) or actie.replace("_", " ").capitalize())


def regel(*, actie: str, omschrijving: str = "", inschrijving=None, ronde=None, door=None, op=None,
          zorgaanbieder=None):
    """One line, not yet stored (``log_alle`` stores many in one insert)."""
    from beoordeling.models import AuditRegel

    return AuditRegel(inschrijving=inschrijving, ronde=ronde, door=door, op=op or timezone.now(), actie=actie,
                      omschrijving=omschrijving, zorgaanbieder=zorgaanbieder)


def log(*, actie: str, omschrijving: str = "", inschrijving=None, ronde=None, door=None, zorgaanbieder=None) -> None:
    regel(actie=actie, omschrijving=omschrijving, inschrijving=inschrijving, ronde=ronde, door=door,
          zorgaanbieder=zorgaanbieder).save()


def log_alle(regels: list) -> None:
    """Store lines made by ``regel`` in one insert, in their order."""
    from beoordeling.models import AuditRegel

    if regels:
        AuditRegel.objects.bulk_create(regels)


def document_bekeken(*, document, door) -> None:
    log(actie="document_bekeken", inschrijving=document.inschrijving, door=door,
        omschrijving=f"{document.documenttype.naam} v{document.versie} (SHA-256 {document.sha256[:12]}…)")


def bij_document_bekeken(sender, *, document, door, **kwargs) -> None:
    """Receiver of ``inschrijving.signals.document_bekeken``."""
    document_bekeken(document=document, door=door)
