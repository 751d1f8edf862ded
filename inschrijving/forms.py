"""Forms of the inschrijving: verklaringen, ondernemingsplan, documents. Dutch labels and help text;
every field may be saved half-filled (the voorcontrole says what is still missing)."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from inschrijving.fields import CijferreeksFormField
from inschrijving.models import (
    BEGROTING_DOMEINEN,
    BEGROTING_SOORTEN,
    Bestuursverklaring,
    Controle,
    DocumentType,
    Instemmingsverklaring,
    Onderaannemer,
    Ondernemingsplan,
    VogSoort,
)
from inschrijving.verklaringen import (
    ERVARING,
    GESCHIKTHEIDSEISEN,
    INSTEMMINGEN,
    LEVERINGSVORMEN,
    SECTOREN,
    UITSLUITINGSGRONDEN,
    WIE,
)

JA_NEE = [("ja", _("Ja")), ("nee", _("Nee"))]
BEGROTING_VELDEN = [f"begroting_{domein}_{soort}" for domein, _l in BEGROTING_DOMEINEN for soort in BEGROTING_SOORTEN]


def _ja_nee_veld(label, help_text=""):
    return forms.ChoiceField(label=label, choices=JA_NEE, widget=forms.RadioSelect, required=False,
                             help_text=help_text)


def _naar_bool(waarde):
    return {"ja": True, "nee": False}.get(waarde)


def _van_bool(waarde):
    return {True: "ja", False: "nee"}.get(waarde)


def _als_tekst_met_komma(veld):
    """A localized decimal as a text input: a type=number input cannot hold "250000,00" (the Dutch decimal
    comma), so the browser would show a saved amount as empty and the next save would erase it."""
    veld.localize = True
    veld.widget = forms.TextInput(attrs={"inputmode": "decimal"})
    veld.widget.is_localized = True


class BestuursverklaringForm(forms.ModelForm):
    """Every uitsluitingsgrond as an explicit yes/no, twice: for the organisation and for its
    bestuurders, leidinggevenden and toezichthouders."""

    class Meta:
        model = Bestuursverklaring
        fields = ["ondertekenaar_naam", "ondertekenaar_functie", "bijlage3_van_toepassing", "bijlage3_zorgkantoren",
                  "bijlage3_toelichting", "akkoord_voorwaarden"]
        widgets = {"bijlage3_zorgkantoren": forms.CheckboxSelectMultiple,
                   "bijlage3_toelichting": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "ondertekenaar_naam": _("De vertegenwoordigingsbevoegde bestuurder zoals vermeld in het KvK-uittreksel."),
            "bijlage3_van_toepassing": _("Alleen als u ook bij andere zorgkantoren (een overeenkomst) heeft."),
        }

    werkt_met_onderaannemers = _ja_nee_veld(
        _("Werkt u in het contractjaar met onderaannemers (ZZP'ers inbegrepen)?"),
        _("Bijlage 2 (onderaannemerschap) hoort altijd bij de bestuursverklaring."))
    bevoegdheid_uit_kvk = _ja_nee_veld(
        _("Blijkt uw bevoegdheid om de organisatie te vertegenwoordigen uit het uittreksel van de KvK?"),
        _("Zo niet, voeg dan een volmacht toe bij de documenten (inkoopkader §4.9)."))
    geen_wijzigingen = _ja_nee_veld(_("Zijn er geen wijzigingen sinds uw vorige inschrijving?"))
    wijzigingen = forms.CharField(
        label=_("Wijzigingen sinds de vorige inschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Meld wijzigingen ten opzichte van de eerdere inschrijvingsdocumenten of overeenkomst en lever "
                    "gewijzigde documenten aan (inkoopkader §4.5)."))

    def __init__(self, *args, vraag_bevoegdheid=False, vraag_wijzigingen=False, **kwargs):
        """``vraag_bevoegdheid``: the type's rules take a volmacht; ``vraag_wijzigingen``: they take gewijzigde
        documenten (a bestaande zorgaanbieder, 002 §4.5 punt 2)."""
        super().__init__(*args, **kwargs)
        v = self.instance
        if vraag_bevoegdheid:
            self.initial.setdefault("bevoegdheid_uit_kvk", _van_bool(v.bevoegdheid_uit_kvk))
        else:
            del self.fields["bevoegdheid_uit_kvk"]
        if vraag_wijzigingen:
            self.initial.setdefault("geen_wijzigingen", _van_bool(v.geen_wijzigingen))
            self.initial.setdefault("wijzigingen", v.wijzigingen)
        else:
            del self.fields["geen_wijzigingen"], self.fields["wijzigingen"]
        for code, vraag, artikel in UITSLUITINGSGRONDEN:
            for wie, wie_label in WIE:
                naam = f"ug_{code}_{wie}"
                self.fields[naam] = _ja_nee_veld(
                    _("%(vraag)s – geldt dit voor %(wie)s?") % {"vraag": vraag, "wie": wie_label}, artikel)
                self.initial.setdefault(naam, _van_bool((v.uitsluitingsgronden.get(code) or {}).get(wie)))
        for code, tekst in GESCHIKTHEIDSEISEN:
            naam = f"ge_{code}"
            self.fields[naam] = _ja_nee_veld(tekst)
            self.initial.setdefault(naam, _van_bool(v.geschiktheid.get(code)))
        self.initial.setdefault("werkt_met_onderaannemers", _van_bool(v.werkt_met_onderaannemers))

    def uitsluitingsvelden(self):
        return [(vraag, artikel, [self[f"ug_{code}_{wie}"] for wie, _l in WIE])
                for code, vraag, artikel in UITSLUITINGSGRONDEN]

    def geschiktheidsvelden(self):
        return [self[f"ge_{code}"] for code, _t in GESCHIKTHEIDSEISEN]

    def save(self, commit=True):
        v = super().save(commit=False)
        v.uitsluitingsgronden = {
            code: {wie: _naar_bool(self.cleaned_data.get(f"ug_{code}_{wie}")) for wie, _l in WIE}
            for code, _v, _a in UITSLUITINGSGRONDEN}
        v.geschiktheid = {code: _naar_bool(self.cleaned_data.get(f"ge_{code}")) for code, _t in GESCHIKTHEIDSEISEN}
        v.werkt_met_onderaannemers = _naar_bool(self.cleaned_data.get("werkt_met_onderaannemers"))
        if "bevoegdheid_uit_kvk" in self.fields:
            v.bevoegdheid_uit_kvk = _naar_bool(self.cleaned_data.get("bevoegdheid_uit_kvk"))
        if "geen_wijzigingen" in self.fields:
            v.geen_wijzigingen = _naar_bool(self.cleaned_data.get("geen_wijzigingen"))
            v.wijzigingen = self.cleaned_data.get("wijzigingen") or ""
        if commit:
            v.save()
            self.save_m2m()
        return v


class OnderaannemerForm(forms.ModelForm):
    kvk_nummer = CijferreeksFormField(lengte=8, naam="KvK-nummer", voorbeeld="12345678", label=_("KvK-nummer"))

    class Meta:
        model = Onderaannemer
        fields = ["naam", "kvk_nummer", "adres", "levering", "aandeel"]
        labels = {"aandeel": _("Aandeel (%)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Validators, not min_value/max_value: those attributes only take effect in the field's constructor.
        self.fields["aandeel"].validators += [MinValueValidator(0), MaxValueValidator(100)]
        _als_tekst_met_komma(self.fields["aandeel"])
        self.fields["aandeel"].help_text = _("Deel van de verwachte gecontracteerde zorg, 0 tot 100.")


OnderaannemerFormSet = inlineformset_factory(Bestuursverklaring, Onderaannemer, form=OnderaannemerForm, extra=2,
                                             can_delete=True, fk_name="verklaring")
# Bijlage 1 of the instemmingsverklaring: the same rows (002 §4.1).
InstemmingOnderaannemerFormSet = inlineformset_factory(Instemmingsverklaring, Onderaannemer, form=OnderaannemerForm,
                                                       extra=2, can_delete=True, fk_name="instemmingsverklaring")


class InstemmingsverklaringForm(forms.ModelForm):
    class Meta:
        model = Instemmingsverklaring
        fields = ["ondertekenaar_naam", "ondertekenaar_functie", "wijzigingen"]
        widgets = {"wijzigingen": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"wijzigingen": _("Meld wijzigingen ten opzichte van de eerdere inschrijvingsdocumenten of "
                                       "overeenkomst (inkoopkader §4.5).")}

    geen_wijzigingen = _ja_nee_veld(_("Zijn er geen wijzigingen sinds uw vorige inschrijving?"))
    werkt_met_onderaannemers = _ja_nee_veld(
        _("Werkt u in het contractjaar met onderaannemers (ZZP'ers inbegrepen)?"),
        _("Bijlage 1 van de instemmingsverklaring (inkoopkader §4.1)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("werkt_met_onderaannemers", _van_bool(self.instance.werkt_met_onderaannemers))
        for code, tekst in INSTEMMINGEN:
            self.fields[f"in_{code}"] = _ja_nee_veld(tekst)
            self.initial.setdefault(f"in_{code}", _van_bool(self.instance.instemmingen.get(code)))
        self.initial.setdefault("geen_wijzigingen", _van_bool(self.instance.geen_wijzigingen))

    def save(self, commit=True):
        v = super().save(commit=False)
        v.instemmingen = {code: _naar_bool(self.cleaned_data.get(f"in_{code}")) for code, _t in INSTEMMINGEN}
        v.geen_wijzigingen = _naar_bool(self.cleaned_data.get("geen_wijzigingen"))
        v.werkt_met_onderaannemers = _naar_bool(self.cleaned_data.get("werkt_met_onderaannemers"))
        if commit:
            v.save()
        return v


class OndernemingsplanForm(forms.ModelForm):
    sectoren = forms.MultipleChoiceField(label=_("Sectoren"), choices=SECTOREN, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    leveringsvormen = forms.MultipleChoiceField(label=_("Leveringsvormen"), choices=LEVERINGSVORMEN, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    ervaring = forms.MultipleChoiceField(label=_("Ervaring in andere domeinen"), choices=ERVARING, required=False,
                                         widget=forms.CheckboxSelectMultiple)

    moedermaatschappij = _ja_nee_veld(
        _("Heeft uw organisatie een (groot)moedermaatschappij?"),
        _("Zo ja, lever ook haar geconsolideerde jaarrekeningen aan (inkoopkader §4.10), ook als u een startende "
          "organisatie bent."))
    ALLEEN_VOLLEDIG = ["bestuur", "toezichthouders", "clientenraad", "holding", "missie", "strategie"]

    class Meta:
        model = Ondernemingsplan
        fields = ["bestuur", "toezichthouders", "clientenraad", "holding", "missie", "strategie", "sectoren",
                  "leveringsvormen", "prestaties", "verwacht_aantal_clienten", "gemeenten_locaties",
                  "personeel_aantal", "personeel_niveau", "ervaring", "samenwerking", "onderscheidend",
                  "governancecode_praktijk", "financiele_toelichting", "omzetprognose", "starter",
                  "eigen_vermogen", "verwacht_resultaat", *BEGROTING_VELDEN]
        widgets = {naam: forms.Textarea(attrs={"rows": 3}) for naam in [
            "bestuur", "toezichthouders", "clientenraad", "holding", "missie", "strategie", "prestaties",
            "gemeenten_locaties", "personeel_niveau", "samenwerking", "onderscheidend", "governancecode_praktijk",
            "financiele_toelichting", "omzetprognose"]}
        help_texts = {
            "toezichthouders": _("Eén naam per regel. Vereist is een toezichthoudend orgaan van ten minste twee "
                                 "personen op het moment van inschrijving."),
            "prestaties": _("In NZa-termen, bijvoorbeeld ZZP GGZ-B of VPT."),
            "eigen_vermogen": _("Volgens de laatste jaarrekening of openingsbalans; een negatief eigen vermogen kan "
                                "tot afwijzing leiden."),
            "verwacht_resultaat": _("Verwacht resultaat in het contractjaar."),
            "ervaring": _("Alleen als van toepassing: de zorg die u al levert in andere domeinen."),
            "onderscheidend": _("Hoe uw aanbod zich onderscheidt van dat van andere zorgaanbieders."),
            "governancecode_praktijk": _("Hoe de Governancecode Zorg in de praktijk werkt binnen uw organisatie en "
                                        "hoe erop wordt toegezien dat de code wordt nageleefd."),
            "financiele_toelichting": _("Een algemene toelichting op de financiële positie van uw organisatie."),
            "omzetprognose": _("Een realistische omzetprognose, met de aannames waarop zij rust."),
        }

    def __init__(self, *args, omvang="volledig", **kwargs):
        super().__init__(*args, **kwargs)
        if omvang == "beknopt":
            for naam in self.ALLEEN_VOLLEDIG:
                del self.fields[naam]
        self.initial.setdefault("moedermaatschappij", _van_bool(self.instance.moedermaatschappij))
        for naam in ("eigen_vermogen", "verwacht_resultaat", *BEGROTING_VELDEN):
            _als_tekst_met_komma(self.fields[naam])

    def begroting_rijen(self):
        """The begroting as a table: one row per domein, opbrengsten and kosten (002 §4.9, §4.10)."""
        return [(label, self[f"begroting_{domein}_opbrengsten"], self[f"begroting_{domein}_kosten"])
                for domein, label in BEGROTING_DOMEINEN]

    def save(self, commit=True):
        plan = super().save(commit=False)
        plan.moedermaatschappij = _naar_bool(self.cleaned_data.get("moedermaatschappij"))
        if commit:
            plan.save()
        return plan


class DocumentGegevensForm(forms.Form):
    """The details of a document that its checks need; which ones depends on the document type."""

    afgiftedatum = forms.DateField(label=_("Afgiftedatum"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                   help_text=_("De datum waarop het document is afgegeven of uitgedraaid."))
    rechtspersoon = forms.CharField(label=_("Rechtspersoon op het document"), required=False, max_length=200,
                                    help_text=_("Neem de naam over zoals die op het document staat."))
    vog_soort = forms.ChoiceField(label=_("Soort verklaring"), choices=[("", "—"), *VogSoort.choices],
                                  required=False)
    vog_voor_deze_procedure = forms.ChoiceField(
        label=_("Is de VOG aangevraagd voor deze inkoopprocedure?"), choices=JA_NEE, widget=forms.RadioSelect,
        required=False, help_text=_("Dit staat in het vrije veld van de aanvraag."))
    verzekerd_bedrag = forms.DecimalField(label=_("Verzekerd bedrag per gebeurtenis (EUR)"), required=False,
                                          max_digits=12, decimal_places=2, min_value=0, localize=True)
    polis_ingangsdatum = forms.DateField(label=_("Ingangsdatum van de polis"), required=False,
                                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    verzekeringnemer = forms.CharField(label=_("Verzekeringnemer"), required=False, max_length=200)

    VELDEN = {
        Controle.AANWEZIG: [],
        Controle.UITTREKSEL: ["afgiftedatum", "rechtspersoon"],
        Controle.TOELATING: ["rechtspersoon"],
        Controle.VOG: ["afgiftedatum", "rechtspersoon", "vog_soort", "vog_voor_deze_procedure"],
        Controle.POLIS: ["afgiftedatum", "verzekerd_bedrag", "polis_ingangsdatum", "verzekeringnemer"],
    }

    def __init__(self, *args, documenttype: DocumentType, **kwargs):
        super().__init__(*args, **kwargs)
        houden = set(self.VELDEN[documenttype.controle])
        for naam in list(self.fields):
            if naam not in houden and naam != "bestand":
                del self.fields[naam]
        if documenttype.controle == Controle.POLIS:
            # 002 §4.9: "op de datum van inschrijving een schadeverzekering afgesloten"; the polisblad's date shows it.
            self.fields["afgiftedatum"].label = _("Datum van het polisblad")
            self.fields["afgiftedatum"].help_text = _(
                "De datum op het polisblad. Daaruit blijkt dat de verzekering op de datum van inschrijving was "
                "afgesloten, ook als zij pas later ingaat.")
        if "verzekerd_bedrag" in self.fields:
            self.fields["verzekerd_bedrag"].widget.attrs["inputmode"] = "decimal"
            if documenttype.min_verzekerd_bedrag:
                self.fields["verzekerd_bedrag"].help_text = _("Minimaal EUR %(bedrag)s per gebeurtenis.") % {
                    "bedrag": f"{documenttype.min_verzekerd_bedrag:,.0f}".replace(",", ".")}

    def gegevens(self) -> dict:
        """Only the fields that validated, so a half-right form still saves what is right."""
        data = {}
        for naam in self.fields:
            if naam == "bestand" or naam in self.errors:
                continue
            waarde = self.cleaned_data.get(naam)
            if naam == "vog_voor_deze_procedure":
                waarde = _naar_bool(waarde)
            elif waarde is None and naam in ("rechtspersoon", "verzekeringnemer", "vog_soort"):
                waarde = ""
            data[naam] = waarde
        return data

    @staticmethod
    def initial_van(document) -> dict:
        if document is None:
            return {}
        initial = {naam: getattr(document, naam) for naam in (
            "afgiftedatum", "rechtspersoon", "vog_soort", "verzekerd_bedrag", "polis_ingangsdatum",
            "verzekeringnemer")}
        initial["vog_voor_deze_procedure"] = _van_bool(document.vog_voor_deze_procedure)
        return initial


class DocumentUploadForm(DocumentGegevensForm):
    def __init__(self, *args, **kwargs):
        from inschrijving.uploads import PdfBestandField

        super().__init__(*args, **kwargs)
        # Scanned for viruses by a task once stored (inschrijving/scannen.py), not in the upload request.
        self.fields = {"bestand": PdfBestandField(label=_("Bestand (PDF)"), scan_achteraf=True), **self.fields}


class IndienenForm(forms.Form):
    """Signing: the declaration always; the password unless it was typed in this session within
    ``WLZ_ONDERTEKENEN_BINNEN_MINUTEN`` (``wachtwoord_nodig=False``: the field is left out)."""

    wachtwoord = forms.CharField(
        label=_("Uw wachtwoord"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Door uw wachtwoord opnieuw in te voeren ondertekent u de inschrijving als tekenbevoegde."),
        error_messages={"required": _("Vul uw wachtwoord in om te ondertekenen.")})
    verklaring_juist = forms.BooleanField(
        label=_("Ik verklaar dat de inschrijving naar waarheid is ingevuld en dat ik bevoegd ben de organisatie te "
                "vertegenwoordigen."))
    ondanks_bevindingen = forms.BooleanField(
        label=_("Ik wil indienen ondanks de punten uit de voorcontrole."), required=False)

    def __init__(self, *args, wachtwoord_nodig: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not wachtwoord_nodig:
            del self.fields["wachtwoord"]
