"""The catalogue of quality frameworks, as plain data quoted from the seeds, and its idempotent loader.

One constant per source (seeds in ``/work/shared/seeds``, DOMAIN.md "Kwaliteit"):

- ``GGZ_WLZ_2021``: 000, Voorlopige kwaliteitsuitgangspunten GGZ in de Wlz, five themes of starting points.
- ``KEURMERK_BASIS_GGZ_2018``: 003, Handboek Keurmerk Basis GGZ 2018, §4: three themes, nine norms, each with
  its "wat is geborgd" and its kwalificatiecriteria.
- ``GGZ_KWALITEITSSTANDAARDEN_2019``: 001, Implementatieplan kwaliteitsstandaarden GGZ, §1.1 and §1.4-1.5: the
  three kinds of standard and the six implementation themes.
- ``GZ_NIVEAUS_2016``: 004, Inkoopkader Langdurige Zorg 2016, chapter 3: three niveaus and their onderwerpen,
  each with its Doel and Essentie where the seed gives one.
- ``VV_KWALITEITSPLAN_2022``: 002, Inkoopkader Wlz 2021-2023 (aanvulling 2022), §3.2.1: the yearly
  kwaliteitsplan with its verbeterparagraaf per locatie.

A kader is a dict (code, jaar, naam, sector, rol, volgorde, bron, omschrijving, themas); a thema has code,
naam, bron and optionally omschrijving, doel, essentie, items; an item has code, soort, tekst and optionally
bron (else its parent's), toelichting, doel, essentie, verband and onderdelen (nested items). Texts are quoted
from the seed with the PDF line breaks removed; list entries are lines starting with "- ". Order is the
order in the seed.

To change the catalogue, edit it here and add a migration that calls ``laad_catalogus`` again; a new
version of a framework is a new kader with the same code and a new jaar.
"""

from django.db import transaction

# 000_6d358d29a72c9764.txt: Voorlopige kwaliteitsuitgangspunten GGZ in de Wlz per 2021.
# Five deelonderwerpen with 6, 10, 5, 5 and 3 starting points.
GGZ_WLZ_2021 = {
    "code": "ggz-wlz",
    "jaar": 2021,
    "naam": "Voorlopige kwaliteitsuitgangspunten GGZ in de Wlz",
    "sector": "ggz",
    "rol": "leidend",
    "volgorde": 1,
    "bron": "000_6d358d29a72c9764.txt, Hoe te gebruiken en Deelonderwerp kwaliteitsuitgangspunten",
    "omschrijving": (
        "Zorgkantoren maken voor de inkoop 2021 gebruik van de voorlopige kwaliteitsuitgangspunten t.b.v. het "
        "dialooggesprek met de aanbieder\n"
        "Dit gesprek start met de vraag: Hoe zorgt de zorgaanbieder dat deze voldoet aan de "
        "kwaliteitsuitgangspunten GGZ Wlz?"
    ),
    "themas": [
        {
            "code": "client",
            "naam": "Cliënt",
            "bron": "000_6d358d29a72c9764.txt, deelonderwerp Cliënt",
            "items": [
                {
                    "code": "client-1",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "De cliënt kan zo veel als mogelijk zijn eigen leven bepalen, cliënt en zijn/haar netwerk "
                        "heeft voldoende invloed op het inrichten van het zorgplan"
                    ),
                },
                {
                    "code": "client-2",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "De aanbieder zorgt ervoor dat de cliënt zoveel als mogelijk kan participeren in de "
                        "maatschappij en eventueel een eigen sociaal netwerk kan opbouwen en onderhouden"
                    ),
                },
                {
                    "code": "client-3",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "Er is aandacht voor welbevinden en zinvolle invulling en/of dagbesteding van de cliënt. "
                        "In het zorgplan zijn doelen opgenomen die betrekking hebben op het welbevinden, zinvolle "
                        "invulling en/of dagbesteding."
                    ),
                },
                {
                    "code": "client-4",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "Beleid op de inzet van ervaringsdeskundigen (niet functionerend als behandelaar, maar "
                        "bieden ondersteuning/begeleiding)"
                    ),
                },
                {
                    "code": "client-5",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "De cliënt heeft inspraak bij keuze van persoonlijk begeleider en indien mogelijk over "
                        "beschikbare behandelaren"
                    ),
                },
                {
                    "code": "client-6",
                    "soort": "uitgangspunt",
                    "tekst": "De zorgaanbieder betrekt waar wenselijk het netwerk van de cliënt",
                },
            ],
        },
        {
            "code": "organisatie",
            "naam": "Organisatie",
            "bron": "000_6d358d29a72c9764.txt, deelonderwerp Organisatie",
            "items": [
                {
                    "code": "organisatie-1",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "Deelname aan een regionaal netwerk van samenwerkende organisaties op het gebied kwaliteit "
                        "maar ook op toegang"
                    ),
                },
                {
                    "code": "organisatie-2",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "Werken met een strategisch en evt. tactisch plan, missie/visie van de organisatie is "
                        "duidelijk en toegespitst op doelgroep. Aanbieders kennen de aanpalende probleemgebieden "
                        "en hebben daar visie op. Aanbieders zijn in contact met aanbieders van GZ of V&V daar "
                        "waar dit nodig is."
                    ),
                },
                {
                    "code": "organisatie-3",
                    "soort": "uitgangspunt",
                    "tekst": "Werken met één zorgplan per cliënt. Er is een zorgbeleid per cliëntengroep.",
                },
                {
                    "code": "organisatie-4",
                    "soort": "uitgangspunt",
                    "tekst": "Er is een ECD",
                },
                {
                    "code": "organisatie-5",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "Er is (indien mogelijk) op herstel gericht beleid (volgens in de sector geldende "
                        "richtlijnen)"
                    ),
                },
                {
                    "code": "organisatie-6",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "De organisatie neemt (samen met andere belanghebbende ketenpartners) verantwoordelijkheid "
                        "om moeilijk plaatsbare cliënten op de meest juiste plaats te kunnen opnemen"
                    ),
                },
                {
                    "code": "organisatie-7",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "De organisatie toont aan op welke wijze zij samen met andere ketenpartners de "
                        "continuïteit in de zorg borgt"
                    ),
                },
                {
                    "code": "organisatie-8",
                    "soort": "uitgangspunt",
                    "tekst": "Organisaties sluiten aan bij het bestaande structuren voor crisis ( regeling en opvang)",
                },
                {
                    "code": "organisatie-9",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "Inrichten van en verantwoordelijk voor regievoering van o.a. behandeling of begeleiding "
                        "(b.v. FACT)"
                    ),
                },
                {
                    "code": "organisatie-10",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "De organisatie neemt verantwoordelijkheid in het betrekken van de cliënten-, verwanten- "
                        "en/of familieraad"
                    ),
                },
            ],
        },
        {
            "code": "personeel",
            "naam": "Personeel",
            "bron": "000_6d358d29a72c9764.txt, deelonderwerp Personeel",
            "items": [
                {
                    "code": "personeel-1",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "Er is voldoende gekwalificeerd personeel, welke voor behandeling aansluit bij het "
                        "kwaliteitsstatuut"
                    ),
                },
                {
                    "code": "personeel-2",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "Er is voldoende personeel op gebied van verzorging, verpleging, begeleiding en "
                        "behandelaars afgestemd op de behoefte van de cliënt"
                    ),
                },
                {
                    "code": "personeel-3",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "De organisatie heeft beleid over het terugdringen van arbeidstekorten (bv. Door middel "
                        "van een actieve aanpak t.a.v. werving en selectie en behoud van medewerkers)"
                    ),
                },
                {
                    "code": "personeel-4",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "Teams hebben regelmatig (minimaal 2 keer per jaar) aantoonbaar overleg over het "
                        "verbeteren van het functioneren als team en als individu in het team"
                    ),
                },
                {
                    "code": "personeel-5",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "Er is een opleiding en bijscholingsprogramma waarin sprake is van tijdige en toegespitste "
                        "opleiding"
                    ),
                },
            ],
        },
        {
            "code": "gebouwen-en-inrichting",
            "naam": "Gebouwen en inrichting",
            "bron": "000_6d358d29a72c9764.txt, deelonderwerp Gebouwen en inrichting",
            "items": [
                {
                    "code": "gebouwen-en-inrichting-1",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "De faciliteit voldoet aan de eisen van de tijd (zo mogelijk te koppelen aan een "
                        "objectieve norm of keurmerk) en de hygiëne is op orde"
                    ),
                },
                {
                    "code": "gebouwen-en-inrichting-2",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "De zorgaanbieder faciliteert dat de locatie passend aansluit bij de sociale omgeving van "
                        "de client"
                    ),
                },
                {
                    "code": "gebouwen-en-inrichting-3",
                    "soort": "uitgangspunt",
                    "tekst": "De organisatie doet er alles aan om de veiligheid van het personeel te borgen",
                },
                {
                    "code": "gebouwen-en-inrichting-4",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "De organisatie geeft invulling aan de veiligheid van en gevoel van veiligheid voor "
                        "cliënten"
                    ),
                },
                {
                    "code": "gebouwen-en-inrichting-5",
                    "soort": "uitgangspunt",
                    "tekst": "Organisatie toont aan dat het beveiligingsniveau past bij de doelgroep.",
                },
            ],
        },
        {
            "code": "leren-en-verbeteren",
            "naam": "Leren en verbeteren",
            "bron": "000_6d358d29a72c9764.txt, deelonderwerp Leren en verbeteren",
            "items": [
                {
                    "code": "leren-en-verbeteren-1",
                    "soort": "uitgangspunt",
                    "tekst": "De zorgaanbieder is een lerende organisatie",
                },
                {
                    "code": "leren-en-verbeteren-2",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "Eens in de twee jaar is er een externe visitatie (door een andere "
                        "organisatie/zorgverlener) waarvan een rapportage wordt opgesteld met ontwikkelpunten voor "
                        "de onderzochte organisatie"
                    ),
                },
                {
                    "code": "leren-en-verbeteren-3",
                    "soort": "uitgangspunt",
                    "tekst": (
                        "Er is inzicht in door de client ervaren kwaliteit en toont aan dat ze aan de hand van dit "
                        "inzicht benodigde verbeteringen doorvoeren."
                    ),
                },
            ],
        },
    ],
}

