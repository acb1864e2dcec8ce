"""Pydantic's validation errors, told to an editor in Norwegian with file and line.

Every error type pydantic-core can raise has its Norwegian words here (``MESSAGES``; a
test walks pydantic-core's own list and fails on a type without them), so no English
reaches an editor whatever a field's type. One mistake is one message: a misspelt key
is told as the unknown key, with the field it was meant to be, not also as that field
missing. A value is quoted as the editor wrote it (``true``, ``.inf``), not as Python
reads it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..problems import Problem
from .frontmatter import Loc, Parsed
from .models import Invalid, front_matter_fields

B = TypeVar("B", bound=BaseModel)


def validate_model(model: type[B], parsed: Parsed, path: str) -> tuple[B | None, list[Problem]]:
    """Validate parsed YAML against ``model``; return (instance or None, problems)."""
    if not isinstance(parsed.data, dict):
        return None, [Problem(path, parsed.line_of(()), "forventet felt på formen «nøkkel: verdi»")]
    try:
        return model.model_validate(parsed.data), []
    except ValidationError as exc:
        return None, problems_of(exc.errors(), model, parsed, path)


def problems_of(errors: Iterable[ErrorDetails], model: type[BaseModel], parsed: Parsed, path: str,
                ) -> list[Problem]:
    """One problem per mistake: a key that is a misspelling of a missing field is told
    once, as the unknown key with the field it was meant to be."""
    errors = list(errors)
    missing = {tuple(err["loc"]) for err in errors if err["type"] == "missing"}
    meant: dict[Loc, str] = {}  # unknown key -> the field it was meant to be
    for err in errors:
        if err["type"] == "extra_forbidden" and err["loc"]:
            loc = tuple(err["loc"])
            close = nearest(str(loc[-1]), _known_fields(model, loc[:-1]), n=1)
            if close:
                meant[loc] = close[0]
    told = missing & {loc[:-1] + (field,) for loc, field in meant.items()}
    return [_problem(err, parsed, path, meant.get(tuple(err["loc"])))
            for err in errors if not (err["type"] == "missing" and tuple(err["loc"]) in told)]


#: How much less alike than the nearest a second suggestion may be: «2026-hst» is
#: «2026-host», and not also «2026-var».
ALMOST_AS_NEAR = 0.1


def nearest(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The choices closest to ``word`` (difflib's ratio), closest first: at most ``n``,
    and only those almost as close as the closest."""
    close = difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)
    ratios = [difflib.SequenceMatcher(None, choice, word).ratio() for choice in close]
    return [choice for choice, ratio in zip(close, ratios, strict=True) if ratio >= ratios[0] - ALMOST_AS_NEAR]


def suggest(word: str, choices: Iterable[str], cutoff: float = 0.6, n: int = 1) -> str:
    """« – mente du «x»?» (or «x» eller «y») when something close exists, else ""."""
    return did_you_mean(nearest(word, choices, n, cutoff))


def did_you_mean(close: list[str]) -> str:
    if not close:
        return ""
    quoted = [f"«{word}»" for word in close]
    words = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} eller {quoted[-1]}"
    return f" – mente du {words}?"


def suggest_id(wanted: str, ids: Iterable[str], n: int = 3) -> str:
    """« – mente du …?» with the ids nearest ``wanted``: within its collection by slug (a
    shared «teori/» would make every theory page look close), else among all ids."""
    ids = list(ids)
    collection, _, slug = wanted.rpartition("/")
    same = [i for i in ids if i.startswith(f"{collection}/")] if collection else []
    if same:
        slugs = {i.rpartition("/")[2]: i for i in same}
        return did_you_mean([slugs[s] for s in nearest(slug, slugs, n)])
    return did_you_mean(nearest(wanted, ids, n))


def _field_name(loc: tuple) -> str:
    parts = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part + 1}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "front matter"


