"""Ukraine's regions as IMI names them (uk/en/ru stems), for the barometer's regional breakdown."""

from __future__ import annotations

import re

# code: (English name, stem alternatives) — stems match the inflected and "-щина" forms.
_REGIONS: dict[str, tuple[str, str]] = {
    "kyiv": ("Kyiv", r"ки[їє]в|kyiv|kiev|киев"),
    "vinnytsia": ("Vinnytsia", r"вінниц|вінничч|vinnyts|винниц"),
    "volyn": ("Volyn", r"волин|volyn|волын"),
    "dnipropetrovsk": ("Dnipropetrovsk", r"дніпр|dnipr|днепр"),
    "donetsk": ("Donetsk", r"донец|донецьк|донечч|donets|донетч"),
    "zhytomyr": ("Zhytomyr", r"житомир|zhytomyr"),
    "zakarpattia": ("Zakarpattia", r"закарпат|zakarpat|ужгород|uzhhorod"),
    "zaporizhzhia": ("Zaporizhzhia", r"запорі|zaporiz|запорож"),
    "ivano_frankivsk": ("Ivano-Frankivsk", r"івано-франків|прикарпат|ivano-frank|ивано-франков"),
    "kirovohrad": ("Kirovohrad", r"кіровоград|кропивниць|kirovohrad|kropyvnyts|кировоград"),
    "luhansk": ("Luhansk", r"луган|луганщ|luhansk|луганск"),
    "lviv": ("Lviv", r"льв[іо]в|львівщ|lviv|львов"),
    "mykolaiv": ("Mykolaiv", r"миколаї|mykolai|николаев"),
    "odesa": ("Odesa", r"одес|odes"),
    "poltava": ("Poltava", r"полтав|poltav"),
    "rivne": ("Rivne", r"рівн[еоі]|рівненщ|rivne|ровн"),
    "sumy": ("Sumy", r"сум[иаська]|сумщ|sumy"),
    "ternopil": ("Ternopil", r"тернопіл|ternopil|тернопол"),
    "kharkiv": ("Kharkiv", r"харків|харкові|kharkiv|харьков"),
    "kherson": ("Kherson", r"херсон|kherson"),
    "khmelnytskyi": ("Khmelnytskyi", r"хмельниц|khmelnyts"),
    "cherkasy": ("Cherkasy", r"черкас|cherkas"),
    "chernivtsi": ("Chernivtsi", r"чернівц|буковин|chernivts|черновц"),
    "chernihiv": ("Chernihiv", r"черніг|chernihiv|чернигов"),
    "crimea": ("Crimea", r"крим|crimea|крым"),
}

REGION_NAMES: dict[str, str] = {code: name for code, (name, _s) in _REGIONS.items()}
REGION_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(rf"(?<!\w)(?:{stems})[\w'’-]*", re.I))
    for code, (_n, stems) in _REGIONS.items()
)
