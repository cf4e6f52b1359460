"""The data dictionary in Spanish: what each published table and column holds, for /data in Spanish.

The downloads keep their English column names and contents; etl/metadata.py describes them in
English (and is the one list of tables and columns). This module gives the Spanish description of
every table and column there, shown on /data next to the English when the page is in Spanish
(tests/test_dictionary_es.py checks that none is missing). Column names, table names, file names,
ids and vocabulary tokens (reported, not_reported, ...) stay as they are written in the files.
"""

from __future__ import annotations

from etl.metadata import COLUMNS, SPANISH, TRANSLATIONS_PO

#: Table name -> (title, description) in Spanish.
TABLES_ES: dict[str, tuple[str, str]] = {
    "counties": (
        "Condados de Wisconsin",
        "Los 72 condados con su población del Censo de 2020 y su distrito judicial federal.",
    ),
    "county_measures": (
        "Medidas por condado",
        "Medidas a nivel de condado en formato largo, una fila por condado, año y medida, cada una con su "
        "estado y su fuente.",
    ),
    "figures": (
        "Registro de cifras citadas",
        "Cada cifra citada con su área geográfica, su período, su medida, su fuente, su ubicación en la fuente "
        "y su estado de verificación.",
    ),
    "sources": (
        "Fuentes",
        "Cada fuente con quien la publica, su título, su dirección web, sus fechas, su tipo, su licencia y sus "
        "salvedades.",
    ),
    "agency_measures": (
        "Medidas por agencia",
        "Medidas registradas por la policía por agencia y año: las filas que suma cada total de NIBRS por "
        "condado y estatal de county_measures.csv, cada una con su estado; los valores ausentes o no "
        "disponibles son not_reported.",
    ),
    "state_checks": (
        "Comprobaciones con los totales estatales publicados",
        "Sumas estatales de las agencias leídas comparadas con los totales que imprimió quien los publica: "
        "coinciden (matched), o la diferencia (gap) y lo que la explica.",
    ),
    "measures": (
        "Medidas",
        "Cada medida a nivel de condado con su etiqueta, su unidad, su tipo, el denominador de su tasa, su "
        "descripción y su salvedad.",
    ),
}