def _known_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at ``loc`` (for «did you mean» on unknown keys)."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = front_matter_fields(current) if isinstance(current, type) and issubclass(current, BaseModel) else {}
        if part not in fields:
            return []
        annotation = fields[part].annotation
        current = _inner_model(annotation)
    return list(front_matter_fields(current)) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _inner_model(annotation: object) -> object:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


DAY = 24 * 3600  # seconds: a time of day or a recording's length is less

# What a value of each type is, for «skal være {what}, ikke «…»» and «er tom: skriv {what}».
_INTEGER = "et heltall"
_NUMBER = "et tall"
_TEXT = "tekst"
_BOOLEAN = "true eller false"
_LIST = "en liste, for eksempel [a, b]"
_FIELDS = "underfelt på formen «nøkkel: verdi»"
_DATE = "en dato på formen ÅÅÅÅ-MM-DD"
_CLOCK = "et klokkeslett på formen TT:MM"
_MOMENT = "et tidspunkt på formen ÅÅÅÅ-MM-DD TT:MM"
_ADDRESS = "en adresse som begynner med https://"

#: The value each type error expects: the message says what was written instead.
EXPECTED: Mapping[str, str] = MappingProxyType({
    "int_type": _INTEGER, "int_parsing": _INTEGER, "int_from_float": _INTEGER,
    "float_type": _NUMBER, "float_parsing": _NUMBER, "decimal_type": _NUMBER, "decimal_parsing": _NUMBER,
    "fraction_type": _NUMBER, "fraction_parsing": _NUMBER, "complex_type": _NUMBER,
    "complex_str_parsing": _NUMBER,
    "bool_type": _BOOLEAN, "bool_parsing": _BOOLEAN,
    "string_type": _TEXT, "string_unicode": _TEXT, "bytes_type": _TEXT, "json_type": _TEXT,
    "list_type": _LIST, "tuple_type": _LIST, "set_type": _LIST, "frozen_set_type": _LIST,
    "deque_type": _LIST, "iterable_type": _LIST, "arguments_type": _LIST,
    "dict_type": _FIELDS, "model_type": _FIELDS, "model_attributes_type": _FIELDS,
    "dataclass_type": _FIELDS, "dataclass_exact_type": _FIELDS, "named_tuple_type": _FIELDS,
    "frozen_dict_type": _FIELDS, "ordered_dict_type": _FIELDS, "counter_type": _FIELDS,
    "mapping_type": _FIELDS,
    "date_type": _DATE, "date_parsing": _DATE, "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": "en dato uten klokkeslett, på formen ÅÅÅÅ-MM-DD",
    "time_type": _CLOCK, "time_parsing": _CLOCK,
    "datetime_type": _MOMENT, "datetime_parsing": _MOMENT, "datetime_object_invalid": _MOMENT,
    "datetime_from_date_parsing": _MOMENT,
    "time_delta_type": "en varighet", "time_delta_parsing": "en varighet",
    "url_type": _ADDRESS, "url_parsing": _ADDRESS, "url_syntax_violation": _ADDRESS,
    "uuid_type": "en UUID", "uuid_parsing": "en UUID",
    "missing_sentinel_error": "tom", "ellipsis_error": "tom",
})

