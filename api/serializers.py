from rest_framework import serializers

from beoordeling.models import Besluit, Toetsresultaat
from inschrijving.models import Indiening, Inschrijving, Overeenkomst


class ZorgaanbiederKort(serializers.Serializer):
    kvkNummer = serializers.CharField(source="kvk_nummer")
    statutaireNaam = serializers.CharField(source="statutaire_naam")


class InschrijvingLijst(serializers.ModelSerializer):
    ronde = serializers.CharField(source="ronde.naam")
    zorgaanbieder = ZorgaanbiederKort()
    aanbiedertype = serializers.CharField(source="aanbieder_type")
    url = serializers.HyperlinkedIdentityField(view_name="api:inschrijving-detail")

    class Meta:
        model = Inschrijving
        fields = ("id", "url", "ronde", "zorgaanbieder", "aanbiedertype", "status")


class IndieningSerializer(serializers.ModelSerializer):
    ontvangenOp = serializers.DateTimeField(source="ingediend_op")
    momentopname = serializers.JSONField(source="snapshot", help_text="De ingediende inhoud, onveranderlijk.")
    sha256 = serializers.CharField(help_text="SHA-256 over de momentopname zoals het portaal haar vastlegde.")

    class Meta:
        model = Indiening
        fields = ("volgnummer", "ontvangenOp", "sha256", "momentopname")


class ResultaatSerializer(serializers.ModelSerializer):
    besloten = serializers.DateTimeField(source="besloten_op")

    class Meta:
        model = Toetsresultaat
        fields = ("regel", "stap", "uitkomst", "titel", "toelichting", "bron", "automatisch", "bewijs", "besloten")


class OvereenkomstSerializer(serializers.ModelSerializer):
    zorgaanbieder = ZorgaanbiederKort()
    ingangsdatum = serializers.DateField()
    einddatum = serializers.DateField()
    onderVoorwaarden = serializers.BooleanField(source="onder_voorwaarden")

    class Meta:
        model = Overeenkomst
        fields = ("id", "zorgaanbieder", "ingangsdatum", "einddatum", "meerjarig", "onderVoorwaarden", "soort",
                  "opslag", "sectoren", "leveringsvormen")


class BesluitSerializer(serializers.ModelSerializer):
    goedgekeurdOp = serializers.DateTimeField(source="goedgekeurd_op")
    onderVoorwaarden = serializers.BooleanField(source="onder_voorwaarden")
    reagerenVoor = serializers.DateField(source="reageren_voor")
    reactieOp = serializers.DateTimeField(source="reactie_op")
    overeenkomst = OvereenkomstSerializer(allow_null=True)
    briefSha256 = serializers.CharField(source="brief_sha256")

    class Meta:
        model = Besluit
        fields = ("soort", "onderVoorwaarden", "voorwaarden", "redenen", "opslag", "goedgekeurdOp", "reagerenVoor",
                  "reactie", "reactieOp", "briefSha256", "overeenkomst")


class InschrijvingDetail(InschrijvingLijst):
    indiening = IndieningSerializer(allow_null=True)
    fase = serializers.CharField(allow_null=True, help_text="De fase van de beoordeling.")
    resultaten = ResultaatSerializer(many=True, help_text="Het resultaat van elke regel.")
    besluit = BesluitSerializer(allow_null=True, help_text="Alleen een besluit dat met vier ogen is goedgekeurd.")

    class Meta(InschrijvingLijst.Meta):
        fields = (*InschrijvingLijst.Meta.fields, "indiening", "fase", "resultaten", "besluit")