# 003_5f723a72d1323a75.txt, §4: Keurmerk Basis GGZ 2018. Norms 1-4, 5-6 and 7-9 in three themes;
# per norm its toelichting, one "wat is geborgd" item and its kwalificatiecriteria (21 in all), each criterion
# joined to the previous one by "én" or "of" as the handbook writes it.
KEURMERK_BASIS_GGZ_2018 = {
    "code": "keurmerk-basis-ggz",
    "jaar": 2018,
    "naam": "Keurmerk Basis GGZ",
    "sector": "ggz",
    "rol": "ondersteunend",
    "volgorde": 3,
    "bron": "003_5f723a72d1323a75.txt, §2 Keurmerknormen 2018 en §4 Keurmerknormen en kwalificatiecriteria 2018",
    "omschrijving": (
        "Het Keurmerk Basis GGZ is een eenduidig kenmerk voor kwaliteit in de Generalistische Basis GGZ (GBGGZ).\n"
        "Bij elke norm hoort een omschrijving van de elementen die de norm borgt. Deze elementen zijn "
        "geoperationaliseerd in kwalificatiecriteria: de concrete zaken die de keurmerkdrager moet kunnen "
        "overleggen en/of toelichten om aan de norm te voldoen."
    ),
    "themas": [
        {
            "code": "clientgericht-handelen",
            "naam": "Cliëntgericht handelen",
            "bron": (
                "003_5f723a72d1323a75.txt, §4 Keurmerknormen en kwalificatiecriteria 2018, Thema Cliëntgericht "
                "handelen"
            ),
            "omschrijving": (
                "Binnen de GBGGZ vormt gezamenlijke besluitvorming de basis van het behandelplan dat de hulpvraag "
                "van de cliënt op gestructureerde wijze beschrijft. Een gezamenlijke besluitvorming rondom het "
                "behandelplan vergroot de zelfregie en zelfredzaamheid van de cliënt. Belangrijk is dat vanuit een "
                "herstelgerichte visie wordt gewerkt. Cliënten leren gedurende het behandeltraject met hun "
                "klachten om te gaan. Terugvalpreventie is onderdeel van de behandeling. De GBGGZ-aanbieder heeft "
                "aandacht voor (het meten van) cliëntervaringen en het transparant maken (van de uitkomsten) "
                "hiervan. Binnen de GBGGZ wordt ook een groep cliënten behandeld met langdurige psychiatrische "
                "aandoeningen. Om cliëntgericht handelen vorm te geven voor deze groep cliënten is een aantal "
                "specifieke elementen benoemd."
            ),
            "items": [
                {
                    "code": "norm-1",
                    "soort": "norm",
                    "tekst": (
                        "De GBGGZ-aanbieder baseert zijn behandelingen op gezamenlijke besluitvorming van de "
                        "cliënt en de behandelaar, borgt hiertoe een aantal elementen in het behandelplan én geeft "
                        "inzicht in de schaalscore Samen Beslissen van de CQ-index van afgelopen jaar"
                    ),
                    "bron": "003_5f723a72d1323a75.txt, §4 Keurmerknormen en kwalificatiecriteria 2018, Norm 1 (p. 8)",
                    "toelichting": (
                        "De generalistische behandeling legt de nadruk op activering van de cliënt. De behandeling "
                        "is hulpvraag gericht. De attitude van de GBGGZ-behandelaar is gericht op de eigen kracht "
                        "van de cliënt die in eerste instantie zelf een actieve rol heeft in het ontstaan van het "
                        "behandelplan. De cliënt en de behandelaar wisselen professionele en ervaringskennis uit, "
                        "waardoor de cliënt voldoende basiskennis krijgt om actief mee te beslissen over de "
                        "behandeling. De behandelaar ondersteunt het proces van besluitvorming met een heldere "
                        "structuur. Door belangrijke elementen duidelijk te benoemen in het behandelplan en/of "
                        "intakeverslag, is geborgd dat deze ook daadwerkelijk aan bod komen. Het biedt bovendien "
                        "transparantie aan de cliënt."
                    ),
                    "onderdelen": [
                        {
                            "code": "norm-1-geborgd",
                            "soort": "geborgd",
                            "tekst": (
                                "- De cliënt formuleert samen met de behandelaar de hulpvraag.\n"
                                "- De cliënt formuleert samen met de behandelaar behandeldoelen, waarbij "
                                "verwachtingen en behoeftes van de cliënt centraal staan. Hierbij formuleert de "
                                "cliënt samen met de behandelaar wanneer de behandeldoelen zijn behaald en de "
                                "behandeling stopt.\n"
                                "- De cliënt en de behandelaar nemen de keuzes en overwegingen in het "
                                "behandelproces en/of voor een bepaalde behandeling samen door. De cliënt en de "
                                "behandelaar maken afspraken over de gedeelde verantwoordelijkheid, waarbij "
                                "duidelijk is welke inspanningen van beiden worden verwacht.\n"
                                "- De cliënt en de behandelaar starten de uitvoering van het behandelplan pas als "
                                "hierover overeenstemming is bereikt."
                            ),
                        },
                        {
                            "code": "norm-1-criterium-1",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder overlegt een behandelplan, intakeverslag en/of vergelijkbaar "
                                "document (leeg format) waarin de volgende elementen duidelijk aan bod komen:\n"
                                "- hulpvraag en aanleiding\n"
                                "- behandeldoelen, inclusief omschrijving wanneer deze zijn behaald\n"
                                "- behandelmethode\n"
                                "- wederzijdse verwachtingen (inspanningen / verantwoordelijkheden)\n"
                                "- vragen voor tussentijdse evaluatie\n"
                                "- aantekening van toestemming van de cliënt voor uitvoering van het behandelplan"
                            ),
                        },
                        {
                            "code": "norm-1-criterium-2",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder geeft met de schaalscore Samen Beslissen van de CQ-index aan "
                                "in welke mate de cliënt het afgelopen jaar heeft ervaren inspraak in het "
                                "behandelplan te hebben gehad."
                            ),
                            "verband": "en",
                            "toelichting": (
                                "NB. Vrijgevestigde GGZ-aanbieders die nog niet begonnen zijn met het meten van de "
                                "CQ-index, dienen vóór 1 april 2018 aan te tonen de CQ-index te hebben "
                                "geïntegreerd in hun zorgproces. Deze aanbieders leveren de schaalscore vóór 1 "
                                "september 2018 aan."
                            ),
                        },
                    ],
                },
                {
                    "code": "norm-2",
                    "soort": "norm",
                    "tekst": (
                        "De GBGGZ-aanbieder toont aan welke richtlijnen, zorgstandaarden, kwaliteitsstandaarden en "
                        "–modulen zijn geïmplementeerd het afgelopen jaar en hoe dit is gebeurd"
                    ),
                    "bron": "003_5f723a72d1323a75.txt, §4 Keurmerknormen en kwalificatiecriteria 2018, Norm 2 (p. 9)",
                    "toelichting": (
                        "De eerste richtlijnen, zorgstandaarden, kwaliteitsstandaarden en-modulen specifiek voor "
                        "de GBGGZ komen nu beschikbaar. Behandelen volgens methoden in lijn met het "
                        "generalistische karakter van de GBGGZ biedt structuur in de behandeling en vormt een "
                        "goede basis voor het inzichtelijk maken van de kwaliteit van de geleverde zorg. In "
                        "combinatie met de expertise en klinische blik van de behandelaar draagt een snelle en "
                        "gestructureerde implementatie van nieuwe richtlijnen en dergelijke bij aan betere zorg "
                        "voor de cliënt."
                    ),
                    "onderdelen": [
                        {
                            "code": "norm-2-geborgd",
                            "soort": "geborgd",
                            "tekst": (
                                "- De behandeling is gebaseerd op evidence (of practice) based methoden. De "
                                "behandelaar werkt volgens de meest actuele richtlijnen, zorgstandaarden, "
                                "kwaliteitsstandaarden en –modulen, waaronder de ‘Landelijke GGZ "
                                "samenwerkingsafspraken’, de ‘Generieke module Samenwerking en ondersteuning "
                                "naasten’ en de ‘Generieke module Zelfmanagement’.\n"
                                "- De behandelaar hanteert nieuwe richtlijnen, zorgstandaarden, "
                                "kwaliteitsstandaarden en –modulen uiterlijk zes maanden nadat deze beschikbaar "
                                "zijn gekomen."
                            ),
                        },
                        {
                            "code": "norm-2-criterium-1",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder licht toe hoe de tijdige (< 6 mnd.) implementatie van nieuwe "
                                "standaarden is geborgd."
                            ),
                        },
                        {
                            "code": "norm-2-criterium-2",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder licht toe dat en welke richtlijnen, zorgstandaarden, "
                                "kwaliteitsstandaarden en –modulen, waaronder de ‘Landelijke GGZ "
                                "samenwerkingsafspraken’, de ‘Generieke module Samenwerking en ondersteuning "
                                "naasten’ en de ‘Generieke module Zelfmanagement’ in het afgelopen jaar zijn "
                                "geïmplementeerd."
                            ),
                            "verband": "en",
                        },
                        {
                            "code": "norm-2-criterium-3",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder beschrijft of en welke veranderingen er zijn gedaan in de zorg "
                                "voor de cliënt dan wel (de inrichting) van het zorgproces op basis van de "
                                "implementatie van de bovenstaande standaarden."
                            ),
                            "verband": "en",
                        },
                    ],
                },
                {
                    "code": "norm-3",
                    "soort": "norm",
                    "tekst": (
                        "De GBGGZ-aanbieder licht toe hoe invulling wordt gegeven aan terugvalpreventie en hoe "
                        "deze informatie beschikbaar blijft voor de cliënt"
                    ),
                    "bron": "003_5f723a72d1323a75.txt, §4 Keurmerknormen en kwalificatiecriteria 2018, Norm 3 (p. 10)",
                    "toelichting": (
                        "Cliënten leren tijdens een behandeling in de GBGGZ met hun klachten om te gaan en deze "
                        "vaardigheden toe te passen in hun dagelijks functioneren. Terugvalpreventie kan verweven "
                        "zijn in verschillende behandeldoelen en is onderdeel van het behandelplan. Duurzaam "
                        "herstel is een positief geformuleerd doel wat bereikt kan worden met terugvalpreventie. "
                        "Een plan voor duurzaam herstel/terugvalpreventie geeft de cliënt handvatten en biedt een "
                        "afbakening van het behandelkader bij terugval of verdere behandeling."
                    ),
                    "onderdelen": [
                        {
                            "code": "norm-3-geborgd",
                            "soort": "geborgd",
                            "tekst": (
                                "- Alle cliënten maken - eventueel samen met de behandelaar - een plan voor "
                                "duurzaam herstel/terugvalpreventie voordat de behandeling is afgerond, tenzij dat "
                                "niet passend is bij de zorgvraag of het zorgproces\n"
                                "- De beschrijving/het plan is van de cliënt en blijft na de behandeling ook "
                                "beschikbaar voor de cliënt\n"
                                "- Bij cliënten die uit de SGGZ komen en in de GBGGZ in het traject “chronisch” "
                                "worden behandeld, vormt het terugvalpreventieplan van de cliënt de basis van het "
                                "behandelplan van de behandeling"
                            ),
                        },
                        {
                            "code": "norm-3-criterium-1",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder licht toe hoe met, of door de cliënt, invulling wordt gegeven "
                                "aan terugvalpreventie. Uit de toelichting blijkt (minimaal) dat en hoe aandacht "
                                "wordt besteed aan 1) Risico’s, 2) Signalen en 3) Maatregelen."
                            ),
                        },
                        {
                            "code": "norm-3-criterium-2",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder overlegt een plan voor terugvalpreventie/duurzaam herstel "
                                "(leeg format) waarin de volgende elementen duidelijk zijn terug te vinden:\n"
                                "- Informatie over het voorkomen van een terugval\n"
                                "- Risico’s van de cliënt\n"
                                "- Signalen - Hoe signalen van terugval te (her)kennen\n"
                                "- Maatregelen - Handvatten op maat bij een (dreigende) terugval en\n"
                                "- Welke contactmogelijkheden er zijn bij een dreigende terugval"
                            ),
                            "verband": "of",
                        },
                        {
                            "code": "norm-3-criterium-3",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder licht toe dat en hoe deze informatie beschikbaar blijft voor "
                                "de cliënt, ook na het behandeltraject."
                            ),
                            "verband": "en",
                        },
                    ],
                },
                {
                    "code": "norm-4",
                    "soort": "norm",
                    "tekst": (
                        "De GBGGZ-aanbieder die zorg levert aan cliënten met chronische problematiek, richt zich "
                        "op het vergroten van de zelfredzaamheid en het verbeteren van het functioneren van de "
                        "cliënt; de GBGGZ-aanbieder toont aan dat hiertoe een aantal elementen geborgd is in de "
                        "behandeling door middel van een procesbeschrijving, een behandelplan of soortgelijke "
                        "documentatie"
                    ),
                    "bron": "003_5f723a72d1323a75.txt, §4 Keurmerknormen en kwalificatiecriteria 2018, Norm 4 (p. 11)",
                    "toelichting": (
                        "Deze norm 4 geldt alleen voor GBGGZ-aanbieders die zorg bieden binnen het echelon GBGGZ "
                        "Chronisch!\n"
                        "Binnen de GBGGZ is er een groeiende groep cliënten met een langdurige kwetsbaarheid voor "
                        "psychiatrische problematiek. Veel van deze cliënten zijn eerder langdurig in de SGGZ "
                        "behandeld. Behandeling is gericht op stappen naar gezondheid, door het vergroten van "
                        "iemands veerkracht wordt het functioneren verbeterd en de zelfredzaamheid vergroot. "
                        "Passende zorg binnen de GBGGZ voor cliënten met chronische problematiek kent specifieke "
                        "elementen."
                    ),
                    "onderdelen": [
                        {
                            "code": "norm-4-geborgd",
                            "soort": "geborgd",
                            "tekst": (
                                "- Het doel van de GBGGZ behandeling is dat de cliënt, gegeven de chronische "
                                "problematiek, een zo normaal mogelijk leven kan leiden.\n"
                                "- De behandeling is laagfrequent en gericht op het vergroten van de "
                                "zelfredzaamheid, het verbeteren van de veerkracht en het verbeteren van het "
                                "functioneren van de cliënt.\n"
                                "- Het terugvalpreventieplan vormt de basis van een behandeling.\n"
                                "- In het geval dat de behandeling specifiek gericht is op het stabiel houden van "
                                "de cliënt wordt dit in het behandelplan onderbouwd.\n"
                                "- De GBGGZ-aanbieder ondersteunt de cliënt in de overgang van de SGGZ naar de "
                                "GBGGZ.\n"
                                "- De GBGGZ-aanbieder draagt zorg voor een crisiskaart en signaleringsplan voor de "
                                "cliënt.\n"
                                "- De GBGGZ-aanbieder heeft zicht op en houdt contact met het professionele "
                                "netwerk rondom de cliënt (waaronder de huisarts (POH-GGZ), de wijkteams, de Wmo "
                                "en de SGGZ-aanbieder) en zorgt voor een warme overdracht.\n"
                                "- De GBGGZ-aanbieder heeft zicht op en houdt contact met naasten van de cliënt en "
                                "brengt hierbij afspraken en contacten in kaart.\n"
                                "- De GBGGZ-aanbieder heeft duidelijke afspraken over (tijdelijke) op- en "
                                "afschaling en hanteert duidelijke uitstroomcriteria (wanneer stopt de behandeling "
                                "in de GBGGZ)."
                            ),
                        },
                        {
                            "code": "norm-4-criterium-1",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder overlegt een procesbeschrijving, een (format) behandelplan of "
                                "soortgelijke documentatie waaruit duidelijk blijkt dat en hoe de volgende "
                                "elementen zijn (of per cliënt worden) vastgelegd:\n"
                                "- dat de behandeling van mensen met chronische problematiek is gericht op "
                                "verbetering (bijvoorbeeld: gehanteerde methoden en richtlijnen)\n"
                                "- dat indien stabilisatie het doel van de behandeling is, dit wordt onderbouwd in "
                                "het behandelplan\n"
                                "- hoe wordt samengewerkt in het professionele netwerk rondom de cliënt\n"
                                "- op welke wijze afspraken en contacten met naasten in kaart worden gebracht\n"
                                "- dat er aandacht is voor (het actueel houden van) de crisiskaart voor de cliënt "
                                "en het signaleringsplan over de cliënt\n"
                                "- welke afspraken er zijn over (tijdelijke) op- en afschaling en wat de "
                                "uitstroomcriteria zijn"
                            ),
                        },
                    ],
                },
            ],
        },
        {
            "code": "samenwerken",
            "naam": "Samenwerken",
            "bron": "003_5f723a72d1323a75.txt, §4 Keurmerknormen en kwalificatiecriteria 2018, Thema Samenwerken",
            "omschrijving": (
                "Voor begeleiding en behandeling waarbij de cliënt centraal staat, is samenwerking tussen de "
                "GBGGZ-aanbieder en andere zorgaanbieders in de GGZ-keten een belangrijke voorwaarde. Bij een "
                "cliënt waarbij het netwerk een positieve rol kan spelen in de behandeling, is er aandacht voor de "
                "organisatie van ditzelfde netwerk nodig. Voor een goede samenwerking is transparantie en "
                "duidelijkheid over de werkwijze van en samenwerking tussen alle betrokkenen van belang. Alleen "
                "bij inzicht in de werkwijze van de betrokkenen uit dit netwerk (zowel de professionals als de "
                "naasten van een cliënt) kan de zorg drempelloos en toegankelijk worden. Gedegen samenwerking "
                "draagt bij aan eenduidigheid van informatie en continuïteit van het behandeltraject en, daarmee, "
                "aan de kwaliteit van zorg aan de cliënt. Kwaliteit van zorg betekent ook dat de cliënt direct de "
                "juiste zorg op de juiste plek krijgt (matched care)."
            ),
            "items": [
                {
                    "code": "norm-5",
                    "soort": "norm",
                    "tekst": (
                        "De GBGGZ-aanbieder is transparant, bereikbaar en beschikbaar voor de cliënt en vermeldt "
                        "op de eigen website (minimaal) een aantal specifieke elementen"
                    ),
                    "bron": "003_5f723a72d1323a75.txt, §4 Keurmerknormen en kwalificatiecriteria 2018, Norm 5 (p. 12)",
                    "toelichting": (
                        "Om de positie van de cliënt te versterken is transparantie over de kwaliteit van zorg "
                        "belangrijk. Cliëntervaringen geven een indicatie van de kwaliteit van zorg en of deze "
                        "(nog) beter kan. Transparantie over de werkwijze en over de behandeluitkomsten is ook "
                        "onmisbaar voor samenwerking tussen (keten-)partners binnen de GGZ en andere spelers in "
                        "het netwerk van de cliënt (buiten de GGZ). Goed doorverwijzen kan alleen als bekend is "
                        "wie op dat moment de beste zorg kan leveren. Voor cliënten is dit inzicht van belang bij "
                        "het kiezen van een behandelaar en voor het scheppen van een realistische verwachting over "
                        "de behandeling. Om de samenwerking aan te gaan in het netwerk van de cliënt is het van "
                        "belang dat er dezelfde taal wordt gesproken binnen de verschillende disciplines"
                    ),
                    "onderdelen": [
                        {
                            "code": "norm-5-geborgd",
                            "soort": "geborgd",
                            "tekst": (
                                "De GBGGZ-aanbieder biedt online, vrij toegankelijke informatie over:\n"
                                "- De wachttijd en bij welke wachttijd er wordt verwezen naar een andere "
                                "GBGGZ-aanbieder\n"
                                "- De opbouw van een behandeltraject\n"
                                "- De toegepaste (blended) behandelwijze en of die worden vergoed door "
                                "zorgverzekeraars\n"
                                "- Hoe samenwerking eruit ziet met partners lokaal en/of in de regio (zoals de "
                                "huisarts, wijkteams en de Gespecialiseerde GGZ) en welke informatie dan wordt "
                                "uitgewisseld\n"
                                "- Hoe behandeleffecten en cliëntervaringen worden gemeten tijdens en na de "
                                "behandeling\n"
                                "- Actuele cliëntervaringen\n"
                                "- Hoe beschikbaarheid en bereikbaarheid van zorg voor de cliënt is georganiseerd"
                            ),
                        },
                        {
                            "code": "norm-5-criterium-1",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder verwijst naar de eigen website waarop minimaal onderstaande "
                                "punten rechtstreeks toegankelijk en op overzichtelijke wijze staan vermeld:\n"
                                "- binnen welke termijn na aanmelding de behandeling wordt gestart (wachttijd)\n"
                                "- bij welke wachttijd er verwezen wordt naar een andere GBGGZ-aanbieder voor het "
                                "aannemen van nieuwe cliënten\n"
                                "- hoe een behandeltraject is opgebouwd\n"
                                "- welke werkwijze wordt gevolgd en welke (evidence-based) interventies worden "
                                "toegepast\n"
                                "- welk van deze interventies worden vergoed door zorgverzekeraars\n"
                                "- welke eHealth toepassingen worden aangeboden\n"
                                "- hoe samenwerking eruit ziet met partners lokaal en/of in de regio (zoals de "
                                "huisarts, wijkteams en de Gespecialiseerde GGZ)\n"
                                "- welke informatie wordt uitgewisseld met de verwijzer\n"
                                "- hoe behandeleffecten en cliëntervaringen worden gemeten tijdens en na de "
                                "behandeling\n"
                                "- wat actuele cliëntervaringen zijn – deze worden minimaal jaarlijks "
                                "geactualiseerd en zijn maximaal een jaar oud\n"
                                "- hoe beschikbaarheid en bereikbaarheid van zorg voor de cliënt is georganiseerd."
                            ),
                            "toelichting": (
                                "Wanneer de betreffende informatie middels een download beschikbaar wordt gemaakt, "
                                "blijkt duidelijk uit de tekst op de website dat de download informatie over het "
                                "betreffende onderwerp omvat."
                            ),
                        },
                    ],
                },
                {
                    "code": "norm-6",
                    "soort": "norm",
                    "tekst": (
                        "De GBGGZ-aanbieder brengt het netwerk van de cliënt in kaart en licht toe wanneer en hoe "
                        "dit netwerk in de behandeling wordt betrokken"
                    ),
                    "bron": "003_5f723a72d1323a75.txt, §4 Keurmerknormen en kwalificatiecriteria 2018, Norm 6 (p. 13)",
                    "toelichting": (
                        "Iedere cliënt heeft een eigen netwerk. Het netwerk van een cliënt is breder dan alleen de "
                        "GGZ. Door een cliënt te informeren en te ondersteunen om zelf een netwerk te creëren "
                        "krijgt de cliënt zelf invloed over zijn welzijn. Het netwerk omvat ook het persoonlijke "
                        "vangnet, waaronder de familie en vrienden van de cliënt. GBGGZ-aanbieders die het gesprek "
                        "aangaan over domeingrenzen heen, tonen aan stappen te zetten die bijdragen aan het "
                        "verhogen van de kwaliteit van zorg; in het belang van de cliënt en de maatschappij."
                    ),
                    "onderdelen": [
                        {
                            "code": "norm-6-geborgd",
                            "soort": "geborgd",
                            "tekst": (
                                "- De GBGGZ-aanbieder brengt het netwerk van de cliënt in kaart en overweegt of en "
                                "hoe het netwerk van de cliënt in de behandeling wordt betrokken. Zo nodig wordt "
                                "de cliënt ondersteund in het creëren van een bruikbaar netwerk."
                            ),
                        },
                        {
                            "code": "norm-6-criterium-1",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder licht toe dat en hoe het netwerk van de cliënt samen met of "
                                "door de cliënt in kaart wordt gebracht."
                            ),
                        },
                        {
                            "code": "norm-6-criterium-2",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder licht toe dat en hoe de cliënt wordt ondersteund in het "
                                "creëren van een bruikbaar netwerk als de cliënt geen netwerk heeft."
                            ),
                            "verband": "en",
                        },
                        {
                            "code": "norm-6-criterium-3",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder licht toe op basis van welke criteria wordt besloten dit "
                                "netwerk al dan niet in de behandelingen te betrekken. Daarbij voegt hij een "
                                "beschrijving waaruit blijkt hoe dit netwerk vervolgens wordt betrokken in die "
                                "gevallen waarin dit van toepassing is."
                            ),
                            "verband": "en",
                        },
                    ],
                },
            ],
        },
        {
            "code": "innoveren-en-continu-verbeteren",
            "naam": "Innoveren en continu verbeteren",
            "bron": (
                "003_5f723a72d1323a75.txt, §4 Keurmerknormen en kwalificatiecriteria 2018, Thema Innoveren en "
                "continu verbeteren"
            ),
            "omschrijving": (
                "Cliënten hebben er baat bij dat zorgaanbieders zich blijven inspannen om de zorg te innoveren en "
                "te verbeteren. De inzet van eHealth is een innovatie van het reguliere zorgproces. Daarnaast "
                "hebben zorgaanbieders een systematische evaluatie- en verbetercyclus ingericht om continu te "
                "verbeteren. Informatie wordt doorlopend verzameld omtrent het zorgproces en de behandeleffecten. "
                "Uitkomsten worden geëvalueerd en de bevindingen worden vertaald naar een verbetering of in een "
                "actieplan dat de basis vormt om verbeteringen door te voeren op organisatieniveau en op het "
                "niveau van de individuele behandelrelatie. Hier start de nieuwe verbetercyclus. Waar beschikbare "
                "inzichten, kennis en ervaringen worden gebundeld en gedeeld, komt dit de hele GBGGZ ten goede."
            ),
            "items": [
                {
                    "code": "norm-7",
                    "soort": "norm",
                    "tekst": (
                        "De GBGGZ-aanbieder laat zien in de regel blended te behandelen, geeft inzicht in het "
                        "percentage behandelingen dat blended is uitgevoerd en omschrijft een positieve ervaring "
                        "met blended behandelen"
                    ),
                    "bron": "003_5f723a72d1323a75.txt, §4 Keurmerknormen en kwalificatiecriteria 2018, Norm 7 (p. 14)",
                    "toelichting": (
                        "Blended behandelen, waarbij eHealth wordt afgewisseld met face-to-face contact, heeft "
                        "groot potentieel als het gaat om het vergroten van de eigen regie en zelfredzaamheid van "
                        "de cliënt enerzijds en doelmatigheid van zorg anderzijds. Cliënten hebben altijd toegang "
                        "tot ondersteuning tijdens een behandeltraject, ook tussen de contacten met de behandelaar "
                        "door. De vooruitstrevende GBGGZ-aanbieder behandelt blended en bevordert actief de "
                        "implementatie door de inzet van eHealth toepassingen bij elke behandeling te overwegen."
                    ),
                    "onderdelen": [
                        {
                            "code": "norm-7-geborgd",
                            "soort": "geborgd",
                            "tekst": (
                                "- De GBGGZ-aanbieder heeft een positieve houding ten opzichte van het gebruik van "
                                "eHealth.\n"
                                "- De GBGGZ-aanbieder past in de regel een blended behandelwijze toe."
                            ),
                        },
                        {
                            "code": "norm-7-criterium-1",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder toont het percentage behandelingen dat blended is uitgevoerd "
                                "in de afgelopen 3 maanden."
                            ),
                        },
                        {
                            "code": "norm-7-criterium-2",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder licht toe dat en hoe het regulier toepassen van eHealth in "
                                "behandelingen (blended care) is geborgd."
                            ),
                            "verband": "en",
                        },
                        {
                            "code": "norm-7-criterium-3",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder beschrijft minimaal één voorbeeld van een positieve ervaring "
                                "met/na een blended behandeling in het afgelopen jaar."
                            ),
                            "verband": "en",
                        },
                    ],
                },
                {
                    "code": "norm-8",
                    "soort": "norm",
                    "tekst": (
                        "De GBGGZ-aanbieder toont aan structureel bezig te zijn met het verbeteren van de eigen "
                        "dienstverlening door cliëntervaringen en behandeleffecten te monitoren en op basis "
                        "hiervan verbeteracties uit te voeren"
                    ),
                    "bron": "003_5f723a72d1323a75.txt, §4 Keurmerknormen en kwalificatiecriteria 2018, Norm 8 (p. 15)",
                    "toelichting": (
                        "Herkenbare en betrouwbare gegevens en herhaling van het meten van behandeleffecten en "
                        "cliëntervaringen dragen bij aan de kwaliteit van zorg, mits deze ook worden gebruikt voor "
                        "de evaluatie en verbetering van de dienstverlening. Een innovatieve GBGGZ-aanbieder is "
                        "zelfkritisch en verzamelt continu inzichten uit cliëntervaringen, ROM-metingen, visitatie "
                        "trajecten en KiBG-spiegelrapportages. Op basis van deze inzichten worden verbeteringen "
                        "geformuleerd op het niveau van de individuele behandelrelatie en op organisatieniveau."
                    ),
                    "onderdelen": [
                        {
                            "code": "norm-8-geborgd",
                            "soort": "geborgd",
                            "tekst": (
                                "- De GBGGZ-aanbieder meet continu cliëntervaringen\n"
                                "- De GBGGZ-aanbieder stimuleert cliënten om de behandeling een waardering te "
                                "geven\n"
                                "- De GBGGZ-aanbieder voert (systematisch) de ROM voor-, tussen- en nametingen "
                                "uit\n"
                                "- De GBGGZ-aanbieder voert verbetering door op basis van cliëntervaringen en/of "
                                "waarderingen\n"
                                "- De GBGGZ-aanbieder gebruikt de KiBG-spiegelrapportage voor het initiëren van "
                                "verbeteringen of verbeterplannen (als er een spiegelrapportage beschikbaar is)\n"
                                "- De GBGGZ-aanbieder gebruikt de uitkomst van de ROM-metingen om zijn "
                                "behandeleffecten te verbeteren"
                            ),
                        },
                        {
                            "code": "norm-8-criterium-1",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder licht toe dat en hoe cliëntervaringen op structurele en "
                                "gestandaardiseerde wijze worden gemeten en geregistreerd."
                            ),
                        },
                        {
                            "code": "norm-8-criterium-2",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder licht toe hoe het structureel verbeteren op basis van "
                                "cliëntervaringen is geborgd binnen de organisatie en overlegt minimaal één "
                                "voorbeeld waarmee wordt aangetoond dat op basis van cliëntervaringen "
                                "verbeteringen worden doorgevoerd."
                            ),
                            "verband": "en",
                        },
                        {
                            "code": "norm-8-criterium-3",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder maakt aannemelijk dat in 2017 bij 60% of meer van de cliënten "
                                "de ROM voor-, en nameting is ingezet."
                            ),
                            "verband": "en",
                        },
                        {
                            "code": "norm-8-criterium-4",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder beschrijft minimaal één verbetering aan zijn dienstverlening "
                                "die gebaseerd is op inzichten uit de KiBG-spiegelrapportage of andere verzamelde "
                                "en verwerkte gegevens."
                            ),
                            "verband": "en",
                        },
                    ],
                },
                {
                    "code": "norm-9",
                    "soort": "norm",
                    "tekst": (
                        "De GBGGZ-aanbieder toont aan een actieve bijdrage te leveren aan het verder ontwikkelen "
                        "van de GBGGZ"
                    ),
                    "bron": "003_5f723a72d1323a75.txt, §4 Keurmerknormen en kwalificatiecriteria 2018, Norm 9 (p. 16)",
                    "toelichting": (
                        "Echt werken aan kwaliteit in de GBGGZ kan alleen wanneer data, kennis en ervaringen óók "
                        "worden gebundeld en gedeeld, om zo te kunnen worden benut voor verbeteringen die de "
                        "gehele GBGGZ ten goede komen. Betere mentale zorg (h)erkennen we samen. Van de "
                        "GBGGZ-aanbieder wordt verwacht dat hij zijn data en expertise inbrengt bij initiatieven "
                        "die gericht zijn op het verder ontwikkelen van de Generalistische Basis GGZ."
                    ),
                    "onderdelen": [
                        {
                            "code": "norm-9-geborgd",
                            "soort": "geborgd",
                            "tekst": "De GBGGZ-aanbieder draagt bij aan de ontwikkeling van de gehele GBGGZ",
                        },
                        {
                            "code": "norm-9-criterium-1",
                            "soort": "kwalificatiecriterium",
                            "tekst": (
                                "De GBGGZ-aanbieder licht toe dat en op welke wijze hij bijdraagt aan de "
                                "ontwikkeling van de gehele GBGGZ. Voorbeelden: het geven van scholing, het "
                                "uitvoeren van wetenschappelijk onderzoek, de betrokkenheid bij de ontwikkeling "
                                "van standaarden en richtlijnen en dergelijken."
                            ),
                        },
                    ],
                },
            ],
        },
    ],
}

