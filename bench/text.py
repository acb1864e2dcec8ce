"""Norwegian text for the synthetic benchmark corpus.

A benchmark of a documentation site is only as good as its text: Python-Markdown's cost
grows with paragraphs and inline markup, Material's search index with words and the
size of the vocabulary. So the corpus is not lorem ipsum but bokmål about leadership
groups: a bank of hand-written sentences, mixed with sentences built from templates and
word lists. Compound nouns (``møte`` + ``plan`` → ``møteplan``) give a vocabulary of
some thousands of word forms, as real Norwegian text has.

Nothing here is published; it only feeds ``bench/corpus.py``.
"""

from __future__ import annotations

import random

# Hand-written sentences on the programme's subject: meetings, goals, trust, feedback.
BANK = [
    "En ledergruppe er mer enn summen av lederne som sitter rundt bordet.",
    "Mange ledere bruker mer tid i møter enn de selv synes er rimelig.",
    "Det som tar tid i møtet, er sjelden det som er viktigst for tjenestene.",
    "Gruppen bør vite hvilke saker som bare kan løses når alle er samlet.",
    "Når målet er uklart, fyller orienteringssakene opp agendaen.",
    "En god agenda sier hva gruppen skal gjøre med hver sak, ikke bare hva saken heter.",
    "Skill mellom saker til orientering, saker til drøfting og saker til beslutning.",
    "Det hjelper å skrive ned hva som faktisk ble bestemt før møtet avsluttes.",
    "Mange grupper avslutter møtet uten at noen vet hvem som følger opp.",
    "Psykologisk trygghet handler om å kunne si ifra uten å bli straffet for det.",
    "Tillit bygges når lederne gjør det de har sagt at de skal gjøre.",
    "Uenighet om saken er nyttig så lenge den ikke blir personlig.",
    "En leder som spør først og mener etterpå, får flere synspunkter på bordet.",
    "Det er lett å bli enige for raskt når ingen vil være den som stiller spørsmål.",
    "Refleksjon krever at gruppen setter av tid, ellers blir den skjøvet ut av driften.",
    "Ti minutter på slutten av møtet er ofte nok til å lære noe om hvordan det gikk.",
    "Ledergruppen er et lag, og hvert medlem har ansvar for at laget fungerer.",
    "Medlemmene er både ledere for egen enhet og medlemmer av et felles lag.",
    "Når rollene er uklare, går mye energi med til å avklare hvem som gjør hva.",
    "Tilbakemelding virker best når den er konkret, tidlig og gitt med respekt.",
    "Det er lettere å ta imot kritikk fra noen som også sier hva som fungerer.",
    "Lederen av ledergruppen setter retning og legger til rette for samarbeid.",
    "En gruppe som aldri er uenig, har ofte sluttet å snakke om det som betyr noe.",
    "Tillitsreformen gir rom for faglig skjønn og mindre detaljstyring.",
    "Færre og tydeligere mål gjør det enklere å prioritere i hverdagen.",
    "Når rapporteringen tar over, blir det mindre tid til dialog om resultatene.",
    "Medarbeiderne og tillitsvalgte er viktige samarbeidspartnere i endringsarbeidet.",
    "Det tar tid å endre vaner i en gruppe som har jobbet sammen i mange år.",
    "Et nytt medlem ser ofte det de andre har sluttet å legge merke til.",
    "Lederen kan ikke delegere ansvaret for hvordan gruppen arbeider sammen.",
    "Gruppen kan spørre seg selv hva den bør slutte med, fortsette med og begynne med.",
    "Beslutninger som er godt forankret, blir lettere å følge opp i linjen.",
    "Det er bedre med tre saker som blir ferdig behandlet enn ti som blir utsatt.",
    "En beslutningslogg gjør det enkelt å se hva gruppen har bestemt og hvorfor.",
    "Hvis alle sitter med PC-en oppe, er det få som lytter til den som snakker.",
    "Et møte uten skjermer gir ofte bedre samtaler og kortere møtetid.",
    "Spilleregler fungerer bare når gruppen har laget dem sammen og følger dem opp.",
    "Det er lurt å evaluere spillereglene etter noen måneder.",
    "Forskningen viser at effektive ledergrupper lykkes med både resultater og samarbeid.",
    "Effektivitet handler om oppgaveløsning, evnen til å arbeide sammen over tid og læring.",
    "Innsatsfaktorene er oppgaven, sammensetningen og konteksten gruppen arbeider i.",
    "Prosessene i gruppen avgjør hvordan innsatsfaktorene blir til resultater.",
    "Målklarhet, fokusert innsats og gode arbeidsformer henger tett sammen.",
    "Mangfoldet i gruppen er en ressurs bare når det blir brukt i arbeidet.",
    "Gruppen bør snakke om hvordan den arbeider, ikke bare om hva den arbeider med.",
    "En rådgiver fra UKE kan hjelpe gruppen med å se mønstre den selv ikke ser.",
    "Undersøkelsen av gruppen gir et felles utgangspunkt for samtalen.",
    "Resultatene fra undersøkelsen er et grunnlag for samtale, ikke en karakter.",
    "Det viktigste er hva gruppen gjør med resultatene etterpå.",
    "Små endringer som holder over tid, betyr mer enn store planer som glemmes.",
    "Et kort innsjekk i starten av møtet gjør det lettere å være til stede.",
    "Utsjekken gir lederen et raskt bilde av hvordan møtet ble opplevd.",
    "Et pre-mortem får fram risikoer som ingen ellers ville ha sagt høyt.",
    "Djevelens advokat er en rolle, ikke en person, og den bør gå på omgang.",
    "Når saken er krevende, kan gruppen dele seg i par før den diskuterer i plenum.",
    "Stille skriving før diskusjonen gir plass til dem som ikke snakker først.",
    "Det hjelper å avslutte hver sak med en kort oppsummering av hva som er avtalt.",
    "En god halvårsplan har få mål og tydelige ansvarlige.",
    "Gruppen bør jevnlig spørre seg om agendaen speiler det som er viktigst.",
    "Møtetidsregnskapet viser hvor mye av tiden som går til hver type sak.",
    "Et helikopterblikk på egen enhet gjør det lettere å se helheten.",
    "Styrkekartet viser hva hver enkelt bidrar med i gruppen.",
    "Når alle vet hvem som bestemmer hva, blir det færre omkamper.",
    "Det er ikke alltid lederen som bør lede øvelsen.",
    "Enkle øvelser som gjentas, gir ofte mer enn store samlinger.",
    "I en digital variant kan chatten brukes til stille refleksjon.",
    "Grupperom i Teams gjør det mulig å snakke i par også på nett.",
    "Et felles dokument gjør det enkelt å samle innspillene underveis.",
    "Tiden bør holdes, ellers blir den siste delen av øvelsen skåret bort.",
    "Det er lov å avbryte en diskusjon som har gått i ring.",
    "Gruppen bør bli enige om hva som skal deles utenfor møtet.",
    "En tydelig konklusjon gjør det lettere å kommunisere videre til egen enhet.",
    "Det er forskjell på å bli hørt og å få det som man vil.",
    "Gode spørsmål åpner samtalen mer enn gode svar gjør.",
    "Lederen bør tåle å høre at møtene ikke fungerer.",
    "Når gruppen lærer av feil, blir det tryggere å prøve noe nytt.",
    "Det er lurt å starte med en sak som alle er opptatt av.",
    "Gruppen kan bruke en skala fra én til fem for å vurdere møtet.",
    "Ikke alle saker trenger hele ledergruppen.",
    "En tydelig bestilling gjør saksforberedelsen enklere.",
]

