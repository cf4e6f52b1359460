"""/upload in Spanish: the ETL's problems (etl.errors.Problem) worded by their code.

The ETL writes each problem's reason in English for the command line, and keeps the values it is
made of in `Problem.params`. This page shows a problem in Spanish from its `code`: `TEMPLATES`
holds one template per code, with the params' names as placeholders, in the page's wording (where
the command line names a flag such as `--measure NAME`, the page points at the box above, as its
English does: components.upload_read.PAGE_REASONS). A problem whose code has no template, or no
code, is shown with its English reason (components.upload_read.page_reason);
tests/test_upload_i18n.py fails when a code used in etl/ has no template here.

Values from the file (a county name, a column name) are shown as written; numbers that count go
through the Spanish number format, and years and line numbers are written as they are.
"""

from __future__ import annotations

from string import Formatter

from components import i18n, labels
from etl.errors import Problem

#: Problem.code -> the Spanish reason, with Problem.params' names as placeholders.
TEMPLATES: dict[str, str] = {
    # reading the file (etl/ingest/rows.py)
    "not_utf8": "no es texto UTF-8; guarde el archivo como CSV UTF-8",
    "csv_unparseable": "no se puede leer como CSV: {error}",
    "empty_file": "el archivo está vacío",
    "too_many_cells": "fila ilegible: tiene {cells} celdas y el encabezado tiene {width} columnas",
    "two_columns_for_role": (
        "dos columnas indican {role} (\u201c{first}\u201d y \u201c{second}\u201d); conserve solo una"
    ),
    # one cell of a county table (etl/ingest/cells.py)
    "bad_less_than_marker": "un marcador \u201c<\u201d necesita un límite mayor que 1",
    "bad_range_marker": "un rango debe ir del valor menor al mayor",
    "negative_count": "un conteo no puede ser negativo",
    "not_a_cell_value": (
        "no es un número, ni un marcador de supresión (<5, 1-4, *), ni un marcador de dato faltante (—, n/a)"
    ),
    # county tables (etl/ingest/formats/county_table.py)
    "no_county_column": "no hay una fila de encabezado con una columna County",
    "year_out_of_range": "se esperaba un año entre {min} y {max}",
    "needs_measure": "falta el nombre de la medida (en el cuadro de arriba)",
    "needs_year": "falta una columna Year o un año (en el cuadro de arriba)",
    "unknown_measure": "medida desconocida: indique qué cuentan los números (en el cuadro de arriba)",
    "bad_column_name": "no es un año, Total, Year ni un identificador de medida",
    "mixed_columns": "el encabezado mezcla columnas de años y columnas de medidas",
    "no_value_columns": "no hay columnas de años ni columnas de valores junto a la columna County",
    "unknown_county": "no es un condado de Wisconsin: \u201c{name}\u201d",
    "listed_twice": "aparece dos veces (la primera en la línea {first_line})",
    "value_under_empty_header": "hay un valor bajo un encabezado vacío",
    "not_whole_count": "una tabla sensible debe contener conteos enteros",
    "total_differs_counties": "el total indica {total}, pero los condados suman {sum}",
    "total_below_counties": "el total indica {total}, pero los condados suman al menos {sum}",
    "total_differs_years": "el total indica {total}, pero los años suman {sum}",
    "total_below_years": "el total indica {total}, pero los años suman al menos {sum}",
    # case records (etl/ingest/formats/cases.py)
    "missing_county_column": "falta esta columna",
    "no_date_column": "falta una columna de fecha o de año (date o year)",
    "bad_date": "se esperaba una fecha como AAAA-MM-DD, M/D/AAAA o AAAA-MM",
    "impossible_date": "fecha imposible (no existe en el calendario)",
    "future_date": "la fecha está en el futuro",
    "year_out_of_range_or_future": "se esperaba un año entre {min} y {max}, no en el futuro",
    "year_disagrees_with_date": "no coincide con la fecha ({year})",
    "no_date_or_year": "no tiene fecha ni año",
    "negative_age": "edad imposible: negativa",
    "bad_age": "se esperaba una edad en años cumplidos",
    "age_over_max": "edad imposible: más de {max}",
    "impossible_age_group": "grupo de edad imposible",
    "age_group_straddles_18": "el grupo de edad mezcla menores de 18 años y personas de 18 años o más",
    "age_range_straddles_18": (
        "el grupo de edad mezcla menores de 18 años y personas de 18 años o más: indique la edad, o un grupo "
        "solo de menores de 18 años o solo de 18 años o más"
    ),
    "bad_age_group": "no es un grupo de edad (por ejemplo under 18, 0-17, 18+, 18-24, minor, adult)",
    "age_group_disagrees_with_age": "no coincide con la edad ({age})",
    "bad_trafficking_type": (
        "se esperaba sex, labor, sex and labor o unknown (trata con fines de explotación sexual, trata laboral, "
        "ambas o desconocido)"
    ),
    "case_elsewhere": "el caso ya figura en otro condado o año (línea {first_line})",
    "no_usable_case": "no se pudo usar ningún registro de caso del archivo",
    "no_cases": "el archivo no tiene registros de casos",
    # the disclosure audit (etl/ingest/audit.py, through etl/ingest/formats/__init__.py)
    "audit_small_count_published": "la auditoría de divulgación falló: se publicaría un conteo pequeño",
    "audit_worked_out": (
        "la auditoría de divulgación falló: es exactamente {value}, un valor que se deduce de los márgenes publicados"
    ),
    "audit_derived_worked_out": (
        "la auditoría de divulgación falló: el conteo derivado ({measure}) es exactamente {value}, un conteo "
        "pequeño que un lector puede deducir"
    ),
    "audit_contradiction": (
        "la auditoría de divulgación falló: las celdas publicadas contradicen los márgenes publicados"
    ),
}

#: Params written as they are: years, line numbers and bounds (the number format groups every
#: thousand, and "línea 1.204" or "año 2.023" would read wrong).
PLAIN = frozenset({"min", "max", "year", "first_line"})

#: The role a column plays in case records, as the sentence "dos columnas indican ..." needs it.
ROLES = {
    "county": "el condado",
    "date": "la fecha",
    "year": "el año",
    "age": "la edad",
    "age_group": "el grupo de edad",
    "trafficking_type": "el tipo de trata",
    "case_id": "el identificador del caso",
}


def fields(template: str) -> set[str]:
    """The placeholder names of a template."""
    return {name for _text, name, _spec, _conv in Formatter().parse(template) if name}


def _value(name: str, value) -> str:
    if name == "role":
        return ROLES.get(value, str(value).replace("_", " "))
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float):
        return str(value) if name in PLAIN else labels.format_number(value)
    return str(value)


def render(problem: Problem) -> str | None:
    """The problem's reason in Spanish; None when its code has no template (or its params do not
    fill the template), so the caller shows the English reason."""
    template = TEMPLATES.get(problem.code) if problem.code else None
    if template is None:
        return None
    params = problem.params or {}
    if not fields(template) <= set(params):
        return None
    with i18n.using("es"):  # Spanish numbers, whatever language asks
        return template.format(**{name: _value(name, params[name]) for name in fields(template)})
