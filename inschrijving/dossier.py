"""The dossier: everything an inschrijving consists of, as plain JSON-ready data.

Built from the live records while the aanbieder prepares (for the voorcontrole) and frozen into each
Indiening at submission (the legal record). The evaluator reads only this shape, so the pre-check and
the assessment after closing run the very same rule code on the very same kind of input. The rules
themselves (the round's Regelset and the type's requirements) travel inside the dossier, as they
were at that moment.
"""

import hashlib
import json
from datetime import datetime
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from inschrijving.krachten import STANDAARD
from inschrijving.kwaliteit_selectie import thema_code, toepassing_van
from inschrijving.models import (
    Bestuursverklaring,
    Document,
    Inschrijving,
    Instemmingsverklaring,
    Ondernemingsplan,
    OntwikkelplanVoorstel,
    Zelfanalyse,
)

VERSIE = 1


def _geld(waarde: Decimal | None) -> str | None:
    return None if waarde is None else str(waarde)


def regels_van(inschrijving: Inschrijving) -> dict:
    regelset = inschrijving.regelset()
    eis = regelset.eis_voor(inschrijving.aanbieder_type) if regelset else None
    documenten = list(eis.documenten.all()) if eis else []
    toepassing = toepassing_van(inschrijving)
    vereist = toepassing.vereiste_themas()
    return {
        "regelset": regelset.naam if regelset else None,
        "kader": regelset.kader if regelset else None,
        "bron": regelset.bron if regelset else "",
        "max_aandeel_onderaanneming": _geld(regelset.max_aandeel_onderaanneming) if regelset else None,
        "min_toezichthouders": regelset.min_toezichthouders if regelset else None,
        "verklaring": eis.verklaring if eis else None,
        "ondernemingsplan": eis.ondernemingsplan if eis else "geen",
        "documenten": [
            {"code": d.code, "naam": d.naam, "moment": d.moment, "controle": d.controle,
             "max_leeftijd_maanden": d.max_leeftijd_maanden, "min_verzekerd_bedrag": _geld(d.min_verzekerd_bedrag),
             "niet_voor_starters": d.niet_voor_starters, "voorwaarde": d.voorwaarde, "bron": d.bron,
             "toelichting": d.toelichting}
            for d in sorted(documenten, key=lambda d: (d.volgorde, d.naam))
        ],
        # 004 §2.2.3: whether the round asks a zelfanalyse, and for which themes (the dominant kader's).
        # The force of every rule (inschrijving.krachten): the rule set's own, or the kader's defaults.
        "krachten": ({k.regel: k.kracht for k in regelset.krachten.all()} if regelset else {}) or dict(STANDAARD),
        "zelfanalyse_vereist": bool(regelset and regelset.zelfanalyse_vereist),
        "kwaliteit_sectoren": toepassing.sectoren,
        "dominante_sector": toepassing.dominante_sector,
        "kwaliteitskaders": [{"code": k.code, "jaar": k.jaar, "naam": k.naam} for k in toepassing.kaders],
        "zelfanalyse_themas": [thema_code(t) for t in vereist],
        "zelfanalyse_thema_namen": {thema_code(t): t.naam for t in vereist},
    }


def document_gegevens(doc: Document, lezing: dict | None = None) -> dict:
    """A current version as the dossier carries it, with what was read from it (``Lezing.als_dossier``, ``None``
    while it is still being read)."""
    return {
        "id": doc.pk, "code": doc.documenttype.code, "naam": doc.documenttype.naam, "versie": doc.versie,
        "weergavenaam": doc.weergavenaam, "grootte": doc.grootte, "sha256": doc.sha256,
        "geupload_op": timezone.localtime(doc.geupload_op).isoformat(),
        "afgiftedatum": doc.afgiftedatum.isoformat() if doc.afgiftedatum else None,
        "rechtspersoon": doc.rechtspersoon, "verzekerd_bedrag": _geld(doc.verzekerd_bedrag),
        "polis_ingangsdatum": doc.polis_ingangsdatum.isoformat() if doc.polis_ingangsdatum else None,
        "verzekeringnemer": doc.verzekeringnemer, "vog_soort": doc.vog_soort,
        "vog_voor_deze_procedure": doc.vog_voor_deze_procedure, "lezing": lezing,
    }