# 001_2c75c1583f42501a.txt, hoofdstuk 1: what a zorgstandaard, richtlijn and generieke
# module are (§1.1) and the six general implementation themes (§1.4-1.5). Behandelaanbod and Financiering
# open straight with "Landelijke afspraken", so they have no toelichting of their own.
GGZ_KWALITEITSSTANDAARDEN_2019 = {
    "code": "ggz-kwaliteitsstandaarden",
    "jaar": 2019,
    "naam": "Implementatieplan kwaliteitsstandaarden GGZ",
    "sector": "ggz",
    "rol": "ondersteunend",
    "volgorde": 2,
    "bron": "001_2c75c1583f42501a.txt, hoofdstuk 1 Algemeen deel implementatieplan",
    "omschrijving": (
        "Concreet betekent dit dat de partijen uit de brede ggz zich inzetten om alle kwaliteitsstandaarden voor "
        "de ggz op 31 december 2022 volledig geïmplementeerd te hebben."
    ),
    "themas": [
        {
            "code": "kwaliteitsstandaarden",
            "naam": "Kwaliteitsstandaarden",
            "bron": "001_2c75c1583f42501a.txt, §1.1",
            "omschrijving": (
                "Volgens de definitie van Zorginstituut Nederland beschrijft een kwaliteitsstandaard in algemene "
                "termen wat goede zorg is vanuit het perspectief van de patiënt. Zowel richtlijnen, "
                "zorgstandaarden als generieke modules vallen onder de verzamelnaam ‘kwaliteitsstandaard’.\n"
                "Zorgstandaarden, richtlijnen en generieke modules vormen een eenheid. Hiermee kunnen de "
                "professional en de patiënt samen de behandeling vormgeven."
            ),
            "items": [
                {
                    "code": "zorgstandaard",
                    "soort": "standaard",
                    "tekst": (
                        "Een zorgstandaard biedt voor álle professionals, patiënten en hun naasten een kapstok "
                        "door te beschrijven hoe integrale zorg bij een bepaalde aandoening er uit ziet vanuit het "
                        "perspectief van de patiënt (beschrijving optimale zorg). Een zorgstandaard beschrijft "
                        "alle fases waar een patiënt mee te maken krijgt (of kan krijgen) voor een bepaalde "
                        "psychische aandoening. In een zorgstandaard komt niet alleen een groot aantal mogelijke "
                        "zorgproblemen aan de orde, maar wordt ook expliciet de organisatie van het zorgproces "
                        "beschreven."
                    ),
                },
                {
                    "code": "richtlijn",
                    "soort": "standaard",
                    "tekst": (
                        "Een richtlijn is een document met aanbevelingen voor de diagnostiek en behandeling van "
                        "patiënten met psychische aandoeningen, gebruikmakend van wetenschappelijk onderzoek "
                        "aangevuld met expertise en ervaringen van professionals, patiënten en naasten. Voor "
                        "specifieke situaties gebruiken professionals de richtlijnen die relevant zijn voor hun "
                        "specifieke beroepsgroep. Die gaan specifieker dan de zorgstandaard in op wat er op dát "
                        "moment aan zorg geleverd kan worden (beschrijving minimale zorg). Aan één zorgstandaard "
                        "kunnen dus meerdere richtlijnen ten grondslag liggen (bijvoorbeeld de NHG-richtlijnen van "
                        "huisartsen, een MDR opgesteld door psychiaters en psychologen, richtlijnen voor "
                        "verpleegkundigen, etc.)."
                    ),
                },
                {
                    "code": "generieke-module",
                    "soort": "standaard",
                    "tekst": (
                        "Een generieke module biedt, net als een zorgstandaard, professionals, patiënten en "
                        "naasten een kapstok door te beschrijven hoe integrale zorg er uit ziet vanuit het "
                        "perspectief van een patiënt. Het verschil tussen een zorgstandaard en een generieke "
                        "module is dat een zorgstandaard stoornis specifiek is en een generieke module juist "
                        "zorgcomponenten of zorgonderwerpen beschrijft die relevant zijn voor meerdere psychische "
                        "aandoeningen. De zorg die wordt beschreven in een generieke module kan, afhankelijk van "
                        "de aandoening, in één of meerdere fases van het zorgproces van toepassing zijn."
                    ),
                },
            ],
        },
        {
            "code": "implementatiethemas",
            "naam": "Algemene implementatiethema's",
            "bron": "001_2c75c1583f42501a.txt, §1.4 en §1.5",
            "omschrijving": (
                "Een aantal algemene thema’s speelt bij de implementatie van (vrijwel) alle standaarden een rol. "
                "Dit zijn thema’s waar in algemene zin aandacht voor moet zijn én aandacht voor moet blijven om de "
                "kwaliteit van de zorg steeds verder te verbeteren. Het gaat om de zes thema’s bewustwording en "
                "kennisdeling, samenwerking, capaciteit, behandelaanbod, financiering en ICT."
            ),
            "items": [
                {
                    "code": "bewustwording-en-kennisdeling",
                    "soort": "implementatiethema",
                    "tekst": "Bewustwording en kennisdeling",
                    "bron": (
                        "001_2c75c1583f42501a.txt, §1.5 Algemene implementatie thema's, Bewustwording en "
                        "kennisdeling"
                    ),
                    "toelichting": (
                        "Verandering begint bij bewustwording. Ook in de ggz. De zorgstandaarden en generieke "
                        "modules stellen, meer dan zorgverleners tot nu toe gewend waren van professionele "
                        "standaarden, expliciet het perspectief van patiënten centraal. Dat kan misschien wel tot "
                        "een ander gesprek in de behandelkamer leiden, waarin via gezamenlijke besluitvorming "
                        "mogelijk ook andere keuzes voor behandeling en begeleiding worden gemaakt. Kennisdeling "
                        "en bewustwording zijn de sleutelwoorden om deze verandering te realiseren."
                    ),
                },
                {
                    "code": "samenwerking",
                    "soort": "implementatiethema",
                    "tekst": "Samenwerking",
                    "bron": "001_2c75c1583f42501a.txt, §1.5 Algemene implementatie thema's, Samenwerking",
                    "toelichting": (
                        "Zorgverleners functioneren in professionele netwerken binnen de gezondheidszorg en het "
                        "sociale domein. Vaak zijn er meerdere professionals betrokken bij de behandeling en is "
                        "een duidelijke rolverdeling tussen die professionals (binnen en tussen organisaties) "
                        "nodig. Vanuit het oogpunt van de juiste zorg door de juiste professional op het juiste "
                        "moment maken professionals (in en buiten de ggz), aanbieders, financiers en andere "
                        "betrokkenen duidelijke samenwerkingsafspraken. Dat komt de continuïteit en kwaliteit van "
                        "de zorg ten goede. Goede en snelle informatie-uitwisseling (met respect voor "
                        "privacywetgeving) en toegankelijkheid van informatie zijn daarbij belangrijke "
                        "randvoorwaarden om de samenwerking goed te laten verlopen."
                    ),
                },
                {
                    "code": "capaciteit",
                    "soort": "implementatiethema",
                    "tekst": "Capaciteit",
                    "bron": "001_2c75c1583f42501a.txt, §1.5 Algemene implementatie thema's, Capaciteit",
                    "toelichting": (
                        "Voor een succesvolle uitvoering van de kwaliteitsstandaarden moeten er genoeg "
                        "professionals zijn, en professionals moeten genoeg tijd hebben. In de praktijk staan "
                        "beschikbare tijd en capaciteit van professionals onder druk. Soms is er een "
                        "personeelstekort, soms kunnen professionals niet optimaal worden ingezet. Het organiseren "
                        "en leveren van de zorg zoals beschreven in de kwaliteitsstandaarden kan leiden tot extra "
                        "druk op bepaalde beroepsgroepen."
                    ),
                },
                {
                    "code": "behandelaanbod",
                    "soort": "implementatiethema",
                    "tekst": "Behandelaanbod",
                    "bron": "001_2c75c1583f42501a.txt, §1.5 Algemene implementatie thema's, Behandelaanbod",
                },
                {
                    "code": "financiering",
                    "soort": "implementatiethema",
                    "tekst": "Financiering",
                    "bron": "001_2c75c1583f42501a.txt, §1.5 Algemene implementatie thema's, Financiering",
                },
                {
                    "code": "ict",
                    "soort": "implementatiethema",
                    "tekst": "ICT",
                    "bron": "001_2c75c1583f42501a.txt, §1.5 Algemene implementatie thema's, ICT",
                    "toelichting": (
                        "(Goede en snelle) informatie uitwisseling en toegankelijkheid van informatie, waarbij de "
                        "privacy van de patiënt optimaal wordt geborgd, zijn belangrijke randvoorwaarden voor "
                        "samenwerking tussen zorgprofessionals binnen hun professionele netwerk. De implementatie "
                        "van kwaliteitsstandaarden vraagt om verdere optimalisatie van gegevensuitwisseling via "
                        "ICT."
                    ),
                },
            ],
        },
    ],
}