#: Every other error type, in its own words; ``{field}``, ``{input}`` and the error's
#: context (``{ge}``, ``{max_length}``, …) are filled in.
MESSAGES: Mapping[str, str] = MappingProxyType({
    "missing": "mangler feltet «{field}»",
    "missing_argument": "mangler feltet «{field}»",
    "missing_keyword_only_argument": "mangler feltet «{field}»",
    "missing_positional_only_argument": "mangler feltet «{field}»",
    "extra_forbidden": "ukjent felt «{field}»",
    "unexpected_keyword_argument": "ukjent felt «{field}»",
    "unexpected_positional_argument": "«{field}» har en verdi for mye: «{input}»",
    "multiple_argument_values": "«{field}» står to ganger",
    "no_such_attribute": "ukjent felt «{field}»",
    "invalid_key": "«{field}»: en nøkkel skal være tekst, ikke «{input}»",
    "none_required": "«{field}» skal stå tomt, ikke «{input}»",
    "finite_number": "«{field}» skal være et endelig tall, ikke «{input}»",
    "int_parsing_size": "«{field}» er et for stort tall: «{input}»",
    "greater_than": "«{field}» må være større enn {gt}",
    "greater_than_equal": "«{field}» må være minst {ge}",
    "less_than": "«{field}» må være mindre enn {lt}",
    "less_than_equal": "«{field}» kan være høyst {le}",
    "multiple_of": "«{field}» må gå opp i {multiple_of}",
    "too_short": "«{field}» må ha minst {min_items}",
    "too_long": "«{field}» kan ha høyst {max_items}",
    "string_too_short": "«{field}» må ha minst {min_length} tegn",
    "string_too_long": "«{field}» er for lang: høyst {max_length} tegn",
    "string_pattern_mismatch": "«{field}» har ugyldig form: «{input}»",
    "string_not_ascii": "«{field}» kan bare ha bokstavene a–z, sifre og vanlige tegn (ASCII), ikke «{input}»",
    "bytes_too_short": "«{field}» må ha minst {min_length} tegn",
    "bytes_too_long": "«{field}» er for lang: høyst {max_length} tegn",
    "bytes_invalid_encoding": "«{field}» har tegn som ikke kan leses: «{input}»",
    "set_item_not_hashable": "«{field}» kan bare ha enkle verdier (tekst og tall) i listen",
    "literal_error": "«{field}» må være en av {expected}, ikke «{input}»",
    "enum": "«{field}» må være en av {expected}, ikke «{input}»",
    "date_past": "«{field}» skal være en dato som har vært, ikke «{input}»",
    "date_future": "«{field}» skal være en dato fram i tid, ikke «{input}»",
    "datetime_past": "«{field}» skal være et tidspunkt som har vært, ikke «{input}»",
    "datetime_future": "«{field}» skal være et tidspunkt fram i tid, ikke «{input}»",
    "timezone_naive": "«{field}» skal være et tidspunkt uten tidssone, ikke «{input}»",
    "timezone_aware": "«{field}» skal være et tidspunkt med tidssone, ikke «{input}»",
    "timezone_offset": "«{field}» har feil tidssone: «{input}»",
    "url_too_long": "«{field}» er for lang: en adresse har høyst {max_length} tegn",
    "url_scheme": "«{field}»: adressen må begynne med {expected_schemes}, ikke «{input}»",
    "uuid_version": "«{field}» skal være en UUID av versjon {expected_version}, ikke «{input}»",
    "decimal_max_digits": "«{field}» har for mange sifre: høyst {max_digits}",
    "decimal_max_places": "«{field}» har for mange desimaler: høyst {decimal_places}",
    "decimal_whole_digits": "«{field}» har for mange sifre foran komma: høyst {whole_digits}",
    "frozen_field": "«{field}» kan ikke endres",
    "frozen_instance": "«{field}» kan ikke endres",
    "recursion_loop": "«{field}» viser til seg selv",
    "recursion_depth_exceeded": "«{field}» er nestet for dypt",
    "json_invalid": "«{field}» er ikke gyldig JSON: «{input}»",
    "needs_python_object": "«{field}» har en verdi som ikke kan skrives i en fil: «{input}»",
    "get_attribute_error": "«{field}» kan ikke leses: «{input}»",
    "iteration_error": "«{field}»: listen kan ikke leses",
    "default_factory_not_called": "«{field}» kan ikke fylles ut før de andre feilene er rettet",
    "union_tag_invalid": "«{field}» har en ukjent type: «{input}»",
    "union_tag_not_found": "«{field}» mangler feltet som sier hvilken type det er",
    "callable_type": "«{field}» har en verdi som ikke kan brukes her: «{input}»",
    "is_instance_of": "«{field}» har en verdi som ikke kan brukes her: «{input}»",
    "is_subclass_of": "«{field}» har en verdi som ikke kan brukes her: «{input}»",
    # Raised by the models' own validators: their words are in the error (``Invalid``).
    "value_error": "«{field}» har en ugyldig verdi: «{input}»",
    "assertion_error": "«{field}» har en ugyldig verdi: «{input}»",
})
#: A type a newer pydantic adds before it gets its own words here.
FALLBACK = "«{field}» har en verdi som ikke kan brukes her: «{input}»"
LONGEST_QUOTE = 60  # characters of a value quoted in a message


