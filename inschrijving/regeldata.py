"""A rule set as published data (issue 13, item 6): versioned JSON with a JSON Schema, and the differences between two.

``als_json`` gives everything the evaluator reads from a ``Regelset`` — its parameters, the force of each rule, the
document types with their checks, what each aanbieder type submits and the overeenkomst table — with the round and
zorgkantoor it belongs to. Keys and lists are sorted, so two exports of the same set are byte-identical
(``als_bytes``). The shape is ``schema/regelset-1.0.json`` (draft 2020-12); a change that breaks a reader gets a new
``SCHEMAVERSIE`` and a new schema file beside the old one.

``verschillen`` compares two such dicts rule by rule: what was added, removed or changed, with the old and the new
value. It reads only the dicts (no ORM, no clock), so a downloaded file can be compared with a served one.
"""

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from wlzportal.links import portaal_url

SCHEMAVERSIE = "1.0"
SCHEMA_BESTAND = Path(__file__).resolve().parent / "schema" / f"regelset-{SCHEMAVERSIE}.json"

# The sections that hold rules, in the order a reader meets them; each list's key names one item.
PARAMETERS = "parameters"
LIJSTEN = {"krachten": "regel", "documenttypen": "code", "type_eisen": "aanbieder_type",
           "overeenkomst_regels": None}  # None: the row's position, since the first matching row decides
ONDERDELEN = (PARAMETERS, *LIJSTEN)

TOEGEVOEGD, VERWIJDERD, GEWIJZIGD = "toegevoegd", "verwijderd", "gewijzigd"


def schema_url() -> str:
    """Where the portal serves the schema: the ``$schema`` of every export and the schema's own ``$id``."""
    return portaal_url("regels:schema")


def schema() -> dict:
    """The JSON Schema as served: the file, with its ``$id`` set to the address it is served at."""
    return {**json.loads(SCHEMA_BESTAND.read_text(encoding="utf-8")), "$id": schema_url()}


def _bedrag(waarde: Decimal | None) -> str | None:
    # Exact decimals as strings (an amount or percentage never passes through a float).
    return None if waarde is None else str(waarde)


def _moment(waarde: datetime) -> str:
    return timezone.localtime(waarde).isoformat()


def _parameters(regelset) -> dict:
    return {
        "kader": regelset.kader,
        "max_aandeel_onderaanneming": _bedrag(regelset.max_aandeel_onderaanneming),
        "min_toezichthouders": regelset.min_toezichthouders,
        "zelfanalyse_vereist": regelset.zelfanalyse_vereist,
        "max_opslag": _bedrag(regelset.max_opslag),
        "richttarief": _bedrag(regelset.richttarief),
        "tarief_grondslag": regelset.tarief_grondslag,
        "nhc_nic_percentage": _bedrag(regelset.nhc_nic_percentage),
        "tarief_bron": regelset.tarief_bron,
        "bezwaar_termijn_dagen": regelset.bezwaar_termijn_dagen,
        "bezwaar_procedure": regelset.bezwaar_procedure,
        "reactietermijn_dagen": regelset.reactietermijn_dagen,
        "gesprek_type_2": regelset.gesprek_type_2,
    }


def _documenttype(doc) -> dict:
    return {"code": doc.code, "naam": doc.naam, "toelichting": doc.toelichting, "moment": doc.moment,
            "controle": doc.controle, "max_leeftijd_maanden": doc.max_leeftijd_maanden,
            "niet_voor_starters": doc.niet_voor_starters, "voorwaarde": doc.voorwaarde or None,
            "min_verzekerd_bedrag": _bedrag(doc.min_verzekerd_bedrag), "bron": doc.bron, "volgorde": doc.volgorde}


def _type_eis(eis) -> dict:
    return {"aanbieder_type": eis.aanbieder_type, "verklaring": eis.verklaring,
            "ondernemingsplan": eis.ondernemingsplan, "documenten": sorted(d.code for d in eis.documenten.all()),
            "toelichting": eis.toelichting}


def _overeenkomst_regel(regel) -> dict:
    return {"volgorde": regel.volgorde, "aanbieder_type": regel.aanbieder_type or None,
            # Every condition must hold, so their order says nothing.
            "voorwaarden": sorted(regel.voorwaarden), "soort": regel.soort, "looptijd_jaren": regel.looptijd_jaren,
            "verlenging_jaren": regel.verlenging_jaren, "met_opslag": regel.met_opslag, "bron": regel.bron}