SUBJECTS = [
    "ledergruppen", "lederen", "gruppen", "medlemmene", "direktøren", "hver enkelt",
    "vi", "dere", "rådgiveren", "enhetslederne", "kommunaldirektøren", "bydelsdirektøren",
    "etatsdirektøren", "laget", "de nye medlemmene", "møteleder", "referenten",
]

# (present, infinitive)
VERBS = [
    ("drøfter", "drøfte"), ("avklarer", "avklare"), ("prioriterer", "prioritere"),
    ("følger opp", "følge opp"), ("beskriver", "beskrive"), ("vurderer", "vurdere"),
    ("deler", "dele"), ("diskuterer", "diskutere"), ("planlegger", "planlegge"),
    ("tar opp", "ta opp"), ("oppsummerer", "oppsummere"), ("forbereder", "forberede"),
    ("evaluerer", "evaluere"), ("undersøker", "undersøke"), ("skriver ned", "skrive ned"),
    ("bestemmer", "bestemme"), ("forankrer", "forankre"), ("justerer", "justere"),
    ("utforsker", "utforske"), ("lærer av", "lære av"), ("forenkler", "forenkle"),
    ("tydeliggjør", "tydeliggjøre"), ("kartlegger", "kartlegge"), ("revurderer", "revurdere"),
    ("formulerer", "formulere"), ("begrunner", "begrunne"), ("utfordrer", "utfordre"),
]