class _Context(dict[str, Any]):
    """Fills a placeholder the error's context lacks with «?» instead of failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def _problem(err: ErrorDetails, parsed: Parsed, path: str, meant: str | None = None) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    field = _field_name(loc)
    line = parsed.missing_line(loc) if kind == "missing" else parsed.line_of(loc)
    return Problem(path, line, _message(kind, field, err, _written(err, parsed, loc), meant))


def _message(kind: str, field: str, err: ErrorDetails, written: str | None, meant: str | None) -> str:
    if kind == "extra_forbidden":
        return f"ukjent felt «{field}»{did_you_mean([meant] if meant else [])}"
    error = err.get("ctx", {}).get("error")
    if kind == "value_error" and isinstance(error, Invalid):
        return f"«{field}»: {error}" if err["loc"] else str(error)
    expected = EXPECTED.get(kind)
    if expected is not None:
        value = err.get("input")
        if written is None:
            return f"«{field}» er tom: skriv {expected}"
        if isinstance(value, dict):
            return f"«{field}» skal være {expected}, ikke underfelt"
        if isinstance(value, list):
            return f"«{field}» skal være {expected}, ikke en liste"
        message = f"«{field}» skal være {expected}, ikke «{written}»"
        if kind == "string_type":
            message += f": sett teksten i anførselstegn, som «\"{written}\"»"
        return message
    template = MESSAGES.get(kind, FALLBACK)
    context = _Context({k: _shown(v) for k, v in err.get("ctx", {}).items()})
    context.update(field=field, input=written if written is not None else "")
    if kind in ("literal_error", "enum"):
        context["expected"] = _choices(str(err.get("ctx", {}).get("expected", "")))
    if kind == "url_scheme":
        context["expected_schemes"] = _choices(str(err.get("ctx", {}).get("expected_schemes", "")))
    if kind in ("too_short", "too_long"):
        for key, name in (("min_length", "min_items"), ("max_length", "max_items")):
            count = err.get("ctx", {}).get(key)
            context[name] = f"{count} element" if count == 1 else f"{count} elementer"
    if kind == "string_too_short" and err.get("ctx", {}).get("min_length") == 1:
        template = "«{field}» kan ikke være tom"
    if kind == "less_than" and err.get("ctx", {}).get("lt") == DAY:
        template = "«{field}» er et døgn eller mer: skriv tiden som t:mm:ss, for eksempel 1:02:30"
    if kind == "string_pattern_mismatch" and field.startswith(("related", "themes", "cohorts")):
        template = "«{field}» har ugyldig id: «{input}»"
    return template.format_map(context)


def _written(err: ErrorDetails, parsed: Parsed, loc: Loc) -> str | None:
    """The value as the editor wrote it, shortened; None for an empty value."""
    value = err.get("input")
    if value is None:
        return None
    if isinstance(value, dict | list):
        return _shown(value)
    written = parsed.written.get(loc)
    return _shown(written if written is not None and not isinstance(value, str) else value)


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= LONGEST_QUOTE else text[:LONGEST_QUOTE - 1] + "…"


def _choices(raw: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` as «a», «b», «c»."""
    words = [w.strip(" '") for w in raw.replace(" or ", ",").split(",") if w.strip(" '")]
    return ", ".join(f"«{w}»" for w in words)