def _onderaannemers(verklaring) -> list[dict]:
    """Bijlage 2 of the bestuursverklaring or bijlage 1 of the instemmingsverklaring (002 §4.1)."""
    return [{"naam": o.naam, "kvk_nummer": o.kvk_nummer, "adres": o.adres, "levering": o.levering,
             "aandeel": _geld(o.aandeel)} for o in verklaring.onderaannemers.all()]


def _verklaring(inschrijving: Inschrijving, soort: str | None) -> dict | None:
    if soort == "bestuur":
        # Always read from the database: the snapshot must never come from a stale cached object.
        v = Bestuursverklaring.objects.filter(inschrijving=inschrijving).first()
        if v is None:
            return None
        return {
            "soort": "bestuur", "ondertekenaar_naam": v.ondertekenaar_naam,
            "ondertekenaar_functie": v.ondertekenaar_functie, "uitsluitingsgronden": v.uitsluitingsgronden,
            "geschiktheid": v.geschiktheid, "bevoegdheid_uit_kvk": v.bevoegdheid_uit_kvk,
            "geen_wijzigingen": v.geen_wijzigingen, "wijzigingen": v.wijzigingen,
            "werkt_met_onderaannemers": v.werkt_met_onderaannemers, "onderaannemers": _onderaannemers(v),
            "bijlage3_van_toepassing": v.bijlage3_van_toepassing,
            "bijlage3_zorgkantoren": [zk.naam for zk in v.bijlage3_zorgkantoren.all()],
            "bijlage3_toelichting": v.bijlage3_toelichting, "akkoord_voorwaarden": v.akkoord_voorwaarden,
        }
    if soort == "instemming":
        v = Instemmingsverklaring.objects.filter(inschrijving=inschrijving).first()
        if v is None:
            return None
        return {"soort": "instemming", "ondertekenaar_naam": v.ondertekenaar_naam,
                "ondertekenaar_functie": v.ondertekenaar_functie, "instemmingen": v.instemmingen,
                "geen_wijzigingen": v.geen_wijzigingen, "wijzigingen": v.wijzigingen,
                "werkt_met_onderaannemers": v.werkt_met_onderaannemers, "onderaannemers": _onderaannemers(v)}
    return None


def _plan(inschrijving: Inschrijving) -> dict | None:
    p = Ondernemingsplan.objects.filter(inschrijving=inschrijving).first()
    if p is None:
        return None
    return {
        "bestuur": p.bestuur, "toezichthouders": p.toezichthouder_namen(), "clientenraad": p.clientenraad,
        "holding": p.holding, "missie": p.missie, "strategie": p.strategie, "sectoren": p.sectoren,
        "leveringsvormen": p.leveringsvormen, "prestaties": p.prestaties,
        "verwacht_aantal_clienten": p.verwacht_aantal_clienten, "gemeenten_locaties": p.gemeenten_locaties,
        "personeel_aantal": p.personeel_aantal, "personeel_niveau": p.personeel_niveau, "ervaring": p.ervaring,
        "samenwerking": p.samenwerking, "onderscheidend": p.onderscheidend,
        "governancecode_praktijk": p.governancecode_praktijk, "financiele_toelichting": p.financiele_toelichting,
        "omzetprognose": p.omzetprognose, "starter": p.starter, "moedermaatschappij": p.moedermaatschappij,
        "eigen_vermogen": _geld(p.eigen_vermogen), "verwacht_resultaat": _geld(p.verwacht_resultaat),
        "begroting_per_domein": {domein: {soort: _geld(bedrag) for soort, bedrag in regel.items()}
                                 for domein, regel in p.begroting_per_domein().items()},
    }


