"""Seeding shared by the benchmarks: copies of one real submission for many zorgaanbieders, in bulk."""

from __future__ import annotations

from datetime import datetime, timedelta


def kopieen(indiening, *, nummers: range, kvk: int, naam, bestuurder, sluiting: datetime, batch_size: int = 1000):
    """For each n in ``nummers``: a zorgaanbieder (KvK-nummer ``kvk + n``, statutaire naam ``naam(n, kvk_nummer)``)
    with a submitted inschrijving in ``indiening``'s round and zorgkantoor, whose indiening is a copy of
    ``indiening``'s snapshot under the copy's own name and KvK-nummer (received up to ten hours before
    ``sluiting``). Returns (zorgaanbieders, inschrijvingen, indieningen)."""
    from inschrijving.models import Indiening, Inschrijving, Status, Zorgaanbieder

    voorbeeld = indiening.inschrijving
    aanbieders = Zorgaanbieder.objects.bulk_create([
        Zorgaanbieder(statutaire_naam=naam(n, f"{kvk + n:08d}"), kvk_nummer=f"{kvk + n:08d}", rechtsvorm="stichting",
                      straat="Benchstraat 1", postcode="1011 AB", plaats="Amsterdam")
        for n in nummers], batch_size=batch_size)
    inschrijvingen = Inschrijving.objects.bulk_create([
        Inschrijving(ronde_id=voorbeeld.ronde_id, zorgkantoor_id=voorbeeld.zorgkantoor_id, zorgaanbieder=za,
                     aanbieder_type=voorbeeld.aanbieder_type, status=Status.INGEDIEND, type_reden=voorbeeld.type_reden,
                     aangemaakt_door=bestuurder) for za in aanbieders], batch_size=batch_size)
    snapshot = indiening.snapshot
    indieningen = Indiening.objects.bulk_create([
        Indiening(inschrijving=i, volgnummer=1, ingediend_op=sluiting - timedelta(minutes=n % 600),
                  ingediend_door=bestuurder, snapshot={**snapshot, "zorgaanbieder": {
                      **snapshot["zorgaanbieder"], "statutaire_naam": i.zorgaanbieder.statutaire_naam,
                      "kvk_nummer": i.zorgaanbieder.kvk_nummer}},
                  sha256=indiening.sha256) for n, i in enumerate(inschrijvingen)], batch_size=500)
    return aanbieders, inschrijvingen, indieningen