# 004_b4e4223e37489fca.txt, hoofdstuk 3: the three niveaus. Niveau 1 has no onderwerpen and
# carries its Doel and Essentie itself; niveau 2 has four onderwerpen (§3.2.1-3.2.4) and no Doel of its own; niveau 3
# has a Doel (the box above §3.3.1 that §3.3 calls "bovenstaande doelstelling") and three onderwerpen
# (§3.3.1-3.3.3). The PDF extraction puts the Doel boxes out of place; each is assigned by its content.
GZ_NIVEAUS_2016 = {
    "code": "gz-niveaus",
    "jaar": 2016,
    "naam": "Kwaliteit en persoonsgerichte gehandicaptenzorg: drie niveaus",
    "sector": "gz",
    "rol": "leidend",
    "volgorde": 1,
    "bron": "004_b4e4223e37489fca.txt, hoofdstuk 3",
    "omschrijving": (
        "Zoals toegelicht in hoofdstuk 1 hebben zorgkantoren een drietal niveaus gedefinieerd die centraal staan "
        "in de zorginkoop voor de GZ voor 2016. In dit hoofdstuk lichten de zorgkantoren deze drie niveaus en de "
        "doelstellingen voor 2016 nader toe.\n"
        "Bovenstaande hebben de zorgkantoren vertaald in een drietal niveaus van kwaliteit die uitgangspunt vormen "
        "voor de dialoog in 2016."
    ),
    "themas": [
        {
            "code": "de-basis-versterken",
            "naam": "De basis versterken",
            "bron": "004_b4e4223e37489fca.txt, §3.1",
            "omschrijving": (
                "richt zich op het organisatieniveau; creëert de organisatie die randvoorwaarden, waardoor de "
                "zorgverleners op een zo hoog mogelijk niveau professionele zorg kunnen bieden?"
            ),
            "doel": (
                "de cliënt kan erop vertrouwen dat de zorg die geboden wordt voldoet aan de voorwaarden, van "
                "kwalitatief goed niveau is en voldoet aan de laatste inzichten in het veld."
            ),
            "essentie": (
                "zorgaanbieder rusten organisatie, teams en medewerkers zodanig toe dat de cliënten kwalitatief "
                "goede zorg krijgen, die voldoet aan de laatste richtlijnen en inzichten in het veld."
            ),
            "items": [],
        },
        {
            "code": "persoonsgerichte-zorg",
            "naam": "Persoonsgerichte zorg",
            "bron": "004_b4e4223e37489fca.txt, §3.2",
            "omschrijving": (
                "hierin komt naar voren hoe het beleid van de zorgaanbieder voor individuele cliënten tot zijn "
                "recht komt."
            ),
            "items": [
                {
                    "code": "passende-zorg",
                    "soort": "onderwerp",
                    "tekst": "Passende zorg",
                    "bron": "004_b4e4223e37489fca.txt, §3.2.1",
                    "doel": (
                        "de cliënt ontvangt te allen tijde passende zorg op een passende plek, waarbij de keuze "
                        "van de cliënt leidend is."
                    ),
                    "essentie": (
                        "zorgaanbieders nemen de vraag en wens van de cliënt als uitgangspunt voor plaatsing en "
                        "zetten deze af tegen de gevraagde deskundigheid en het professionele inzicht van de "
                        "zorgaanbieder, wat tot resultaat heeft dat cliënten (in één keer) op de meest passende "
                        "plek terechtkomen."
                    ),
                },
                {
                    "code": "client-wordt-gezien",
                    "soort": "onderwerp",
                    "tekst": "De cliënt wordt gezien door de professional",
                    "bron": "004_b4e4223e37489fca.txt, §3.2.2",
                    "doel": (
                        "cliënten ervaren dat de zorgprofessional oog voor hem/haar heeft evenals voor zijn/haar "
                        "eigenheid en voorkeuren."
                    ),
                    "essentie": (
                        "zorgaanbieders reflecteren actief op de relatie cliënt - professional ten behoeve van een "
                        "persoonsgerichte bejegening en hebben inzicht in de mate waarin het ondersteuningsplan "
                        "afgestemd is op de individuele mogelijkheden en ontwikkeldoelen van de cliënt."
                    ),
                },
                {
                    "code": "eigen-regie",
                    "soort": "onderwerp",
                    "tekst": "Versterken eigen regie cliënt/cliëntvertegenwoordiger",
                    "bron": "004_b4e4223e37489fca.txt, §3.2.3",
                    "doel": (
                        "de cliënt ervaart eigen regie. De mantelzorger en/of vrijwilliger zijn geactiveerd en "
                        "geïnformeerd, waardoor ook zij de eigen regie van de cliënt kan ondersteunen."
                    ),
                    "essentie": (
                        "zorgaanbieders versterken met verwanten, belangenbehartigers en vrijwilligers de eigen "
                        "regie van de cliënt."
                    ),
                },
                {
                    "code": "ervaren-kwaliteit-van-bestaan",
                    "soort": "onderwerp",
                    "tekst": "Ervaren kwaliteit van bestaan",
                    "bron": "004_b4e4223e37489fca.txt, §3.2.4",
                    "doel": (
                        "de door de cliënt ervaren kwaliteit van bestaan wordt gemeten en de uitkomsten leiden tot "
                        "verbetering van de ondersteuning aan de individuele cliënt en inhoudelijke "
                        "kwaliteitsverbetering van de zorg en ondersteuning door de instelling."
                    ),
                    "essentie": (
                        "zorgaanbieders gebruiken de uitkomsten van individuele metingen op kwaliteit van bestaan "
                        "als leidraad, om verbeteringen door te voeren voor individuele cliënten. Inzichten op "
                        "geaggregeerd niveau leiden in samenspraak met de cliëntenraad tot afspraken voor "
                        "verbetering."
                    ),
                },
            ],
        },
        {
            "code": "samenhang-in-zorg",
            "naam": "Samenhang in zorg",
            "bron": "004_b4e4223e37489fca.txt, §3.3",
            "omschrijving": (
                "richt zich op hoe de zorgaanbieder samenwerkt met anderen ten behoeve van een beter aanbod voor "
                "de cliënt."
            ),
            "doel": (
                "cliënten ervaren een betere kwaliteit van bestaan, omdat de zorgaanbieder in samenwerking met "
                "anderen werkt aan een beter aanbod voor de individuele cliënt en voor bijzondere doelgroepen."
            ),
            "items": [
                {
                    "code": "expertise",
                    "soort": "onderwerp",
                    "tekst": "Samenwerking ten behoeve van expertise",
                    "bron": "004_b4e4223e37489fca.txt, §3.3.1",
                    "doel": (
                        "cliënten ervaren professionele zorg omdat de zorgaanbieder in samenwerking met anderen "
                        "werkt aan expertiseontwikkeling en een beter (specialistisch) aanbod voor bijzondere "
                        "doelgroepen."
                    ),
                    "essentie": (
                        "zorgaanbieders werken vanuit het professionele inzicht in eigen handelen samen met "
                        "anderen om de expertise en de kwaliteit van het aanbod voor bijzondere cliëntengroepen te "
                        "versterken, zowel bij de eigen instelling, als die van de ander."
                    ),
                },
                {
                    "code": "keuzemogelijkheden",
                    "soort": "onderwerp",
                    "tekst": "Samenwerking ten behoeve van keuzemogelijkheden",
                    "bron": "004_b4e4223e37489fca.txt, §3.3.2",
                    "doel": (
                        "de cliënt ervaart meer keuzemogelijkheden omdat de zorgaanbieder hiertoe de samenwerking "
                        "opzoekt met anderen."
                    ),
                    "essentie": (
                        "zorgaanbieders zoeken de samenwerking met partijen binnen en buiten het zorgveld ten "
                        "behoeve van keuzemogelijkheden voor cliënten."
                    ),
                },
                {
                    "code": "over-de-domeinen",
                    "soort": "onderwerp",
                    "tekst": "Samenwerking over de domeinen",
                    "bron": "004_b4e4223e37489fca.txt, §3.3.3",
                    "doel": "cliënten ervaren geen schotten tussen de domeinen",
                    "essentie": (
                        "zorgaanbieders zetten zich in, om cliënten zo min mogelijk last te laten ervaren van de "
                        "schotten tussen de verschillende domeinen. Zorgkantoren zijn bereid om samen met "
                        "zorgaanbieders naar oplossingen zoeken."
                    ),
                },
            ],
        },
    ],
}