def _zelfanalyse(inschrijving: Inschrijving) -> dict:
    return {
        thema_code(z.thema): {
            "thema": z.thema.naam, "invulling": z.invulling, "sterktes_ontwikkelpunten": z.sterktes_ontwikkelpunten,
            "clientervaring": z.clientervaring, "niveau": z.niveau, "niveau_toelichting": z.niveau_toelichting,
            "gegevens": z.gegevens,
        }
        for z in Zelfanalyse.objects.filter(inschrijving=inschrijving).select_related("thema__kader")
    }


def _ontwikkelplan(inschrijving: Inschrijving) -> list[dict]:
    return [{"thema": thema_code(v.thema) if v.thema else None, "thema_naam": v.thema.naam if v.thema else "",
             "doel": v.doel, "aanpak": v.aanpak}
            for v in OntwikkelplanVoorstel.objects.filter(inschrijving=inschrijving).select_related("thema__kader")]


def actuele_documenten(inschrijving: Inschrijving):
    return (inschrijving.documenten.filter(vervangen_op__isnull=True).select_related("documenttype")
            .order_by("documenttype__volgorde", "documenttype__naam"))


def _documenten(inschrijving: Inschrijving) -> list[dict]:
    from inschrijving.lezingen import lezingen_voor

    documenten = list(actuele_documenten(inschrijving))
    gelezen = lezingen_voor({d.sha256 for d in documenten})
    return [document_gegevens(d, (lezing := gelezen.get((d.sha256, d.documenttype.code))) and lezing.als_dossier())
            for d in documenten]


def dossier_van(inschrijving: Inschrijving, moment: datetime | None = None) -> dict:
    """The inschrijving as it stands now.

    ``moment_van_inschrijving`` is the moment the rules that speak of "het moment van inschrijving" are measured
    at (002 §4.9: a KvK uittreksel "niet ouder dan zes maanden op het moment van inschrijving", the polis
    "op de datum van inschrijving" afgesloten): ``moment`` when given (``indienen`` passes the moment of
    submission, which the snapshot keeps), else now — but never after the sluitingstijd, as no submission can
    be later. ``contractstart`` is the start of the overeenkomst (``Inkoopronde.ingangsdatum_overeenkomst``).
    """
    za = inschrijving.zorgaanbieder
    regels = regels_van(inschrijving)
    planning = inschrijving.planning
    gemeten = min(moment or timezone.now(), planning.sluiting_inschrijving)
    return {
        "versie": VERSIE,
        "inschrijving": {
            "id": inschrijving.pk, "ronde": inschrijving.ronde.naam, "ronde_id": inschrijving.ronde_id,
            "contractjaar": inschrijving.ronde.contractjaar, "zorgkantoor": inschrijving.zorgkantoor.naam,
            "zorgkantoor_id": inschrijving.zorgkantoor_id, "aanbieder_type": inschrijving.aanbieder_type,
            "type_reden": inschrijving.type_reden,
            "sluiting": timezone.localtime(planning.sluiting_inschrijving).isoformat(),
            "moment_van_inschrijving": timezone.localtime(gemeten).isoformat(),
            "contractstart": inschrijving.ronde.ingangsdatum_overeenkomst.isoformat(),
        },
        "zorgaanbieder": {"statutaire_naam": za.statutaire_naam, "kvk_nummer": za.kvk_nummer,
                          "agb_code": za.agb_code, "rechtsvorm": za.get_rechtsvorm_display(),
                          "adres": f"{za.straat}, {za.postcode} {za.plaats}"},
        "regels": regels,
        "verklaring": _verklaring(inschrijving, regels["verklaring"]),
        "ondernemingsplan": _plan(inschrijving) if regels["ondernemingsplan"] != "geen" else None,
        "documenten": _documenten(inschrijving),
        "zelfanalyse": _zelfanalyse(inschrijving),
        "ontwikkelplan": _ontwikkelplan(inschrijving),
    }


def canoniek(dossier: dict) -> bytes:
    """The bytes that are hashed: sorted keys, no whitespace, UTF-8."""
    return json.dumps(dossier, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()


def hash_van(dossier: dict) -> str:
    return hashlib.sha256(canoniek(dossier)).hexdigest()