def als_json(regelset, *, ronde=None, zorgkantoor=None, regionaal: bool = False) -> dict:
    """The complete, stable representation of ``regelset``: as a round's set (``ronde``), as the set that holds at
    one zorgkantoor in that round (``zorgkantoor``; ``regionaal`` when it is the zorgkantoor's own regional set), or
    alone (a template)."""
    krachten = [{"regel": k.regel, "kracht": k.kracht, "bron": k.bron, "toelichting": k.toelichting}
                for k in regelset.krachten.all()]
    overeenkomsten = sorted((_overeenkomst_regel(r) for r in regelset.overeenkomst_regels.all()),
                            key=lambda r: (r["volgorde"], json.dumps(r, sort_keys=True)))
    return {
        "$schema": schema_url(),
        "schemaversie": SCHEMAVERSIE,
        "regelset": {"naam": regelset.naam, "bron": regelset.bron, "sjabloon": regelset.is_sjabloon,
                     "regionaal": regionaal},
        "ronde": None if ronde is None else {
            "id": ronde.pk, "naam": ronde.naam, "contractjaar": ronde.contractjaar, "soort": ronde.soort,
            "ingangsdatum_overeenkomst": ronde.ingangsdatum_overeenkomst.isoformat(),
            "publicatie_inkoopkader": _moment(ronde.planning(zorgkantoor).publicatie_inkoopkader)},
        "zorgkantoor": None if zorgkantoor is None else {"id": zorgkantoor.pk, "naam": zorgkantoor.naam},
        PARAMETERS: _parameters(regelset),
        "krachten": sorted(krachten, key=lambda k: k["regel"]),
        "documenttypen": sorted((_documenttype(d) for d in regelset.documenttypen.all()), key=lambda d: d["code"]),
        "type_eisen": sorted((_type_eis(e) for e in regelset.type_eisen.prefetch_related("documenten")),
                             key=lambda e: e["aanbieder_type"]),
        "overeenkomst_regels": overeenkomsten,
    }


def als_bytes(gegevens: dict) -> bytes:
    """The served body: sorted keys, two-space indentation, UTF-8, one final newline."""
    return (json.dumps(gegevens, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _per_sleutel(onderdeel: str, lijst: list) -> dict:
    sleutel = LIJSTEN[onderdeel]
    if sleutel is None:
        return {str(positie): item for positie, item in enumerate(lijst, start=1)}
    return {str(item[sleutel]): item for item in lijst}


def _vergelijk(onderdeel: str, oud: dict, nieuw: dict, als_geheel: bool) -> list[dict]:
    """Per key: added or removed (the whole item), or changed (per field when the items are dicts)."""
    uitkomst = []
    for sleutel in sorted(oud.keys() | nieuw.keys(), key=_sorteersleutel):
        was, is_ = oud.get(sleutel), nieuw.get(sleutel)
        if sleutel not in nieuw:
            uitkomst.append(_verschil(onderdeel, sleutel, None, VERWIJDERD, was, None))
        elif sleutel not in oud:
            uitkomst.append(_verschil(onderdeel, sleutel, None, TOEGEVOEGD, None, is_))
        elif was != is_:
            if als_geheel:
                uitkomst.append(_verschil(onderdeel, sleutel, None, GEWIJZIGD, was, is_))
            else:
                uitkomst += [_verschil(onderdeel, sleutel, veld, GEWIJZIGD, was.get(veld), is_.get(veld))
                             for veld in sorted(was.keys() | is_.keys()) if was.get(veld) != is_.get(veld)]
    return uitkomst


def _sorteersleutel(sleutel: str):
    # Positions of the overeenkomst table in numeric order (2 before 10); codes alphabetically.
    return (0, int(sleutel), "") if sleutel.isdigit() else (1, 0, sleutel)


def _verschil(onderdeel, sleutel, veld, soort, was, is_) -> dict:
    return {"onderdeel": onderdeel, "sleutel": sleutel, "veld": veld, "soort": soort, "was": was, "is": is_}


def verschillen(a: dict, b: dict) -> list[dict]:
    """What changed from rule set ``a`` to rule set ``b`` (two ``als_json`` dicts), rule by rule: each difference as
    ``{"onderdeel", "sleutel", "veld", "soort", "was", "is"}`` with ``soort`` toegevoegd, verwijderd or gewijzigd.
    A parameter is one rule; a list item (a force, a document type, a type's requirements, a row of the overeenkomst
    table) is added or removed whole, or changed field by field. Names, round and zorgkantoor are not rules and are
    not compared. Identical rules give an empty list."""
    uitkomst = _vergelijk(PARAMETERS, a.get(PARAMETERS, {}), b.get(PARAMETERS, {}), als_geheel=True)
    for onderdeel in LIJSTEN:
        uitkomst += _vergelijk(onderdeel, _per_sleutel(onderdeel, a.get(onderdeel, [])),
                               _per_sleutel(onderdeel, b.get(onderdeel, [])), als_geheel=False)
    return uitkomst