# 002_62c6b4144361ce88.txt, §3.2.1: the yearly kwaliteitsplan, ready by 31 December, with a
# verbeterparagraaf per locatie of four elements, discussed with the zorgkantoor.
VV_KWALITEITSPLAN_2022 = {
    "code": "vv-kwaliteitsplan",
    "jaar": 2022,
    "naam": "Kwaliteitsplan V&V met verbeterparagraaf per locatie",
    "sector": "vv",
    "rol": "leidend",
    "volgorde": 1,
    "bron": "002_62c6b4144361ce88.txt, §3.2.1 Kwaliteitsbudget: extra middelen verpleeghuiszorg",
    "omschrijving": (
        "De afgelopen jaren zijn door zorgkantoren met zorgaanbieders afspraken gemaakt over de realisatie van het "
        "kwaliteitskader verpleeghuiszorg."
    ),
    "themas": [
        {
            "code": "kwaliteitsplan",
            "naam": "Kwaliteitsplan met verbeterparagraaf per locatie",
            "bron": "002_62c6b4144361ce88.txt, §3.2.1",
            "omschrijving": "Zorgaanbieders stellen het kwaliteitsplan op inclusief een verbeterparagraaf per locatie",
            "items": [
                {
                    "code": "jaarlijks-kwaliteitsplan",
                    "soort": "onderdeel",
                    "tekst": (
                        "Zorgaanbieders maken jaarlijks een kwaliteitsplan. Daarin beschrijven zij onder meer de "
                        "verbeteringen die zij per locatie willen realiseren."
                    ),
                },
                {
                    "code": "uiterlijk-31-december",
                    "soort": "onderdeel",
                    "tekst": "Dit kwaliteitsplan wordt uiterlijk 31 december voor het komende jaar opgesteld.",
                },
                {
                    "code": "verbeterparagraaf",
                    "soort": "onderdeel",
                    "tekst": (
                        "Zorgaanbieders bepalen op basis van hun eigen kwaliteitsplan welke verbeteringen ze "
                        "willen realiseren. In de verbeterparagraaf staat op locatieniveau een toelichting. De "
                        "zorgaanbieder beschrijft in deze toelichting:"
                    ),
                    "onderdelen": [
                        {
                            "code": "wat",
                            "soort": "onderdeel",
                            "tekst": "Wat de zorgaanbieder gaat doen",
                        },
                        {
                            "code": "resultaat",
                            "soort": "onderdeel",
                            "tekst": "Wat het resultaat is/wat de zorgaanbieder wil bereiken",
                        },
                        {
                            "code": "wat-nodig-is",
                            "soort": "onderdeel",
                            "tekst": "Wat hiervoor nodig is",
                        },
                        {
                            "code": "monitoring",
                            "soort": "onderdeel",
                            "tekst": "Op welke wijze interne monitoring van het te bereiken resultaat plaatsvindt",
                        },
                    ],
                },
                {
                    "code": "gesprek-en-verbeterafspraken",
                    "soort": "onderdeel",
                    "tekst": (
                        "Het zorgkantoor gaat hierover met zorgaanbieders in gesprek. Met zorgaanbieders die "
                        "onvoldoende stappen zetten in het verbeteren en/of behouden van kwaliteit maken de "
                        "zorgkantoren gerichte verbeterafspraken."
                    ),
                },
                {
                    "code": "invulling-zorg",
                    "soort": "onderdeel",
                    "tekst": (
                        "In het kwaliteitsplan en -verslag geven zorgaanbieders aan op welke wijze zij de zorg "
                        "voor klanten invullen."
                    ),
                },
            ],
        },
    ],
}