#: Column name -> its description in Spanish.
COLUMNS_ES: dict[str, str] = {
    "fips": 'Código FIPS del condado, de 5 caracteres (55001-55141); "55" para una fila estatal de Wisconsin.',
    "county": 'Nombre del condado tal como lo escribe la Oficina del Censo, por ejemplo "St. Croix County".',
    "population_2020": "Población residente, Censo de 2020 (1 de abril de 2020).",
    "population_under18_2020": (
        "Residentes menores de 18 años, Censo de 2020 (total menos la población en edad de votar)."
    ),
    "federal_district": "Distrito judicial federal: Distrito Este (Eastern) u Oeste (Western) de Wisconsin.",
    "federal_district_basis": (
        "published: el condado figura en una lista publicada de divisiones; inferred: Oeste (Western) porque "
        "no figura como del Este (Wisconsin tiene dos distritos)."
    ),
    "year": "Año calendario del valor; vacío para las medidas que no son anuales.",
    "measure": "Identificador de la medida; vea measures.csv para su etiqueta, unidad, salvedad y significado.",
    "value": "El valor; vacío exactamente cuando value_status es suppressed o not_reported.",
    "value_status": (
        "reported (un valor que da la fuente, ceros incluidos), suppressed (retenido según la política de "
        "divulgación), not_reported (la fuente no tiene un valor para esta celda)."
    ),
    "unit": "Unidad del valor (persons, percent, offenses, flag, ...).",
    "source_id": "Identificador de la fuente en sources.csv.",
    "note": (
        "Nota sobre la fila, por ejemplo, que un indicador se basa solo en una agencia que atiende a varios condados."
    ),
    "policy_version": (
        "Versión de la política de divulgación aplicada a la fila; vacía para las cifras que se muestran tal "
        "como se publicaron."
    ),
    "figure_id": "Identificador estable de la cifra.",
    "geography": "Lugar al que se refiere la cifra, por ejemplo Wisconsin, City of Milwaukee, ZIP 53207.",
    "geography_level": "world, state, federal_district, county, city o zip.",
    "period_start": ("Primer día, mes o año que abarca la cifra (YYYY, YYYY-MM o YYYY-MM-DD); vacío si no se conoce."),
    "period_end": "Último día, mes o año que abarca la cifra; vacío si no se conoce.",
    "population_group": "A quién se cuenta: all, minors, adults, age_25_and_under, ...",
    "subgroup": (
        "Una precisión del grupo de población (female, black, in_out_of_home_care, ...); vacío si no hay ninguna."
    ),
    "trafficking_type": "sex, labor, sex_and_labor, all o not_applicable.",
    "value_qualifier": 'exact, approx ("alrededor de"), more_than, at_least, o qualitative (sin número).',
    "locator": "Dónde está la cifra en la fuente (tabla, página, titular), cuando se sabe.",
    "verification": (
        "primary (leída en el propio documento o en los propios datos de quien la publica), secondary (un medio "
        "de comunicación u otra parte que reporta la fuente), unverified (una afirmación sin fuente rastreada)."
    ),
    "description": "Lo que cuenta la cifra, en palabras de este proyecto.",
    "research_note": (
        "Lo que encontró la investigación sobre la cifra: contradicciones, duplicados, rastreo de afirmaciones."
    ),
    "publisher": "Organización que publicó el documento.",
    "title": "Título del documento.",
    "url": "Dónde se leyó el documento (una copia espejo cuando seen_via así lo indica).",
    "published": "Fecha de publicación: YYYY, YYYY-MM o YYYY-MM-DD; vacía si no se conoce.",
    "date_note": "Nota sobre una fecha de publicación aproximada o que falta.",
    "accessed": "Cuándo se leyó el documento (el año cuando no se registró una fecha exacta).",
    "kind": "government data, government report, research study, nonprofit, news u other.",
    "licence": "Licencia o situación de los derechos de autor, cuando se sabe.",
    "reports_on": "En una fuente secundaria: la fuente de origen sobre la que informa.",
    "seen_via": "La copia espejo, reimpresión o copia en la que se leyó el documento, si la hay.",
    "caveats": "Lo que mide la fuente y lo que no mide.",
    "citation": "Una cita de la fuente lista para copiar.",
    "label": "Nombre legible de la medida.",
    "measure_kind": "count, presence (1 registrado / 0 ninguno registrado), population o share.",
    "yearly": "true cuando las filas de la medida llevan un año.",
    "rate_base": (
        "Denominador de las tasas por 100.000 (population o population_under18); vacío cuando una tasa no "
        "tiene sentido."
    ),
    "caveat": "Lo que un lector debe saber antes de usar la medida.",
    "ori": "El ORI de la agencia, el identificador de 9 caracteres que da el FBI a una agencia policial.",
    "agency": "El nombre de la agencia tal como lo da la fuente.",
    "published_value": "El total tal como lo imprimió quien lo publica (la cifra del registro que nombra figure_id).",
    "agencies_sum": (
        "La suma que hace este proyecto de las agencias leídas, tomada de county_measures.csv (fila estatal)."
    ),
    "difference": (
        "published_value menos agencies_sum: la parte del total publicado que las agencias leídas no explican."
    ),
    "check_status": ("matched (la suma es igual al total publicado) o gap (no lo es; vea explanation)."),
    "explanation": "Por qué existe una diferencia, hasta donde pudo saber la investigación; vacía cuando coinciden.",
}
# The Spanish translation columns (`<column>_es`, etl/metadata.py) are described by one rule.
COLUMNS_ES |= {
    column: (
        f"Traducción al español de {column.removesuffix(SPANISH)} (de {TRANSLATIONS_PO}); vacía donde "
        f"{column.removesuffix(SPANISH)} está vacía."
    )
    for column in COLUMNS
    if column.endswith(SPANISH)
}

#: The Frictionless types of the columns (etl/metadata.py) in Spanish words.
TYPES_ES: dict[str, str] = {
    "string": "texto",
    "integer": "entero",
    "number": "número",
    "boolean": "booleano (true/false)",
    "date": "fecha",
    "year": "año",
}


def table(name: str) -> tuple[str, str]:
    """A table's title and description in Spanish."""
    return TABLES_ES[name]


def column(name: str) -> str:
    """A column's description in Spanish."""
    return COLUMNS_ES[name]


def type_word(kind: str) -> str:
    """A column's type in Spanish words (a type not listed as it is written)."""
    return TYPES_ES.get(kind, kind)