# Adjectives: (with en-words, with et-words, plural and definite)
ADJECTIVES = [
    ("tydelig", "tydelig", "tydelige"), ("klar", "klart", "klare"), ("god", "godt", "gode"),
    ("felles", "felles", "felles"), ("viktig", "viktig", "viktige"), ("ny", "nytt", "nye"),
    ("konkret", "konkret", "konkrete"), ("åpen", "åpent", "åpne"), ("kort", "kort", "korte"),
    ("realistisk", "realistisk", "realistiske"), ("krevende", "krevende", "krevende"),
    ("ærlig", "ærlig", "ærlige"), ("langsiktig", "langsiktig", "langsiktige"),
    ("praktisk", "praktisk", "praktiske"), ("enkel", "enkelt", "enkle"),
    ("grundig", "grundig", "grundige"), ("helhetlig", "helhetlig", "helhetlige"),
    ("nøktern", "nøkternt", "nøkterne"), ("ambisiøs", "ambisiøst", "ambisiøse"),
    ("samlet", "samlet", "samlede"), ("strategisk", "strategisk", "strategiske"),
]

# First parts of compounds.
PREFIXES = [
    "møte", "leder", "mål", "beslutnings", "tilbakemeldings", "arbeids", "samarbeids",
    "budsjett", "tjeneste", "plan", "tids", "prosess", "oppfølgings", "lærings", "risiko",
    "ressurs", "kvalitets", "endrings", "utviklings", "styrings", "rapporterings",
    "innbygger", "personal", "kompetanse", "fag", "strategi", "prioriterings", "saks",
    "helse", "bydels", "etats", "ansvars", "rolle", "tillits", "dialog", "evaluerings",
    "ledelses", "gruppe", "virksomhets", "omstillings", "medarbeider", "informasjons",
]

# Heads of compounds: (indefinite singular, definite singular, gender "m" or "n", plural)
HEADS = [
    ("plan", "planen", "m", "planer"), ("møte", "møtet", "n", "møter"),
    ("gruppe", "gruppen", "m", "grupper"), ("kultur", "kulturen", "m", "kulturer"),
    ("prosess", "prosessen", "m", "prosesser"), ("sak", "saken", "m", "saker"),
    ("samtale", "samtalen", "m", "samtaler"), ("runde", "runden", "m", "runder"),
    ("tid", "tiden", "m", "tider"), ("logg", "loggen", "m", "logger"),
    ("mål", "målet", "n", "mål"), ("ansvar", "ansvaret", "n", "ansvar"),
    ("område", "området", "n", "områder"), ("arbeid", "arbeidet", "n", "arbeider"),
    ("spørsmål", "spørsmålet", "n", "spørsmål"), ("rutine", "rutinen", "m", "rutiner"),
    ("avtale", "avtalen", "m", "avtaler"), ("forståelse", "forståelsen", "m", "forståelser"),
    ("praksis", "praksisen", "m", "praksiser"), ("oversikt", "oversikten", "m", "oversikter"),
    ("bilde", "bildet", "n", "bilder"), ("rapport", "rapporten", "m", "rapporter"),
    ("dialog", "dialogen", "m", "dialoger"), ("kart", "kartet", "n", "kart"),
    ("status", "statusen", "m", "statuser"), ("innspill", "innspillet", "n", "innspill"),
    ("verktøy", "verktøyet", "n", "verktøy"), ("prinsipp", "prinsippet", "n", "prinsipper"),
    ("agenda", "agendaen", "m", "agendaer"), ("forum", "forumet", "n", "forum"),
    ("oppdrag", "oppdraget", "n", "oppdrag"), ("erfaring", "erfaringen", "m", "erfaringer"),
]

ADVERBIALS = [
    "i neste møte", "før sommeren", "etter hver samling", "hver fjerde uke", "sammen",
    "på tvers av enhetene", "i ledermøtet", "uten å haste", "i god tid", "underveis",
    "i starten av halvåret", "med hele gruppen", "i par", "på en strukturert måte",
    "før beslutningen tas", "når det er uenighet", "så konkret som mulig", "i praksis",
]

CONNECTORS = ["Derfor", "Samtidig", "Etter hvert", "Ofte", "I mange grupper", "I praksis",
              "Over tid", "For mange", "Til slutt", "Først"]

FIRST_NAMES = ["Ingrid", "Lars", "Aisha", "Mohammed", "Sigrid", "Henrik", "Nora", "Jonas",
               "Fatima", "Emil", "Marte", "Kristian", "Sofie", "Anders", "Leila", "Tor",
               "Hanne", "Eirik", "Amina", "Per", "Ragnhild", "Yusuf", "Silje", "Bjørn"]
LAST_NAMES = ["Eksempelsen", "Prøvestad", "Modellberg", "Testrud", "Fiktivdal", "Demoli",
              "Øvingsvik", "Utkastmo", "Skissenes", "Mønsterud"]