CATALOGUS = (
    GGZ_WLZ_2021,
    KEURMERK_BASIS_GGZ_2018,
    GGZ_KWALITEITSSTANDAARDEN_2019,
    GZ_NIVEAUS_2016,
    VV_KWALITEITSPLAN_2022,
)

_KADER_VELDEN = ("naam", "sector", "rol", "volgorde", "bron", "omschrijving")
_THEMA_VELDEN = ("naam", "bron", "omschrijving", "doel", "essentie")
_ITEM_VELDEN = ("soort", "tekst", "toelichting", "doel", "essentie", "verband")


def laad_catalogus(Kader, Thema, Item) -> None:
    """Create or update every kader, thema and item by its codes; running it again changes nothing.

    Takes the model classes so a data migration can pass its historical models. It never deletes a row
    (other apps may refer to items) and leaves ``actief`` as a beheerder set it.
    """
    with transaction.atomic():
        for kader_data in CATALOGUS:
            kader, _nieuw = Kader.objects.update_or_create(
                code=kader_data["code"], jaar=kader_data["jaar"],
                defaults={veld: kader_data.get(veld, "") for veld in _KADER_VELDEN})
            for volgorde, thema_data in enumerate(kader_data["themas"], start=1):
                thema, _nieuw = Thema.objects.update_or_create(
                    kader=kader, code=thema_data["code"],
                    defaults={"volgorde": volgorde, **{veld: thema_data.get(veld, "") for veld in _THEMA_VELDEN}})
                _laad_items(Item, thema, thema_data.get("items", ()), bovenliggend=None, bron=thema_data["bron"],
                            volgorde=0)


def _laad_items(Item, thema, items, *, bovenliggend, bron, volgorde) -> int:
    """Load items depth-first, numbering them in reading order; returns the last volgorde used."""
    for data in items:
        volgorde += 1
        item_bron = data.get("bron", bron)
        item, _nieuw = Item.objects.update_or_create(
            thema=thema, code=data["code"],
            defaults={"bovenliggend": bovenliggend, "volgorde": volgorde, "bron": item_bron,
                      **{veld: data.get(veld, "") for veld in _ITEM_VELDEN}})
        volgorde = _laad_items(Item, thema, data.get("onderdelen", ()), bovenliggend=item, bron=item_bron,
                               volgorde=volgorde)
    return volgorde
