"""The werkvoorraad's filters: which assessments of the user's own zorgkantoor a zorginkoper sees in the queue."""

import re
from datetime import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beoordeling.models import EINDFASEN, Beoordeling, Fase, Verduidelijkingsverzoek
from inschrijving.models import AanbiederType, AfwijkendePlanning, Inkoopronde
from inschrijving.selectors import rondes_voor


def te_laat(qs: QuerySet[Beoordeling], moment: datetime | None = None) -> QuerySet[Beoordeling]:
    """Not finished although the round's gesprekken should be (the zorgkantoor's own planning first), or an
    open verzoek om verduidelijking is past its termijn."""
    moment = moment or timezone.now()
    eigen_planning = AfwijkendePlanning.objects.filter(
        ronde=OuterRef("inschrijving__ronde"), zorgkantoor=OuterRef("inschrijving__zorgkantoor"),
    ).values("gesprekken_afgerond")[:1]
    verlopen_verzoek = Verduidelijkingsverzoek.objects.filter(
        beoordeling=OuterRef("pk"), beantwoord_op__isnull=True, verlopen_op__isnull=True, termijn__lt=moment)
    return (qs.exclude(fase__in=EINDFASEN)
            .alias(gesprekken_afgerond=Coalesce(Subquery(eigen_planning, output_field=DateTimeField()),
                                                F("inschrijving__ronde__gesprekken_afgerond")))
            .filter(Q(gesprekken_afgerond__lt=moment) | Exists(verlopen_verzoek)))


def _rondes(request) -> QuerySet[Inkoopronde]:
    return rondes_voor(request.user) if request is not None else Inkoopronde.objects.none()


class _RondeVeld(django_filters.fields.ModelChoiceField):
    """A round chosen from the user's rounds, looked up in those rounds as read once (they are few): the form's
    list of options then shows the very same rows, without a second query for the chosen one."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        if isinstance(value, self.queryset.model):
            value = value.pk
        try:
            pk = self.queryset.model._meta.pk.get_prep_value(value)  # as ``queryset.get(pk=value)`` would
        except (ValueError, TypeError):
            pk = None
        for ronde in self.queryset:
            if ronde.pk == pk:
                return ronde
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


class _RondeFilter(django_filters.ModelChoiceFilter):
    field_class = _RondeVeld


class WerkvoorraadFilter(django_filters.FilterSet):
    ronde = _RondeFilter(label=_("Inkoopronde"), field_name="inschrijving__ronde", queryset=_rondes,
                         empty_label=_("Alle rondes"))
    type = django_filters.ChoiceFilter(label=_("Aanbiedertype"), field_name="inschrijving__aanbieder_type",
                                       choices=AanbiederType.choices, empty_label=_("Alle typen"))
    fase = django_filters.ChoiceFilter(label=_("Fase"), choices=Fase.choices, empty_label=_("Alle fasen"))
    zoek = django_filters.CharFilter(label=_("Zorgaanbieder of KvK-nummer"), method="filter_zoek")
    mij = django_filters.BooleanFilter(label=_("Aan mij toegewezen"), method="filter_mij",
                                       widget=forms.CheckboxInput)
    te_laat = django_filters.BooleanFilter(label=_("Te laat"), method="filter_te_laat", widget=forms.CheckboxInput)
    mislukt = django_filters.BooleanFilter(label=_("Automatische controle mislukt"), method="filter_mislukt",
                                           widget=forms.CheckboxInput)

    class Meta:
        model = Beoordeling
        fields = []

    def filter_zoek(self, qs, name, value):
        tekst = value.strip()
        if not tekst:
            return qs
        voorwaarde = Q(inschrijving__zorgaanbieder__statutaire_naam__icontains=tekst)
        # KvK-nummers are typed with spaces or dashes as often as without.
        cijfers = re.sub(r"[\s\-.]", "", tekst)
        if cijfers.isdigit():
            voorwaarde |= Q(inschrijving__zorgaanbieder__kvk_nummer__contains=cijfers)
        return qs.filter(voorwaarde)

    def filter_mij(self, qs, name, value):
        return qs.filter(toegewezen_aan=self.request.user) if value else qs

    def filter_te_laat(self, qs, name, value):
        return te_laat(qs) if value else qs

    def filter_mislukt(self, qs, name, value):
        return qs.filter(mislukt_op__isnull=False) if value else qs