UNIT_PLACES = ["Nordre Eksempel", "Søndre Prøve", "Østre Modell", "Vestre Skisse",
               "Øvre Utkast", "Nedre Mønster", "Midtre Demo", "Ytre Fiksjon"]
UNIT_SERVICES = ["eksempeltjenester", "prøveforvaltning", "modellbygg", "demovann",
                 "skisseetaten", "fiktive tjenester", "øvingsavgifter", "utkastplanlegging"]


class Writer:
    """Sentences, paragraphs and titles in bokmål from a seeded random generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def _noun(self) -> tuple[str, str, str, str]:
        prefix = self.rng.choice(PREFIXES)
        indef, definite, gender, plural = self.rng.choice(HEADS)
        if prefix.rstrip("s") == indef:
            return indef, definite, gender, plural
        return prefix + indef, prefix + definite, gender, prefix + plural

    def noun_phrase(self) -> str:
        indef, definite, gender, plural = self._noun()
        adj_m, adj_n, adj_pl = self.rng.choice(ADJECTIVES)
        form = self.rng.randrange(4)
        if form == 0:
            return f"{'en' if gender == 'm' else 'et'} {adj_m if gender == 'm' else adj_n} {indef}"
        if form == 1:
            return definite
        if form == 2:
            return f"{adj_pl} {plural}"
        return f"{'den' if gender == 'm' else 'det'} {adj_pl} {definite}"

    def templated(self) -> str:
        r = self.rng
        subject = r.choice(SUBJECTS)
        present, infinitive = r.choice(VERBS)
        _, other_inf = r.choice(VERBS)
        pattern = r.randrange(7)
        if pattern == 0:
            text = f"{subject} {present} {self.noun_phrase()} {r.choice(ADVERBIALS)}."
        elif pattern == 1:
            text = f"{r.choice(CONNECTORS)} {present} {subject} {self.noun_phrase()} {r.choice(ADVERBIALS)}."
        elif pattern == 2:
            text = (f"Det er lettere å {infinitive} {self.noun_phrase()} når {r.choice(SUBJECTS)} "
                    f"har {self.noun_phrase()}.")
        elif pattern == 3:
            text = f"{subject} bør {infinitive} {self.noun_phrase()} før {r.choice(SUBJECTS)} {present} resten."
        elif pattern == 4:
            text = f"Hvordan kan vi {infinitive} {self.noun_phrase()} {r.choice(ADVERBIALS)}?"
        elif pattern == 5:
            text = (f"Når {subject} {present} {self.noun_phrase()}, blir det enklere å "
                    f"{other_inf} {self.noun_phrase()}.")
        else:
            text = f"Mange opplever at {self.noun_phrase()} og {self.noun_phrase()} henger sammen."
        return text[0].upper() + text[1:]

    def sentence(self) -> str:
        return self.rng.choice(BANK) if self.rng.random() < 0.45 else self.templated()

    def paragraph(self, low: int = 3, high: int = 6) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def paragraphs_of(self, words: int) -> list[str]:
        """Paragraphs adding up to about ``words`` words."""
        out: list[str] = []
        count = 0
        while count < words:
            paragraph = self.paragraph()
            out.append(paragraph)
            count += len(paragraph.split())
        return out

    def bullets(self, low: int = 2, high: int = 4) -> str:
        return "\n".join(f"- {self.sentence()}" for _ in range(self.rng.randint(low, high)))

    def questions(self, low: int = 2, high: int = 4) -> list[str]:
        out = []
        for _ in range(self.rng.randint(low, high)):
            _, infinitive = self.rng.choice(VERBS)
            out.append(f"Hvordan kan vi {infinitive} {self.noun_phrase()} {self.rng.choice(ADVERBIALS)}?")
        return out

    def title(self) -> str:
        indef, definite, _, plural = self._noun()
        adj_m, adj_n, adj_pl = self.rng.choice(ADJECTIVES)
        shape = self.rng.randrange(4)
        if shape == 0:
            text = f"{adj_pl} {plural}"
        elif shape == 1:
            text = f"{adj_pl} {plural} {self.rng.choice(ADVERBIALS)}"
        elif shape == 2:
            text = f"Å {self.rng.choice(VERBS)[1]} {definite}"
        else:
            text = f"{indef} i praksis"
        return text[0].upper() + text[1:]

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def unit(self) -> str:
        if self.rng.random() < 0.6:
            return f"Bydel {self.rng.choice(UNIT_PLACES)}"
        return f"Etat for {self.rng.choice(UNIT_SERVICES)}"
