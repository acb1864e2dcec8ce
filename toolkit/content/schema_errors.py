"""Pydantic's validation errors, told to an editor in Norwegian with file and line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from types import MappingProxyType
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..problems import Problem
from .frontmatter import Parsed

B = TypeVar("B", bound=BaseModel)


def validate_model(model: type[B], parsed: Parsed, path: str) -> tuple[B | None, list[Problem]]:
    """Validate parsed YAML against ``model``; return (instance or None, problems)."""
    if not isinstance(parsed.data, dict):
        return None, [Problem(path, parsed.line_of(()), "forventet felt på formen «nøkkel: verdi»")]
    try:
        return model.model_validate(parsed.data), []
    except ValidationError as exc:
        return None, [_problem(err, model, parsed, path) for err in exc.errors()]


def suggest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """«, mente du «x»?» when something close exists, else an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f" – mente du «{close[0]}»?" if close else ""


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
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return []
        annotation = fields[part].annotation
        current = _inner_model(annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: object) -> object:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DAY = 24 * 3600  # seconds: a time of day or a recording's length is less

_MESSAGES = MappingProxyType({
    "missing": "mangler feltet «{field}»",
    "int_parsing": "«{field}» skal være et heltall, ikke «{input}»",
    "int_type": "«{field}» skal være et heltall, ikke «{input}»",
    "int_from_float": "«{field}» skal være et heltall, ikke «{input}»",
    "bool_parsing": "«{field}» skal være true eller false, ikke «{input}»",
    "bool_type": "«{field}» skal være true eller false, ikke «{input}»",
    "string_type": "«{field}» skal være tekst, ikke «{input}»",
    "list_type": "«{field}» skal være en liste, for eksempel [a, b]",
    "dict_type": "«{field}» skal ha underfelt på formen «nøkkel: verdi»",
    "model_type": "«{field}» skal ha underfelt på formen «nøkkel: verdi»",
    "date_type": "«{field}» skal være en dato på formen ÅÅÅÅ-MM-DD, ikke «{input}»",
    "date_parsing": "«{field}» skal være en dato på formen ÅÅÅÅ-MM-DD, ikke «{input}»",
    "date_from_datetime_parsing": "«{field}» skal være en dato på formen ÅÅÅÅ-MM-DD, ikke «{input}»",
    "string_too_short": "«{field}» kan ikke være tom",
    "string_too_long": "«{field}» er for lang: høyst {max_length} tegn",
    "too_short": "«{field}» må ha minst {min_length} element",
    "greater_than": "«{field}» må være større enn {gt}",
    "greater_than_equal": "«{field}» må være minst {ge}",
    "less_than_equal": "«{field}» kan være høyst {le}",
    "less_than": "«{field}» må være mindre enn {lt}",
    "literal_error": "«{field}» må være en av {expected}, ikke «{input}»",
    "string_pattern_mismatch": "«{field}» har ugyldig form: «{input}»",
})


def _problem(err: ErrorDetails, model: type[BaseModel], parsed: Parsed, path: str) -> Problem:
    loc = tuple(err["loc"])
    line = parsed.line_of(loc)
    field = _field_name(loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        name = str(loc[-1])
        hint = suggest(name, _known_fields(model, loc[:-1]))
        return Problem(path, line, f"ukjent felt «{field}»{hint}")
    if kind == "value_error":
        message = str(err.get("ctx", {}).get("error", err["msg"]))
        where = f"«{field}»: " if loc else ""
        return Problem(path, line, f"{where}{message}")
    template = _MESSAGES.get(kind)
    if template is None:
        return Problem(path, line, f"«{field}»: {err['msg']}")
    context = {k: v for k, v in err.get("ctx", {}).items()}
    if kind == "literal_error":
        context["expected"] = context.get("expected", "").replace("'", "«", 1)
        context["expected"] = _literal_choices(err)
    if kind in ("date_parsing", "date_from_datetime_parsing") and _ISO_DATE.fullmatch(str(err.get("input", ""))):
        template = "«{field}»: {input} finnes ikke i kalenderen; skriv en dato som finnes, på formen ÅÅÅÅ-MM-DD"
    if kind == "less_than" and context.get("lt") == DAY:
        template = "«{field}» er et døgn eller mer: skriv tiden som t:mm:ss, for eksempel 1:02:30"
    if kind == "string_pattern_mismatch" and field.startswith(("related", "themes", "cohorts")):
        template = "«{field}» har ugyldig id: «{input}»"
    return Problem(path, line, template.format(field=field, input=err.get("input"), **context))


def _literal_choices(err: ErrorDetails) -> str:
    raw = str(err.get("ctx", {}).get("expected", ""))
    words = [w.strip(" '") for w in raw.replace(" or ", ",").split(",") if w.strip(" '")]
    return ", ".join(f"«{w}»" for w in words)
