"""Generate the demo data set shipped in speechwatch/demo/data/ (docs/demo-data.md).

Run `python -m speechwatch.demo.build`. The output is deterministic (fixed seed, no set
iteration, no clock): running it twice gives byte-identical files in the export format of
docs/interchange.md, so exporting a freshly loaded demo database reproduces them.

Records narrated in the published Adil Soz overview for April 2024 are public facts
(external ids `as-…`, is_demo false); every other record is fictional (`demo-…`, is_demo true).
April 2024 is planned by hand so that its published incidents reproduce that overview's
statistics exactly; the other months are drawn at random around realistic rates.
"""

from __future__ import annotations

import calendar
import json
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED = 20240401
TAXONOMY = "adilsoz-2024"

Record = dict[str, Any]
Text = dict[str, str]


def text(en: str = "", ru: str = "", kk: str = "") -> Text:
    """A translatable text object; empty languages are absent, as the exporter writes them."""
    return {lang: value for lang, value in (("en", en), ("ru", ru), ("kk", kk)) if value}


# --------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------

# region code -> settlements (en, ru, kk). The first settlement is the regional centre.
SETTLEMENTS: dict[str, list[tuple[str, str, str]]] = {
    "abai": [("Semey", "Семей", "Семей"), ("Ayagoz", "Аягоз", "Аягөз")],
    "akmola": [("Kokshetau", "Кокшетау", "Көкшетау"), ("Shchuchinsk", "Щучинск", "Щучинск")],
    "aktobe": [("Aktobe", "Актобе", "Ақтөбе"), ("Kandyagash", "Кандыагаш", "Қандыағаш")],
    "almaty_region": [("Konaev", "Конаев", "Қонаев"), ("Kaskelen", "Каскелен", "Қаскелең")],
    "atyrau": [("Atyrau", "Атырау", "Атырау"), ("Kulsary", "Кульсары", "Құлсары")],
    "east_kazakhstan": [("Oskemen", "Усть-Каменогорск", "Өскемен"), ("Ridder", "Риддер", "Риддер")],
    "zhambyl": [("Taraz", "Тараз", "Тараз"), ("Shu", "Шу", "Шу")],
    "zhetisu": [("Taldykorgan", "Талдыкорган", "Талдықорған"), ("Tekeli", "Текели", "Текелі")],
    "karaganda": [("Karaganda", "Караганда", "Қарағанды"), ("Temirtau", "Темиртау", "Теміртау")],
    "kostanay": [("Kostanay", "Костанай", "Қостанай"), ("Rudny", "Рудный", "Рудный")],
    "kyzylorda": [("Kyzylorda", "Кызылорда", "Қызылорда"), ("Aralsk", "Аральск", "Арал")],
    "mangystau": [("Aktau", "Актау", "Ақтау"), ("Zhanaozen", "Жанаозен", "Жаңаөзен")],
    "north_kazakhstan": [("Petropavl", "Петропавловск", "Петропавл")],
    "pavlodar": [("Pavlodar", "Павлодар", "Павлодар"), ("Ekibastuz", "Экибастуз", "Екібастұз")],
    "turkistan": [("Turkistan", "Туркестан", "Түркістан"), ("Kentau", "Кентау", "Кентау")],
    "ulytau": [("Zhezkazgan", "Жезказган", "Жезқазған"), ("Satpaev", "Сатпаев", "Сәтбаев")],
    "west_kazakhstan": [("Oral", "Уральск", "Орал"), ("Aksai", "Аксай", "Ақсай")],
    "astana": [("Astana", "Астана", "Астана")],
    "almaty": [("Almaty", "Алматы", "Алматы")],
    "shymkent": [("Shymkent", "Шымкент", "Шымкент")],
}
REGIONS_20 = list(SETTLEMENTS)

# Weighted towards the three cities, as the monitoring is; every region keeps a chance.
REGION_WEIGHTS: dict[str, float] = {code: 2.0 for code in REGIONS_20}
REGION_WEIGHTS.update({"almaty": 14.0, "astana": 9.0, "shymkent": 6.0, "karaganda": 3.0})

# Fictional districts: demo state bodies, courts and police belong to them, never to real
# institutions, so no real body is credited with an invented violation.
DISTRICTS: list[tuple[str, str, str]] = [
    ("Sarybulak", "Сарыбулак", "Сарыбұлақ"),
    ("Karaozek", "Караозек", "Қараөзек"),
    ("Akzhailau", "Акжайлау", "Ақжайлау"),
    ("Taldybulak", "Талдыбулак", "Талдыбұлақ"),
    ("Kokozen", "Кокозен", "Көкөзен"),
    ("Zhelsay", "Желсай", "Желсай"),
    ("Besterek", "Бестерек", "Бестерек"),
    ("Ortakol", "Ортаколь", "Ортакөл"),
]

# --------------------------------------------------------------------------------------------
# Actors
# --------------------------------------------------------------------------------------------


@dataclass
class Actor:
    external_id: str
    kind: str
    actor_type: str
    name: str  # Cyrillic
    name_en: str  # Latin
    name_variants: list[str]
    is_demo: bool = True
    internal_notes: str = ""
    # How the actor is named in running text, per language, when it differs from name/name_en
    # (officials with their post, organisations with their Kazakh name).
    text_names: dict[str, str] = field(default_factory=dict)

    def record(self) -> Record:
        return {
            "schema_version": 1,
            "type": "actor",
            "external_id": self.external_id,
            "kind": self.kind,
            "actor_type": self.actor_type,
            "name": self.name,
            "name_variants": self.name_variants,
            "is_demo": self.is_demo,
            "internal_notes": self.internal_notes,
        }

    def n(self, lang: str) -> str:
        return self.text_names.get(lang) or (self.name_en if lang == "en" else self.name)


MALE_FIRST = [
    ("Асхат", "Askhat"),
    ("Ерлан", "Yerlan"),
    ("Нурлан", "Nurlan"),
    ("Серик", "Serik"),
    ("Бауыржан", "Bauyrzhan"),
    ("Ержан", "Yerzhan"),
    ("Талгат", "Talgat"),
    ("Арман", "Arman"),
    ("Марат", "Marat"),
    ("Тимур", "Timur"),
    ("Дмитрий", "Dmitry"),
    ("Андрей", "Andrey"),
    ("Олжас", "Olzhas"),
    ("Руслан", "Ruslan"),
    ("Канат", "Kanat"),
    ("Айдос", "Aidos"),
    ("Игорь", "Igor"),
    ("Самат", "Samat"),
    ("Мирас", "Miras"),
    ("Алексей", "Alexey"),
]
FEMALE_FIRST = [
    ("Айгерим", "Aigerim"),
    ("Гульнара", "Gulnara"),
    ("Динара", "Dinara"),
    ("Асель", "Assel"),
    ("Жанар", "Zhanar"),
    ("Мадина", "Madina"),
    ("Светлана", "Svetlana"),
    ("Ольга", "Olga"),
    ("Салтанат", "Saltanat"),
    ("Камила", "Kamila"),
    ("Алия", "Aliya"),
    ("Татьяна", "Tatyana"),
    ("Айнур", "Ainur"),
    ("Индира", "Indira"),
    ("Наталья", "Natalya"),
    ("Гаухар", "Gaukhar"),
]
# (Cyrillic masculine, Latin masculine); the feminine form adds -а / -a.
SURNAMES = [
    ("Ахметов", "Akhmetov"),
    ("Жумабаев", "Zhumabayev"),
    ("Касымов", "Kassymov"),
    ("Оспанов", "Ospanov"),
    ("Тулегенов", "Tulegenov"),
    ("Сейткалиев", "Seitkaliyev"),
    ("Бекмуханов", "Bekmukhanov"),
    ("Искаков", "Iskakov"),
    ("Смагулов", "Smagulov"),
    ("Байжанов", "Baizhanov"),
    ("Куанышев", "Kuanyshev"),
    ("Рахимов", "Rakhimov"),
    ("Тажибаев", "Tazhibayev"),
    ("Уалиев", "Ualiyev"),
    ("Шарипов", "Sharipov"),
    ("Абдрахманов", "Abdrakhmanov"),
    ("Ержанов", "Yerzhanov"),
    ("Нургалиев", "Nurgaliyev"),
    ("Соколов", "Sokolov"),
    ("Кузнецов", "Kuznetsov"),
    ("Морозов", "Morozov"),
    ("Лебедев", "Lebedev"),
    ("Никитин", "Nikitin"),
    ("Мусин", "Mussin"),
    ("Жаксылыков", "Zhaksylykov"),
    ("Сарсенбаев", "Sarsenbayev"),
    ("Есенгельдин", "Yessengeldin"),
    ("Кайыржанов", "Kaiyrzhanov"),
    ("Мамбетов", "Mambetov"),
    ("Дюсенов", "Dyussenov"),
]
# Spellings monitors meet in practice, kept as extra name variants.
ALT_LATIN = {
    "Yerlan": "Erlan",
    "Yerzhan": "Erzhan",
    "Assel": "Asel",
    "Askhat": "Asqat",
    "Kassymov": "Kasymov",
    "Mussin": "Musin",
    "Bauyrzhan": "Baurzhan",
}

# Fictional outlets and channels: (Cyrillic/Kazakh name, Latin name, slug, actor_type).
OUTLETS = [
    ("Дала ақпарат", "Dala Aqparat", "dala-aqparat", "media_outlet"),
    ("Степной вестник", "Stepnoy Vestnik", "stepnoy-vestnik", "media_outlet"),
    ("Ертіс таңы", "Ertis Tany", "ertis-tany", "media_outlet"),
    ("Северный курьер", "Severny Kurier", "severny-kurier", "media_outlet"),
    ("Qala Times", "Qala Times", "qala-times", "media_outlet"),
    ("Жайық жаршысы", "Zhaiyq Zharshysy", "zhaiyq-zharshysy", "media_outlet"),
    ("Каспий-Инфо", "Kaspiy-Info", "kaspiy-info", "media_outlet"),
    ("Алатау Пульс", "Alatau Pulse", "alatau-pulse", "media_outlet"),
    ("Сарыарқа Сигнал", "Saryarqa Signal", "saryarqa-signal", "media_outlet"),
    ("Тобыл ньюс", "Tobyl News", "tobyl-news", "media_outlet"),
    ("Оңтүстік Уақыт", "Ontustik Uaqyt", "ontustik-uaqyt", "media_outlet"),
    ("Городской репортёр", "Gorodskoy Reporter", "gorodskoy-reporter", "media_outlet"),
    ("Телеканал «Шұғыла-ТВ»", "Shugyla TV", "shugyla-tv", "media_outlet"),
    ("Радио «Көктем FM»", "Koktem FM", "koktem-fm", "media_outlet"),
    (
        "Телеграм-канал «Правда Караозека»",
        "Pravda Karaozeka (Telegram)",
        "pravda-karaozeka",
        "media_outlet",
    ),
    ("Телеграм-канал «Бестерек live»", "Besterek live (Telegram)", "besterek-live", "media_outlet"),
    ("Жастар үні", "Zhastar Uni", "zhastar-uni", "media_outlet"),
    ("Деловой Павлодар", "Delovoy Pavlodar", "delovoy-pavlodar", "media_outlet"),
]
# Aggregators quoted as sources (fictional; reserved example.org domains).
SOURCE_OUTLETS = [o for o in OUTLETS[:12]]


# Correspondents are never actors: a name in a public record must not reveal who reported.
CORRESPONDENTS = [
    "Алия Тлеубердина",
    "Ерлан Жолдасбеков",
    "Гульмира Сейдахметова",
    "Тимур Нурпеисов",
    "Светлана Коваленко",
    "Нурлан Бекмухамбетов",
]


class ActorBook:
    """All demo actors, grouped by type, with a deterministic picker."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.actors: list[Actor] = []
        self.by_type: dict[str, list[Actor]] = {}
        self._person_names: list[tuple[str, str]] = []
        self._n = 0

    def _next_id(self) -> str:
        self._n += 1
        return f"demo-actor-{self._n:04d}"

    def add(self, actor: Actor) -> Actor:
        self.actors.append(actor)
        self.by_type.setdefault(actor.actor_type, []).append(actor)
        return actor

    def person(self, actor_type: str, post: Text | None = None) -> Actor:
        rng = self.rng
        while True:
            female = rng.random() < 0.45
            first_ru, first_en = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
            sur_ru, sur_en = rng.choice(SURNAMES)
            alt_en = f"{ALT_LATIN.get(first_en, first_en)} {ALT_LATIN.get(sur_en, sur_en)}"
            if female:
                sur_ru, sur_en, alt_en = sur_ru + "а", sur_en + "a", alt_en + "a"
            if (first_ru, sur_ru) not in self._person_names:
                self._person_names.append((first_ru, sur_ru))
                break
        name_ru, name_en = f"{first_ru} {sur_ru}", f"{first_en} {sur_en}"
        variants = [name_en, f"{sur_ru} {first_ru}"]
        if alt_en != name_en:
            variants.append(alt_en)
        actor = Actor(self._next_id(), "person", actor_type, name_ru, name_en, variants)
        if post:
            actor.text_names = {
                "en": f"{post['en']} {name_en}",
                "ru": f"{post['ru']} {name_ru}",
                "kk": f"{post['kk']} {name_ru}",
            }
        return self.add(actor)

    def org(
        self, actor_type: str, ru: str, en: str, kk: str = "", extra: Iterable[str] = ()
    ) -> Actor:
        variants = [en, *([kk] if kk and kk != ru else []), *extra]
        actor = Actor(self._next_id(), "organisation", actor_type, ru, en, variants)
        if kk:
            actor.text_names = {"kk": kk}
        return self.add(actor)

    def pick(self, actor_type: str) -> Actor:
        return self.rng.choice(self.by_type[actor_type])


def build_actors(rng: random.Random) -> ActorBook:
    book = ActorBook(rng)
    unknown = book.org("unknown", "Неустановленные лица", "Unknown persons", "Белгісіз тұлғалар")
    unknown.name_variants.append("Неизвестные")
    for _ in range(34):
        book.person("journalist")
    for _ in range(14):
        book.person("blogger")
    for ru, en, slug, atype in OUTLETS:
        book.org(atype, ru, en, extra=[f"{slug}.example.org"])
    for _ in range(8):
        book.person("newsmaker")
    for en, ru, kk in DISTRICTS:
        book.org(
            "state_body",
            f"Аппарат акима {ru}ского района",
            f"Akimat of {en} district",
            f"{kk} ауданы әкімінің аппараты",
        )
    for en, ru, kk in DISTRICTS[:5]:
        book.org(
            "state_body",
            f"Отдел образования {ru}ского района",
            f"Education department of {en} district",
            f"{kk} ауданының білім бөлімі",
        )
        book.org(
            "state_body",
            f"Отдел внутренней политики {ru}ского района",
            f"Internal policy department of {en} district",
            f"{kk} ауданының ішкі саясат бөлімі",
        )
    posts = [
        ("akim of {} district", "аким {}ского района", "{} ауданының әкімі"),
        (
            "deputy akim of {} district",
            "заместитель акима {}ского района",
            "{} ауданы әкімінің орынбасары",
        ),
        (
            "head of the {} district housing department",
            "руководитель отдела ЖКХ {}ского района",
            "{} ауданының тұрғын үй бөлімінің басшысы",
        ),
    ]
    for i in range(14):
        en_p, ru_p, kk_p = posts[i % len(posts)]
        d_en, d_ru, d_kk = DISTRICTS[i % len(DISTRICTS)]
        book.person("official", text(en_p.format(d_en), ru_p.format(d_ru), kk_p.format(d_kk)))
    for en, ru, kk in DISTRICTS:
        book.org(
            "court", f"Районный суд {ru}ского района", f"{en} District Court", f"{kk} аудандық соты"
        )
    for en, ru, kk in DISTRICTS[:6]:
        book.org(
            "law_enforcement",
            f"Отдел полиции {ru}ского района",
            f"{en} District Police Department",
            f"{kk} ауданының полиция бөлімі",
        )
    companies = [
        ("ТОО «Сарыбулак Агро»", "Sarybulak Agro LLP"),
        ("АО «Караозек Энерго»", "Karaozek Energo JSC"),
        ("ТОО «Бестерек Строй»", "Besterek Stroy LLP"),
        ("ТОО «Желсай Трейд»", "Zhelsay Trade LLP"),
        ("ТОО «Ортаколь Медиа Групп»", "Ortakol Media Group LLP"),
        ("ТОО «КокозенТеплоСервис»", "Kokozen Teplo Service LLP"),
        ("ТОО «Акжайлау Девелопмент»", "Akzhailau Development LLP"),
        ("ТОО «Талдыбулак Водоканал»", "Taldybulak Vodokanal LLP"),
    ]
    for ru, en in companies:
        book.org("company", ru, en)
    for _ in range(16):
        book.person("private_person")
    # A few confidential notes, so the public export has something to strip.
    notes = [
        "Contact via the regional correspondent only; asked not to be named publicly.",
        "Lawyer from the Foundation's legal service consulted on 2024-02-12.",
        "Phone number and home address kept in the correspondent's file.",
        "Possible conflict of interest with a local official — verify before quoting.",
    ]
    for i, a in enumerate(book.by_type["journalist"][:8]):
        a.internal_notes = notes[i % len(notes)]
    return book


@dataclass
class RealActors:
    azattyq: Actor
    mfa: Actor
    protenge: Actor
    maricheva: Actor
    adilbekov: Actor
    dikaya_orda: Actor
    obozhayu: Actor
    almaty_police: Actor
    astana_adm_court: Actor


def build_real_actors() -> RealActors:
    def real(
        ext: str, kind: str, atype: str, name: str, en: str, variants: list[str], kk: str = ""
    ) -> Actor:
        return Actor(
            f"as-actor-{ext}",
            kind,
            atype,
            name,
            en,
            variants,
            is_demo=False,
            text_names={"kk": kk} if kk else {},
        )

    return RealActors(
        azattyq=real(
            "azattyq",
            "organisation",
            "media_outlet",
            "Радио Азаттык",
            "Radio Azattyq",
            ["Radio Azattyq", "Азаттық радиосы", "RFE/RL Kazakh Service", "Азаттык"],
            "Азаттық радиосы",
        ),
        mfa=real(
            "kz-mfa",
            "organisation",
            "state_body",
            "Министерство иностранных дел РК",
            "Ministry of Foreign Affairs of Kazakhstan",
            [
                "Ministry of Foreign Affairs of Kazakhstan",
                "МИД РК",
                "ҚР Сыртқы істер министрлігі",
                "MFA",
            ],
            "ҚР Сыртқы істер министрлігі",
        ),
        protenge=real(
            "protenge",
            "organisation",
            "media_outlet",
            "ProTenge",
            "ProTenge",
            ["Про Тенге", "ProTenge Telegram channel"],
        ),
        maricheva=real(
            "jamila-maricheva",
            "person",
            "journalist",
            "Джамиля Маричева",
            "Jamila Maricheva",
            ["Jamila Maricheva", "Жамиля Маричева", "Dzhamilya Maricheva"],
        ),
        adilbekov=real(
            "daniyar-adilbekov",
            "person",
            "blogger",
            "Данияр Адилбеков",
            "Daniyar Adilbekov",
            ["Daniyar Adilbekov", "Данияр Әділбеков"],
        ),
        dikaya_orda=real(
            "dikaya-orda",
            "organisation",
            "media_outlet",
            "Телеграм-канал «Дикая Орда»",
            "Dikaya Orda (Telegram)",
            ["Dikaya Orda", "Дикая Орда"],
        ),
        obozhayu=real(
            "obozhayu",
            "organisation",
            "media_outlet",
            "Телеграм-канал «Обожаю»",
            '"Obozhayu" (Telegram)',
            ["Obozhayu", "Обожаю"],
        ),
        almaty_police=real(
            "almaty-police",
            "organisation",
            "law_enforcement",
            "Департамент полиции города Алматы",
            "Almaty Police Department",
            ["Almaty Police Department", "ДП Алматы", "Алматы қаласы полиция департаменті"],
            "Алматы қаласы полиция департаменті",
        ),
        astana_adm_court=real(
            "astana-sima-court",
            "organisation",
            "court",
            "Специализированный межрайонный административный суд г. Астаны",
            "Specialized Interdistrict Administrative Court of Astana",
            ["Specialized Interdistrict Administrative Court of Astana", "СМАС г. Астаны"],
        ),
    )


# --------------------------------------------------------------------------------------------
# Incident text templates, one or two per leaf category. Placeholders: {v} victim, {p}
# perpetrator, {s} settlement, {x} a detail. Russian avoids gendered past tenses on purpose
# (names are generated), Kazakh verbs carry no gender.
# --------------------------------------------------------------------------------------------

# code -> list of (title en/ru/kk, summary en/ru/kk); kk may be "".
T = tuple[str, str, str, str, str, str]
TEMPLATES: dict[str, list[T]] = {
    "R.obstruction": [
        (
            "{s}: journalist prevented from filming",
            "{s}: журналисту помешали вести съёмку",
            "{s}: журналиске түсірілімге кедергі жасалды",
            "{v} reports being stopped from filming on {x}; the camera was "
            "covered by people acting "
            "for {p}.",
            "{v} сообщает о препятствии съёмке на тему «{x}»: камеру закрывали руками. Сторона "
            "конфликта — {p}.",
            "{v} «{x}» тақырыбында түсірілім жүргізуге кедергі жасалғанын хабарлады.",
        ),
        (
            "{s}: reporter removed from a public hearing",
            "{s}: репортёра удалили с общественных слушаний",
            "{s}: тілшіні қоғамдық тыңдаудан шығарды",
            "{v} was asked to leave public hearings on {x}; the order came from {p}.",
            "С общественных слушаний на тему «{x}» удалили журналиста. Пострадавшая сторона: {v}. "
            "Распоряжение исходило от стороны: {p}.",
            "{v} «{x}» тақырыбындағы қоғамдық тыңдаудан шығарылды.",
        ),
    ],
    "R.attack": [
        (
            "{s}: journalist attacked while reporting",
            "{s}: нападение на журналиста во время работы",
            "{s}: журналиске шабуыл жасалды",
            "{v} was assaulted while reporting on {x}; the police registered a complaint.",
            "Нападение во время подготовки материала на тему «{x}». Пострадавшая сторона: {v}. "
            "Полиция зарегистрировала заявление.",
            "{v} «{x}» тақырыбында материал әзірлеп жүргенде шабуылға ұшырады.",
        ),
    ],
    "R.threat": [
        (
            "{s}: threats after a publication",
            "{s}: угрозы после публикации",
            "{s}: жарияланымнан кейін қоқан-лоқы",
            "{v} received threats by phone and in messengers after a publication on {x}.",
            "После публикации на тему «{x}» {v} получает угрозы по телефону и в мессенджерах.",
            "{v} «{x}» туралы жарияланымнан кейін қорқыту хабарламаларын алды.",
        ),
        (
            "{s}: editorial office threatened",
            "{s}: угрозы в адрес редакции",
            "{s}: редакцияға қоқан-лоқы",
            '{p} threatened the editors of {v} with "consequences" over a story on {x}.',
            "{v}: редакции угрожают «последствиями» из-за материала на тему "
            "«{x}». Источник угроз — "
            "{p}.",
            "",
        ),
    ],
    "R.detention": [
        (
            "{s}: journalist detained",
            "{s}: задержание журналиста",
            "{s}: журналист ұсталды",
            "{v} was detained while covering {x} and released after several hours at the police "
            "station.",
            "Задержание во время освещения темы «{x}»; через несколько часов журналиста отпустили "
            "из отдела полиции. Задержан(а): {v}.",
            "{v} «{x}» тақырыбын жариялап жүргенде ұсталып, бірнеше сағаттан кейін босатылды.",
        ),
    ],
    "R.summons": [
        (
            "{s}: blogger summoned to the police",
            "{s}: блогера вызвали в полицию",
            "{s}: блогер полицияға шақырылды",
            '{v} was summoned by {p} for "a conversation" about posts on {x}.',
            "{v} вызван(а) для «беседы» о публикациях на тему «{x}». Вызов направил: {p}.",
            "{v} «{x}» туралы жазбалары үшін «әңгімеге» шақырылды.",
        ),
    ],
    "R.discrediting": [
        (
            "{s}: fake account posing as {v}",
            "{s}: фейковый аккаунт от имени представителя госсектора",
            "{s}: мемлекеттік сектор өкілі атынан жалған аккаунт",
            "A fake account posing as {v} spread messages about {x}; its authors are unknown.",
            "Фейковый аккаунт распространяет сообщения на тему «{x}» от "
            "имени: {v}. Авторы аккаунта "
            "не установлены.",
            "«{x}» туралы хабарламалар жалған аккаунт арқылы таратылды. Кімнің атынан: {v}.",
        ),
    ],
    "R.discrediting.media": [
        (
            "{s}: smear campaign against {v}",
            "{s}: кампания по дискредитации журналиста",
            "{s}: журналистің беделін түсіру науқаны",
            'Anonymous channels accuse {v} of "paid" publications on {x}.',
            "Анонимные каналы обвиняют в «заказных» публикациях на тему «{x}»: {v}.",
            "",
        ),
    ],
    "R.image_misuse": [
        (
            "{s}: fraudsters use the logo of {v}",
            "{s}: мошенники используют логотип СМИ",
            "{s}: алаяқтар БАҚ логотипін пайдалануда",
            "Fraudulent posts about {x} use the logo and name of {v}.",
            "Мошеннические публикации на тему «{x}» распространяются под "
            "логотипом и названием: {v}.",
            "",
        ),
    ],
    "R.insult": [
        (
            "{s}: journalist insulted at a briefing",
            "{s}: оскорбление журналиста на брифинге",
            "{s}: брифингте журналист қорланды",
            "At a briefing on {x}, {p} insulted {v} in front of colleagues.",
            "На брифинге на тему «{x}» журналиста публично оскорбили. Пострадавшая сторона: {v}; "
            "сторона — {p}.",
            "",
        ),
    ],
    "R.copyright": [
        (
            "{s}: material copied without credit",
            "{s}: материал перепечатан без ссылки",
            "",
            "An investigation by {v} on {x} was republished without credit by {p}.",
            "Расследование на тему «{x}» перепечатано без ссылки на "
            "источник. Правообладатель: {v}; "
            "перепечатал: {p}.",
            "",
        ),
    ],
    "R.media_interference": [
        (
            "{s}: pressure on an editorial office",
            "{s}: давление на редакцию",
            "{s}: редакцияға қысым",
            "{p} demanded that {v} remove a publication on {x} and cancelled "
            "an advertising contract.",
            "{v}: от редакции требуют удалить публикацию на тему «{x}», рекламный договор "
            "расторгнут. Сторона — {p}.",
            "",
        ),
    ],
    "I.refusal": [
        (
            "{s}: no answer to an information request",
            "{s}: нет ответа на информационный запрос",
            "{s}: ақпараттық сұрауға жауап жоқ",
            "{v} has had no answer within the legal deadline to a request on {x} sent to {p}.",
            "{v} не получает ответа в установленный законом срок на запрос на тему «{x}». Адресат "
            "запроса — {p}.",
            "{v} «{x}» туралы сұрауына заңда белгіленген мерзімде жауап алмады.",
        ),
        (
            '{s}: information refused as "for internal use"',
            "{s}: отказ в информации со ссылкой на «служебное пользование»",
            "{s}: ақпарат «қызмет бабында пайдалану үшін» деп берілмеді",
            '{p} refused to give {v} data on {x}, calling it "for internal use".',
            "На запрос на тему «{x}» дан отказ со ссылкой на «служебное пользование». Автор "
            "запроса: {v}; адресат — {p}.",
            "",
        ),
    ],
    "I.accreditation": [
        (
            "{s}: accreditation denied",
            "{s}: отказ в аккредитации",
            "{s}: аккредитациядан бас тартылды",
            "{p} refused to accredit {v} for an event on {x} without giving reasons.",
            "Отказ в аккредитации на мероприятие на тему «{x}» без "
            "объяснения причин. Кому отказано: "
            "{v}; отказал: {p}.",
            "{v} «{x}» тақырыбындағы іс-шараға себепсіз аккредиттелмеді.",
        ),
    ],
    "I.discrimination": [
        (
            "{s}: outlet excluded from briefings",
            "{s}: издание не допускают на брифинги",
            "",
            "{v} is left off the invitation list for briefings on {x}, "
            "unlike state-funded outlets.",
            "{v}: издание не включают в список приглашённых на брифинги на "
            "тему «{x}», в отличие от "
            "государственных СМИ.",
            "",
        ),
    ],
    "I.court_transparency": [
        (
            "{s}: journalist not admitted to an open trial",
            "{s}: журналиста не пустили на открытый процесс",
            "{s}: журналист ашық сот отырысына жіберілмеді",
            "{v} was not admitted to an open hearing on {x}; the bailiff cited the judge's order.",
            "{v} не допущен(а) на открытое заседание по делу на тему «{x}»; пристав сослался на "
            "распоряжение судьи.",
            "",
        ),
    ],
    "I.blocking": [
        (
            "{s}: access to a site restricted",
            "{s}: ограничен доступ к сайту",
            "{s}: сайтқа кіру шектелді",
            "Access to the site of {v} was restricted after a publication on {x}.",
            "{v}: доступ к сайту ограничен после публикации на тему «{x}».",
            "{v}: «{x}» туралы жарияланымнан кейін сайтқа кіру шектелді.",
        ),
    ],
    "I.closure": [
        (
            "{s}: outlet suspended",
            "{s}: приостановлен выпуск издания",
            "{s}: басылым тоқтатылды",
            "{v} was suspended after an inspection for alleged breaches of registration rules.",
            "{v}: выпуск приостановлен после проверки из-за якобы нарушенных правил постановки на "
            "учёт.",
            "",
        ),
    ],
    "I.cyber": [
        (
            "{s}: DDoS attack on a news site",
            "{s}: DDoS-атака на новостной сайт",
            "{s}: жаңалықтар сайтына DDoS-шабуыл",
            "The site of {v} was down for hours under a DDoS attack after a publication on {x}.",
            "{v}: сайт несколько часов не работал из-за DDoS-атаки после публикации на тему «{x}».",
            "{v}: сайт «{x}» туралы жарияланымнан кейін DDoS-шабуылға ұшырады.",
        ),
        (
            "{s}: editorial social media account hacked",
            "{s}: взломан аккаунт редакции",
            "{s}: редакцияның аккаунты бұзылды",
            "Unknown persons took over the social media account of {v} and posted about {x}.",
            "{v}: неизвестные получили доступ к аккаунту редакции в соцсети и разместили посты на "
            "тему «{x}».",
            "",
        ),
    ],
    "I.persecution": [
        (
            "{s}: resident persecuted for a video appeal",
            "{s}: преследование за видеообращение",
            "",
            "{v} faces pressure at work after a video appeal about {x}.",
            "{v} подвергается давлению на работе после видеообращения на тему «{x}».",
            "",
        ),
    ],
    "L.criminal.false_info": [
        (
            '{s}: criminal case over "false information"',
            "{s}: уголовное дело о «ложной информации»",
            "{s}: «жалған ақпарат» бойынша қылмыстық іс",
            "A pre-trial investigation under Article 274 of the Penal Code was opened against {v} "
            "over posts on {x}.",
            "Начато досудебное расследование по ст. 274 УК РК из-за публикаций на тему «{x}». "
            "Фигурант: {v}.",
            "«{x}» туралы жазбалар үшін ҚР ҚК 274-бабы бойынша сотқа дейінгі тергеу басталды. "
            "Күдікті: {v}.",
        ),
    ],
    "L.criminal.discord": [
        (
            "{s}: blogger investigated for inciting discord",
            "{s}: блогеру вменяют разжигание розни",
            "",
            "{v} is under investigation under Article 174 of the Penal Code "
            "over a video about {x}.",
            "{v} проходит по делу о разжигании розни (ст. 174 УК РК) из-за видео на тему «{x}».",
            "",
        ),
    ],
    "L.criminal.other": [
        (
            "{s}: criminal complaint against a journalist",
            "{s}: заявление в полицию на журналиста",
            "",
            "{p} filed a criminal complaint against {v} after an investigation on {x}.",
            "После расследования на тему «{x}» в полицию подано заявление на "
            "журналиста. Заявитель — "
            "{p}; журналист — {v}.",
            "",
        ),
    ],
    "L.civil": [
        (
            "{s}: honour and dignity lawsuit against {v}",
            "{s}: иск о защите чести и достоинства к СМИ",
            "{s}: БАҚ-қа ар-намыс туралы талап",
            "{p} is suing {v} over a publication on {x}, claiming {amount} tenge in moral damages.",
            "Истец ({p}) требует опровергнуть публикацию на тему «{x}» и взыскать {amount} тенге "
            "морального вреда. Ответчик: {v}.",
            "Талапкер ({p}) «{x}» туралы жарияланымды жоққа шығаруды және {amount} теңге моральдық "
            "зиян өндіруді талап етеді. Жауапкер: {v}.",
        ),
        (
            "{s}: pre-trial claim against {v}",
            "{s}: досудебная претензия к СМИ",
            "",
            "{p} sent {v} a pre-trial claim demanding a retraction of a story on {x}.",
            "Досудебная претензия с требованием опровергнуть материал на "
            "тему «{x}». Заявитель: {p}; "
            "адресат: {v}.",
            "",
        ),
    ],
    "L.administrative.false_info": [
        (
            '{s}: protocol for "false information"',
            "{s}: протокол за «ложную информацию»",
            "{s}: «жалған ақпарат» үшін хаттама",
            "Police drew up a protocol against {v} under Article 456-2 of the Administrative Code "
            "over a post on {x}.",
            "Составлен протокол по ст. 456-2 КоАП РК из-за поста на тему «{x}». Привлекаемое лицо: "
            "{v}.",
            "«{x}» туралы жазба үшін ӘҚБтК 456-2-бабы бойынша хаттама толтырылды. Жауапқа "
            "тартылған: {v}.",
        ),
    ],
    "L.administrative.defamation": [
        (
            "{s}: administrative slander case against {v}",
            "{s}: административное дело о клевете",
            "{s}: жала жабу туралы әкімшілік іс",
            "After a complaint by {p} about a publication on {x}, {v} faces a slander case under "
            "Article 73-3 of the Administrative Code.",
            "По жалобе на публикацию на тему «{x}» возбуждено дело по ст. 73-3 КоАП РК. "
            "Заявитель — {p}; привлекаемое лицо — {v}.",
            "",
        ),
    ],
    "L.administrative.election": [
        (
            "{s}: fined under the election law",
            "{s}: штраф по избирательному законодательству",
            "",
            "{v} was fined for publishing material on {x} during the campaign silence period.",
            "{v}: штраф за публикацию материала на тему «{x}» в период предвыборной тишины.",
            "",
        ),
    ],
    "L.administrative": [
        (
            '{s}: blogger fined for "petty hooliganism"',
            "{s}: штраф блогеру за «мелкое хулиганство»",
            "",
            "{v} was fined under Article 434 of the Administrative Code after filming {x}.",
            "{v} оштрафован(а) по ст. 434 КоАП РК после съёмки на тему «{x}».",
            "",
        ),
    ],
}

# Topics ({x}), (en, ru, kk).
TOPICS: list[tuple[str, str, str]] = [
    (
        "the flood relief effort",
        "помощь пострадавшим от паводков",
        "су тасқынынан зардап шеккендерге көмек",
    ),
    ("a school canteen tender", "тендер на школьное питание", "мектеп асханасы тендері"),
    ("road repairs", "ремонт дорог", "жол жөндеу"),
    ("utility tariffs", "тарифы на коммунальные услуги", "коммуналдық тарифтер"),
    ("land allocation", "выделение земельных участков", "жер телімдерін бөлу"),
    (
        "a hospital shortage of medicines",
        "нехватка лекарств в больнице",
        "ауруханадағы дәрі тапшылығы",
    ),
    ("the district budget", "районный бюджет", "аудан бюджеті"),
    ("air pollution", "загрязнение воздуха", "ауаның ластануы"),
    ("a heating plant breakdown", "авария на ТЭЦ", "ЖЭО-дағы апат"),
    ("a demolition of garages", "снос гаражей", "гараждарды бұзу"),
    ("stray dogs", "бездомные собаки", "қаңғыбас иттер"),
    (
        "the akim's report to residents",
        "отчёт акима перед населением",
        "әкімнің халық алдындағы есебі",
    ),
    (
        "a court case against a local businessman",
        "суд над местным бизнесменом",
        "жергілікті кәсіпкерге қатысты сот",
    ),
    ("water supply in the villages", "водоснабжение сёл", "ауылдарды сумен қамту"),
    ("a housing queue", "очередь на жильё", "тұрғын үй кезегі"),
    (
        "a mining company's emissions",
        "выбросы горнодобывающей компании",
        "тау-кен компаниясының шығарындылары",
    ),
]

AMOUNTS = [
    500_000,
    1_000_000,
    2_000_000,
    3_000_000,
    5_000_000,
    10_000_000,
    20_000_000,
    50_000_000,
    100_000_000,
]

# Who is hurt and who acts, per block/leaf: lists of actor types to draw from.
ROLES: dict[str, tuple[list[str], list[str]]] = {
    "R.obstruction": (["journalist"], ["official", "law_enforcement", "company", "private_person"]),
    "R.attack": (["journalist", "blogger"], ["unknown", "private_person"]),
    "R.threat": (
        ["journalist", "media_outlet", "blogger"],
        ["unknown", "private_person", "official"],
    ),
    "R.detention": (["journalist", "blogger"], ["law_enforcement"]),
    "R.summons": (["journalist", "blogger"], ["law_enforcement", "state_body"]),
    "R.discrediting": (["official", "state_body"], ["unknown"]),
    "R.discrediting.media": (["journalist", "media_outlet"], ["unknown"]),
    "R.image_misuse": (["media_outlet"], ["unknown"]),
    "R.insult": (["journalist"], ["official", "private_person"]),
    "R.copyright": (["media_outlet"], ["media_outlet", "company"]),
    "R.media_interference": (["media_outlet"], ["state_body", "company"]),
    "I.refusal": (["journalist", "media_outlet"], ["state_body", "official"]),
    "I.accreditation": (["journalist", "media_outlet"], ["state_body"]),
    "I.discrimination": (["media_outlet"], ["state_body"]),
    "I.court_transparency": (["journalist"], ["court"]),
    "I.blocking": (["media_outlet", "blogger"], ["unknown", "state_body"]),
    "I.closure": (["media_outlet"], ["state_body", "court", "company"]),
    "I.cyber": (["media_outlet"], ["unknown"]),
    "I.persecution": (["private_person", "blogger"], ["law_enforcement", "official"]),
    "L.criminal.false_info": (["journalist", "blogger", "private_person"], ["law_enforcement"]),
    "L.criminal.discord": (["blogger", "private_person"], ["law_enforcement"]),
    "L.criminal.other": (["journalist", "blogger"], ["official", "company"]),
    "L.civil": (
        ["media_outlet", "journalist"],
        ["official", "company", "private_person", "state_body"],
    ),
    "L.administrative.false_info": (
        ["journalist", "blogger", "private_person"],
        ["law_enforcement"],
    ),
    "L.administrative.defamation": (["journalist", "blogger"], ["official", "private_person"]),
    "L.administrative.election": (["journalist", "media_outlet"], ["state_body"]),
    "L.administrative": (["blogger", "journalist"], ["law_enforcement"]),
}

LEGAL_REFS: dict[str, list[str]] = {
    "L.criminal.false_info": ["PC 274"],
    "L.criminal.discord": ["PC 174"],
    "L.civil": ["CC 143"],
    "L.administrative.false_info": ["AdmC 456-2"],
    "L.administrative.defamation": ["AdmC 73-3"],
    "L.administrative": ["AdmC 434"],
}

# Taxonomy order of the codes, so a multi-category incident lists them as the taxonomy does
# (R before I before L) whatever order an exporter uses.
CODE_ORDER = [
    "R.obstruction",
    "R.attack",
    "R.threat",
    "R.detention",
    "R.summons",
    "R.discrediting",
    "R.image_misuse",
    "R.insult",
    "R.copyright",
    "R.media_interference",
    "I.refusal",
    "I.accreditation",
    "I.discrimination",
    "I.court_transparency",
    "I.blocking",
    "I.closure",
    "I.cyber",
    "I.persecution",
    "L.criminal",
    "L.criminal.false_info",
    "L.criminal.discord",
    "L.criminal.other",
    "L.civil",
    "L.administrative",
    "L.administrative.false_info",
    "L.administrative.defamation",
    "L.administrative.election",
]

R_WEIGHTS = {
    "R.obstruction": 3,
    "R.attack": 1,
    "R.threat": 2,
    "R.detention": 1,
    "R.summons": 2,
    "R.discrediting": 4,
    "R.image_misuse": 2,
    "R.insult": 2,
    "R.copyright": 1,
    "R.media_interference": 1,
}
I_WEIGHTS = {
    "I.refusal": 12,
    "I.accreditation": 1.5,
    "I.discrimination": 1,
    "I.court_transparency": 1.5,
    "I.blocking": 2,
    "I.closure": 0.5,
    "I.cyber": 3,
    "I.persecution": 1,
}
L_WEIGHTS = {
    "L.criminal.false_info": 1.5,
    "L.criminal.discord": 0.5,
    "L.criminal.other": 0.4,
    "L.civil": 5,
    "L.administrative.false_info": 1.6,
    "L.administrative.defamation": 1.8,
    "L.administrative.election": 0.2,
    "L.administrative": 0.6,
}


def sentence(value: str) -> str:
    """Capitalise the first letter: templates may start with an official's post ("akim of …")."""
    return value[:1].upper() + value[1:]


def weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def iso_utc(d: date, hour: int = 5) -> str:
    # Stored and exported in UTC so the text does not depend on the tz database version
    # (Kazakhstan moved to a single UTC+5 zone on 1 March 2024).
    return f"{d.isoformat()}T{hour:02d}:00:00+00:00"


def publication_time(recorded: date) -> str:
    """The monthly overview is published early in the following month."""
    year, month = (
        (recorded.year + 1, 1) if recorded.month == 12 else (recorded.year, recorded.month + 1)
    )
    return iso_utc(date(year, month, 5))


# --------------------------------------------------------------------------------------------
# Incident generation
# --------------------------------------------------------------------------------------------


@dataclass
class Spec:
    """What one incident must be; the generator fills the rest."""

    codes: list[str]  # leaf codes; "R.discrediting.media" is template-only (coded R.discrediting)
    status: str = "published"
    region: str = ""
    victim_types: list[str] = field(default_factory=list)


class IncidentMaker:
    def __init__(self, rng: random.Random, book: ActorBook) -> None:
        self.rng = rng
        self.book = book
        self.region_cycle: list[str] = []
        self.amounts: dict[str, int] = {}  # claimed tenge per incident, reused by its case

    def region(self, code: str) -> str:
        rng = self.rng
        if code == "I.cyber" and rng.random() < 0.6:
            return "online"
        if code in ("I.blocking", "R.image_misuse") and rng.random() < 0.4:
            return "online"
        if code in ("R.threat", "R.discrediting.media", "I.cyber") and rng.random() < 0.1:
            return "abroad"
        if rng.random() < 0.015:
            return "unknown"
        # A short round-robin so every region appears over a year, then weighted draws.
        if self.region_cycle:
            return self.region_cycle.pop()
        return weighted(rng, REGION_WEIGHTS)

    def make(self, ext: str, recorded: date, spec: Spec, compact: bool = False) -> Record:
        """One incident; `compact` (last year's records) keeps titles only: year-over-year
        statistics need no more, and it keeps the shipped files small."""
        rng = self.rng
        tpl_code = spec.codes[0]
        codes = ["R.discrediting" if c == "R.discrediting.media" else c for c in spec.codes]
        codes.sort(key=CODE_ORDER.index)
        primary = codes[0]
        victim_types, perp_types = ROLES[tpl_code]
        if spec.victim_types:
            victim_types = spec.victim_types
        victim = self.book.pick(rng.choice(victim_types))
        perp = self.book.pick(rng.choice(perp_types))
        region = spec.region or self.region(tpl_code)
        settlements = SETTLEMENTS.get(region)
        # Titles open with the place ("Almaty: ..."), except for online/abroad/unknown.
        s_en, s_ru, s_kk = rng.choice(settlements) if settlements else ("", "", "")
        topic = rng.choice(TOPICS)
        amount = rng.choice(AMOUNTS)
        if "L.civil" in spec.codes:
            self.amounts[ext] = amount
        t = rng.choice(TEMPLATES[tpl_code])
        fmt = {
            "en": {
                "v": victim.n("en"),
                "p": perp.n("en"),
                "s": s_en,
                "x": topic[0],
                "amount": f"{amount:,}",
            },
            "ru": {
                "v": victim.n("ru"),
                "p": perp.n("ru"),
                "s": s_ru,
                "x": topic[1],
                "amount": f"{amount:,}".replace(",", " "),
            },
            "kk": {
                "v": victim.n("kk"),
                "p": perp.n("kk"),
                "s": s_kk,
                "x": topic[2],
                "amount": f"{amount:,}".replace(",", " "),
            },
        }
        # Kazakh is often missing and Russian occasionally, as in real data: reports fall back.
        with_kk = rng.random() < 0.4 and not compact
        without_ru = rng.random() < 0.03
        title = text(
            sentence(t[0].format(**fmt["en"]).removeprefix(": ")),
            "" if without_ru else sentence(t[1].format(**fmt["ru"]).removeprefix(": ")),
            sentence(t[2].format(**fmt["kk"]).removeprefix(": ")) if with_kk and t[2] else "",
        )
        # Short items ("Also in April") often have a headline only.
        if compact or rng.random() < 0.3:
            summary: Text = {}
        else:
            summary = text(
                sentence(t[3].format(**fmt["en"])),
                "" if without_ru else sentence(t[4].format(**fmt["ru"])),
                sentence(t[5].format(**fmt["kk"])) if with_kk and t[5] else "",
            )
        # When it happened: usually a few days before it became known; sometimes the month only,
        # sometimes last month ("became known in April"), sometimes not known at all.
        roll = rng.random()
        if roll < 0.72:
            occurred = (recorded - timedelta(days=rng.randint(0, 6))).isoformat()
        elif roll < 0.84:
            occurred = recorded.strftime("%Y-%m")
        elif roll < 0.94:
            prev = recorded.replace(day=1) - timedelta(days=1)
            occurred = prev.replace(day=rng.randint(1, prev.day)).isoformat()
        else:
            occurred = ""
        legal: list[str] = []
        for c in codes:
            legal += LEGAL_REFS.get(c, [])
        sources = self.sources(recorded, "" if compact else title.get("en", ""))
        tags: list[str] = []
        if "flood" in topic[0] and recorded.year == 2024 and 3 <= recorded.month <= 5:
            tags.append("floods-2024")
        if region == "online" or "I.cyber" in codes:
            tags.append("online")
        if any(c.endswith("false_info") for c in codes):
            tags.append("false-information")
        if rng.random() < 0.08:
            tags.append("follow-up")
        notes = ""
        if rng.random() < 0.07:
            notes = rng.choice(
                [
                    "Victim asked not to publish the name of the outlet's owner.",
                    "Correspondent to confirm the date with the court office.",
                    "Second source pending; do not quote the police officer by name.",
                    "Duplicate report received from the Shymkent correspondent, merged here.",
                ]
            )
        status = spec.status
        return {
            "schema_version": 1,
            "type": "incident",
            "external_id": ext,
            "recorded_on": recorded.isoformat(),
            "occurred_on": occurred if status != "draft" or rng.random() < 0.5 else "",
            "title": title,
            "summary": summary,
            "region": region,
            "settlement": s_en if settlements else "",
            "taxonomy": TAXONOMY,
            "categories": codes,
            "primary_category": primary,
            "victims": [victim.external_id],
            "perpetrators": [perp.external_id],
            "legal_refs": legal,
            "sources": sources,
            "status": status,
            "status_changed_at": publication_time(recorded) if status == "published" else "",
            "tags": sorted(tags),
            "is_demo": True,
            "internal_notes": notes,
        }

    def sources(self, recorded: date, title_en: str) -> list[Record]:
        rng = self.rng
        out: list[Record] = []
        if rng.random() < 0.18:
            out.append(
                {
                    "kind": "correspondent",
                    "url": "",
                    "outlet": "",
                    "title": "Correspondent report",
                    "published_on": "",
                    "confidential": True,
                    "correspondent": rng.choice(CORRESPONDENTS),
                }
            )
        n_public = 0 if out and rng.random() < 0.5 else rng.choice([1] * 9 + [2])
        for _ in range(n_public):
            _ru, en, slug, _t = rng.choice(SOURCE_OUTLETS)
            day = recorded - timedelta(days=rng.randint(0, 2))
            path = f"{day.year}/{rng.randint(10000, 99999)}"
            out.append(
                {
                    "kind": "url",
                    "url": f"https://{slug}.example.org/{path}",
                    "outlet": en,
                    "title": title_en if rng.random() < 0.3 else "",
                    "published_on": day.isoformat(),
                    "confidential": False,
                    "correspondent": "",
                }
            )
        if rng.random() < 0.04:
            out.append(
                {
                    "kind": "document",
                    "url": "",
                    "outlet": "",
                    "title": "Copy of the official reply",
                    "published_on": recorded.isoformat(),
                    "confidential": rng.random() < 0.5,
                    "correspondent": "",
                }
            )
        return out


def month_plan(rng: random.Random, year: int, month: int) -> list[Spec]:
    """A random month: R 12–24, I 16–32 (refusals the largest item), L 10–25 incidents."""
    specs: list[Spec] = []
    scale = 0.6 if year == 2023 else 1.0
    n_r = round(rng.randint(10, 17) * scale)
    n_i = round(rng.randint(14, 22) * scale)
    n_l = round(rng.randint(10, 17) * scale)
    l_weights = dict(L_WEIGHTS)
    if (year, month) < (2023, 7):
        l_weights.pop("L.administrative.false_info")  # AdmC 456-2 exists only since July 2023
    if (year, month) in ((2023, 2), (2023, 3)):
        l_weights["L.administrative.election"] = 2.5  # Majilis elections, March 2023
    for _ in range(n_r):
        code = weighted(rng, R_WEIGHTS)
        if code == "R.discrediting" and rng.random() < 0.35:
            code = "R.discrediting.media"
        specs.append(Spec([code]))
    for _ in range(n_i):
        specs.append(Spec([weighted(rng, I_WEIGHTS)]))
    for _ in range(n_l):
        specs.append(Spec([weighted(rng, l_weights)]))
    # A few incidents that belong to two blocks (they count once in each).
    for _ in range(rng.randint(1, 3)):
        specs.append(
            Spec(
                rng.choice(
                    [
                        [
                            "R.detention",
                            "L.administrative.false_info"
                            if (year, month) >= (2023, 7)
                            else "L.administrative",
                        ],
                        ["R.obstruction", "I.court_transparency"],
                        ["R.summons", "L.criminal.false_info"],
                        ["I.refusal", "R.obstruction"],
                    ]
                )
            )
        )
    rng.shuffle(specs)
    if (year, month) >= (2024, 12):
        # The current month is still being worked on.
        for s in specs[: len(specs) // 5]:
            s.status = rng.choice(["under_review", "verified", "draft"])
    else:
        for s in specs:
            if rng.random() < 0.03:
                s.status = "rejected"
    return specs


def april_plan() -> list[Spec]:
    """The fictional part of April 2024; with the real records it gives exactly the overview's
    figures (R 20, I 12, L 20 distinct published incidents)."""
    specs: list[Spec] = []
    # R (18 fictional + 2 real detentions = 20)
    specs += [Spec(["R.obstruction"]), Spec(["R.obstruction", "I.court_transparency"])]
    specs += [Spec(["R.discrediting"], victim_types=["official", "state_body"]) for _ in range(7)]
    specs += [Spec(["R.discrediting.media"], victim_types=["journalist"])]
    specs += [
        Spec([c])
        for c in (
            "R.attack",
            "R.threat",
            "R.threat",
            "R.summons",
            "R.insult",
            "R.insult",
            "R.copyright",
            "R.media_interference",
        )
    ]
    # I (11 fictional + 1 court_transparency above = 12)
    specs += [Spec(["I.refusal"]) for _ in range(5)]
    specs += [Spec(["I.cyber"]) for _ in range(3)]
    specs += [Spec(["I.accreditation"]), Spec(["I.blocking"]), Spec(["I.discrimination"])]
    # L (17 fictional + Maricheva admin + Adilbekov/ProTenge/Obozhayu criminal = 20)
    specs += [Spec(["L.civil"]) for _ in range(9)]
    specs += [Spec(["L.administrative.false_info"])]
    specs += [Spec(["L.administrative.defamation"]) for _ in range(3)]
    specs += [
        Spec(["L.administrative"]),
        Spec(["L.administrative"]),
        Spec(["L.administrative.election"]),
    ]
    # Not published: counting must ignore these.
    specs += [
        Spec(["R.obstruction"], status="draft"),
        Spec(["I.refusal"], status="draft"),
        Spec(["R.discrediting"], status="rejected", victim_types=["official"]),
        Spec(["L.civil"], status="under_review"),
        Spec(["I.cyber"], status="verified"),
    ]
    return specs


def april_real(ra: RealActors) -> list[Record]:
    """April 2024 records narrated in the published overview (public facts)."""

    def inc(
        ext: str,
        recorded: str,
        occurred: str,
        title: Text,
        summary: Text,
        region: str,
        settlement: str,
        codes: list[str],
        victims: list[Actor],
        perps: list[Actor],
        legal: list[str],
        tags: list[str],
    ) -> Record:
        return {
            "schema_version": 1,
            "type": "incident",
            "external_id": ext,
            "recorded_on": recorded,
            "occurred_on": occurred,
            "title": title,
            "summary": summary,
            "region": region,
            "settlement": settlement,
            "taxonomy": TAXONOMY,
            "categories": codes,
            "primary_category": codes[0],
            "victims": [a.external_id for a in victims],
            "perpetrators": [a.external_id for a in perps],
            "legal_refs": legal,
            "sources": [
                {
                    "kind": "outlet",
                    "url": "",
                    "outlet": "Adil Soz",
                    "title": "Violations of freedom of speech in Kazakhstan, April 2024",
                    "published_on": "",
                    "confidential": False,
                    "correspondent": "",
                }
            ],
            "status": "published",
            "status_changed_at": iso_utc(date(2024, 5, 5)),
            "tags": sorted(tags),
            "is_demo": False,
            "internal_notes": "",
        }

    return [
        inc(
            "as-2024-04-adilbekov-detention",
            "2024-04-01",
            "2024-04-01",
            text(
                'Creator of the Telegram channel "Dikaya Orda" Daniyar Adilbekov detained',
                "Задержан автор телеграм-канала «Дикая Орда» Данияр Адилбеков",
                "«Дикая Орда» телеграм-арнасының авторы Данияр Әділбеков ұсталды",
            ),
            text(
                'On 1 April the creator and author of the Telegram channel "Dikaya Orda", Daniyar '
                "Adilbekov, was detained and subsequently arrested with a court sanction. He is "
                'under investigation for "knowingly false reporting" and "dissemination of '
                'knowingly false information".',
                "1 апреля создатель и автор телеграм-канала «Дикая Орда» Данияр Адилбеков был "
                "задержан, а затем арестован с санкции суда. В отношении него ведётся "
                "расследование по статьям о заведомо ложном доносе и распространении заведомо "
                "ложной информации.",
            ),
            "unknown",
            "",
            ["R.detention", "L.criminal.false_info"],
            [ra.adilbekov, ra.dikaya_orda],
            [],
            ["PC 274"],
            ["false-information"],
        ),
        inc(
            "as-2024-04-protenge-pc274",
            "2024-04-30",
            "2024-03",
            text(
                "Pre-trial investigation under PC 274 over a ProTenge post, terminated",
                "Досудебное расследование по ст. 274 УК РК из-за поста ProTenge прекращено",
            ),
            text(
                "It became known in April that in March a pre-trial investigation under Article "
                "274 of the Penal Code (dissemination of knowingly false information) was "
                "conducted over a post supporting Radio Azattyq journalists on the ProTenge "
                "Telegram channel. It was terminated for absence of a criminal offence.",
                "В апреле стало известно, что в марте по ст. 274 УК РК («Распространение заведомо "
                "ложной информации») проводилось досудебное расследование в связи с постом в "
                "поддержку журналистов Радио Азаттык в телеграм-канале ProTenge. Расследование "
                "прекращено за отсутствием состава уголовного правонарушения.",
            ),
            "online",
            "",
            ["L.criminal.false_info"],
            [ra.protenge],
            [],
            ["PC 274"],
            ["azattyq-accreditation", "false-information", "online"],
        ),
        inc(
            "as-2024-04-obozhayu-pc274",
            "2024-04-30",
            "2024-03",
            text(
                'Pre-trial investigation under PC 274 over an "Obozhayu" post, terminated',
                "Досудебное расследование по ст. 274 УК РК из-за поста «Обожаю» прекращено",
            ),
            text(
                "It became known in April that in March a pre-trial investigation under Article "
                "274 of the Penal Code was conducted over a post supporting Radio Azattyq "
                'journalists on the Telegram channel "Obozhayu". It was terminated for absence '
                "of a criminal offence.",
                "В апреле стало известно, что в марте по ст. 274 УК РК проводилось досудебное "
                "расследование в связи с постом в поддержку журналистов Радио Азаттык в "
                "телеграм-канале «Обожаю». Расследование прекращено за отсутствием состава "
                "уголовного правонарушения.",
            ),
            "online",
            "",
            ["L.criminal.false_info"],
            [ra.obozhayu],
            [],
            ["PC 274"],
            ["azattyq-accreditation", "false-information", "online"],
        ),
        inc(
            "as-2024-04-maricheva-detention",
            "2024-04-25",
            "2024-04-24",
            text(
                "ProTenge editor-in-chief Jamila Maricheva detained; protocol under AdmC 456-2",
                "Задержание главного редактора ProTenge Джамили Маричевой; "
                "протокол по ст. 456-2 КоАП",
                "ProTenge бас редакторы Джамиля Маричева ұсталды",
            ),
            text(
                "On the evening of 24 April Jamila Maricheva, editor-in-chief of ProTenge, was "
                "detained in Almaty during a jog and taken to the Bostandyk district police "
                "station, where she spent nearly an hour. The next day the Almaty Police "
                "Department stated that she was detained for spreading false information on the "
                "ProTenge Telegram channel and that an administrative protocol had been drawn up. "
                "The post in question, published in January, supported Radio Azattyq journalists.",
                "Вечером 24 апреля главный редактор ProTenge Джамиля Маричева была задержана в "
                "Алматы во время пробежки и доставлена в УП Бостандыкского района, где провела "
                "почти час. На следующий день Департамент полиции Алматы сообщил, что она "
                "задержана за распространение ложной информации в телеграм-канале ProTenge, и на "
                "неё составлен административный протокол. Речь идёт о январском посте в "
                "поддержку журналистов Радио Азаттык.",
            ),
            "almaty",
            "Almaty",
            ["R.detention", "L.administrative.false_info"],
            [ra.maricheva, ra.protenge],
            [ra.almaty_police],
            ["AdmC 456-2"],
            ["azattyq-accreditation", "false-information"],
        ),
    ]


def real_january(ra: RealActors) -> Record:
    return {
        "schema_version": 1,
        "type": "incident",
        "external_id": "as-2024-01-azattyq-accreditation",
        "recorded_on": "2024-01-31",
        "occurred_on": "2024-01-03",
        "title": text(
            "MFA refuses accreditation to 36 Radio Azattyq employees",
            "МИД отказал в аккредитации 36 сотрудникам Радио Азаттык",
            "СІМ Азаттық радиосының 36 қызметкерін аккредиттеуден бас тартты",
        ),
        "summary": text(
            "In January the Kazakhstan office of RFE/RL received a response from the Ministry of "
            "Foreign Affairs refusing to accredit or extend the accreditation of 36 employees of "
            "its Kazakh Service, Radio Azattyq (MFA decision of 3 January 2024).",
            "В январе казахстанское бюро Радио Свобода/Радио Свободная Европа получило ответ МИД "
            "об отказе в аккредитации или её продлении 36 сотрудникам казахской службы — Радио "
            "Азаттык (решение МИД от 3 января 2024 года).",
        ),
        "region": "astana",
        "settlement": "Astana",
        "taxonomy": TAXONOMY,
        "categories": ["I.accreditation"],
        "primary_category": "I.accreditation",
        "victims": [ra.azattyq.external_id],
        "perpetrators": [ra.mfa.external_id],
        "legal_refs": [],
        "sources": [
            {
                "kind": "outlet",
                "url": "",
                "outlet": "Adil Soz",
                "title": "Violations of freedom of speech in Kazakhstan, April 2024",
                "published_on": "",
                "confidential": False,
                "correspondent": "",
            }
        ],
        "status": "published",
        "status_changed_at": iso_utc(date(2024, 2, 5)),
        "tags": ["azattyq-accreditation"],
        "is_demo": False,
        "internal_notes": "",
    }


# --------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------


def stage(
    kind: str,
    d: date | str,
    body: str = "",
    amount: int | None = None,
    outcome: str = "",
    note: Text | None = None,
) -> Record:
    return {
        "stage": kind,
        "date": d if isinstance(d, str) else d.isoformat(),
        "body": body,
        "claim_amount": amount,
        "outcome": outcome,
        "note": note or {},
    }


def real_cases(ra: RealActors) -> list[Record]:
    return [
        {
            "schema_version": 1,
            "type": "case",
            "external_id": "as-2024-04-azattyq-accreditation",
            "kind": "administrative",
            "title": text(
                "Refusal of accreditation to Azattyq correspondents",
                "Отказ в аккредитации корреспондентам Азаттыка",
                "Азаттық тілшілерін аккредиттеуден бас тарту",
            ),
            "summary": text(
                "RFE/RL's Kazakhstan office sued the Ministry of Foreign Affairs in the "
                "Specialized Interdistrict Administrative Court of Astana to overturn its "
                "decision of 3 January 2024 refusing accreditation to 36 Radio Azattyq "
                "employees. The parties signed a mediation agreement, which the court approved "
                "on 23 April 2024.",
                "Казахстанское бюро РСЕ/РС обратилось в Специализированный межрайонный "
                "административный суд Астаны с иском об отмене решения МИД от 3 января 2024 года "
                "об отказе в аккредитации 36 сотрудникам Радио Азаттык. Стороны заключили "
                "медиативное соглашение, которое суд утвердил 23 апреля 2024 года.",
            ),
            "opened_on": "2024-01-03",
            "incidents": ["as-2024-01-azattyq-accreditation"],
            "stages": [
                stage(
                    "pre_trial_claim",
                    "2024-01-03",
                    "Ministry of Foreign Affairs",
                    note=text(
                        "MFA decision refusing accreditation (the lawsuit was filed "
                        "later in January; its date is not given in the overview).",
                        "Решение МИД об отказе в аккредитации (иск подан позже в "
                        "январе; дата в обзоре не указана).",
                    ),
                ),
                stage(
                    "mediation",
                    "2024-04-23",
                    "Specialized Interdistrict Administrative Court of Astana",
                    outcome="settled",
                    note=text(
                        "The court approved the mediation agreement signed by the MFA "
                        "and the foreign media representative.",
                        "Суд утвердил медиативное соглашение между МИД и представителем "
                        "иностранного СМИ.",
                    ),
                ),
            ],
            "defendants": [
                {"actor": ra.mfa.external_id, "status": "settled", "status_on": "2024-04-23"}
            ],
            "published": True,
            "is_demo": False,
            "internal_notes": "",
        },
        {
            "schema_version": 1,
            "type": "case",
            "external_id": "as-2024-04-adilbekov-pc274",
            "kind": "criminal",
            "title": text(
                'Criminal case against Daniyar Adilbekov ("Dikaya Orda")',
                "Уголовное дело в отношении Данияра Адилбекова («Дикая Орда»)",
            ),
            "summary": text(
                "Detained on 1 April 2024 and arrested with a court sanction; investigated for "
                "knowingly false reporting and dissemination of knowingly false information.",
                "Задержан 1 апреля 2024 года и арестован с санкции суда; расследование по "
                "статьям о заведомо ложном доносе и распространении заведомо ложной информации.",
            ),
            "opened_on": "2024-04-01",
            "incidents": ["as-2024-04-adilbekov-detention"],
            "stages": [
                stage(
                    "investigation",
                    "2024-04-01",
                    note=text(
                        "Detained; arrested with a court sanction.",
                        "Задержан; арестован с санкции суда.",
                    ),
                )
            ],
            "defendants": [
                {"actor": ra.adilbekov.external_id, "status": "suspect", "status_on": "2024-04-01"}
            ],
            "published": True,
            "is_demo": False,
            "internal_notes": "",
        },
        {
            "schema_version": 1,
            "type": "case",
            "external_id": "as-2024-04-maricheva-456-2",
            "kind": "administrative",
            "title": text(
                "Administrative protocol against Jamila Maricheva (ProTenge)",
                "Административный протокол в отношении Джамили Маричевой (ProTenge)",
            ),
            "summary": text(
                "Protocol under Article 456-2 of the Administrative Code for a January post on "
                "the ProTenge Telegram channel in support of Radio Azattyq journalists.",
                "Протокол по ст. 456-2 КоАП РК за январский пост в телеграм-канале ProTenge в "
                "поддержку журналистов Радио Азаттык.",
            ),
            "opened_on": "2024-04-25",
            "incidents": ["as-2024-04-maricheva-detention"],
            "stages": [
                stage(
                    "charge",
                    "2024-04-25",
                    "Almaty Police Department",
                    note=text(
                        "Administrative protocol drawn up.", "Составлен административный протокол."
                    ),
                )
            ],
            "defendants": [
                {"actor": ra.maricheva.external_id, "status": "charged", "status_on": "2024-04-25"}
            ],
            "published": True,
            "is_demo": False,
            "internal_notes": "",
        },
        {
            "schema_version": 1,
            "type": "case",
            "external_id": "as-2024-04-azattyq-posts-pc274",
            "kind": "criminal",
            "title": text(
                "PC 274 investigations over posts supporting Azattyq journalists",
                "Расследования по ст. 274 УК РК из-за постов в поддержку журналистов Азаттыка",
            ),
            "summary": text(
                "Pre-trial investigations conducted in March 2024 over posts on the ProTenge and "
                '"Obozhayu" Telegram channels; terminated for absence of a criminal offence '
                "(became known in April).",
                "Досудебные расследования в марте 2024 года из-за постов в телеграм-каналах "
                "ProTenge и «Обожаю»; прекращены за отсутствием состава (стало известно в "
                "апреле).",
            ),
            "opened_on": "",
            "incidents": ["as-2024-04-obozhayu-pc274", "as-2024-04-protenge-pc274"],
            "stages": [
                stage(
                    "closed",
                    "2024-04-30",
                    outcome="dropped",
                    note=text(
                        "Terminated; became known in April 2024 (the exact date "
                        "of termination was not reported).",
                        "Прекращено; стало известно в апреле 2024 года (точная "
                        "дата не сообщалась).",
                    ),
                )
            ],
            "defendants": [],
            "published": True,
            "is_demo": False,
            "internal_notes": "",
        },
    ]


def clamp(d: date) -> date:
    return min(d, date(2024, 12, 27))


CASE_TITLES = {
    "civil": ("{p} v. {v}: honour and dignity claim",
              "Иск о защите чести и достоинства (истец: {p}; ответчик: {v})"),
    "criminal": ("Criminal case against {v} ({ref})", "Уголовное дело: {v} ({ref_ru})"),
    "administrative": ("Administrative case against {v} ({ref})",
                       "Административное дело: {v} ({ref_ru})"),
}  # fmt: skip
CASE_SUMMARIES = {
    "civil": ("Claim for a retraction and {amount} tenge in moral damages over a publication.",
              "Требование опровержения и {amount} тенге компенсации морального вреда "
              "за публикацию."),
    "criminal": ("Criminal proceedings over publications, followed from investigation to court.",
                 "Уголовное преследование за публикации: от расследования до суда."),
    "administrative": ("Administrative proceedings over a publication.",
                       "Административное производство за публикацию."),
}  # fmt: skip
REF_RU = {"PC": "ст. {} УК РК", "AdmC": "ст. {} КоАП РК", "CC": "ст. {} ГК РК"}


def ref_ru(ref: str) -> str:
    code, _, article = ref.partition(" ")
    return REF_RU[code].format(article) if code in REF_RU else ref


def demo_cases(
    rng: random.Random, book: ActorBook, incidents: list[Record], amounts: dict[str, int]
) -> list[Record]:
    """About fifteen fictional cases opened by published L incidents, followed over months."""
    courts = book.by_type["court"]
    actors = {a.external_id: a for a in book.actors}
    by_kind: dict[str, list[Record]] = {"civil": [], "criminal": [], "administrative": []}
    for inc in incidents:
        if not inc["is_demo"] or inc["status"] != "published":
            continue
        if not ("2023-05-01" <= inc["recorded_on"] <= "2024-10-31"):
            continue
        cats = inc["categories"]
        if len(cats) != 1:
            continue
        kind = cats[0].split(".")[1] if cats[0].startswith("L.") else ""
        if kind in by_kind:
            by_kind[kind].append(inc)
    plan = [("civil", 8), ("criminal", 4), ("administrative", 3)]
    chosen: list[tuple[str, Record]] = []
    for kind, n in plan:
        pool = by_kind[kind]
        picks = sorted(rng.sample(range(len(pool)), n))
        chosen += [(kind, pool[i]) for i in picks]
    civil_outcomes = [
        "for_media",
        "against_media",
        "settled",
        "dropped",
        "for_media",
        "",
        "against_media",
        "for_media",
    ]
    criminal_outcomes = ["convicted", "acquitted", "dropped", ""]
    admin_outcomes = ["against_media", "for_media", ""]
    cases: list[Record] = []
    for n, (kind, inc) in enumerate(chosen, start=1):
        start = date.fromisoformat(inc["recorded_on"])
        court = rng.choice(courts).name_en
        defendant = inc["victims"][0]
        stages: list[Record] = []
        status = "defendant"
        status_on = start
        victim, perp = actors[defendant], actors[inc["perpetrators"][0]]
        ref = inc["legal_refs"][0] if inc["legal_refs"] else ""
        names = {"v": victim.name_en, "p": perp.n("en"), "ref": ref, "ref_ru": ref_ru(ref)}
        names_ru = {**names, "v": victim.name, "p": perp.n("ru")}
        title_en = sentence(CASE_TITLES[kind][0].format(**names).replace(" ()", ""))
        title_ru = sentence(CASE_TITLES[kind][1].format(**names_ru).replace(" ()", ""))
        claimed = amounts.get(inc["external_id"], 0)
        if kind == "civil":
            amount = claimed
            d = start
            stages.append(
                stage(
                    "pre_trial_claim",
                    d,
                    "",
                    amount,
                    note=text(
                        "Demand for a retraction and moral damages.",
                        "Требование опровержения и компенсации морального вреда.",
                    ),
                )
            )
            d = clamp(d + timedelta(days=rng.randint(20, 50)))
            stages.append(
                stage(
                    "first_instance",
                    d,
                    court,
                    amount,
                    note=text("Lawsuit filed.", "Иск подан в суд."),
                )
            )
            outcome = civil_outcomes[(n - 1) % len(civil_outcomes)]
            if outcome:
                d = clamp(d + timedelta(days=rng.randint(40, 90)))
                if outcome == "settled":
                    stages.append(
                        stage(
                            "mediation",
                            d,
                            court,
                            None,
                            "settled",
                            text(
                                "Parties settled through mediation.",
                                "Стороны заключили медиативное соглашение.",
                                "Тараптар медиациялық келісім жасасты.",
                            ),
                        )
                    )
                    status = "settled"
                elif outcome == "dropped":
                    stages.append(
                        stage(
                            "closed",
                            d,
                            court,
                            None,
                            "dropped",
                            text("The plaintiff withdrew the claim.", "Истец отозвал иск."),
                        )
                    )
                    status = "dropped"
                else:
                    won = outcome == "for_media"
                    awarded = f"{amount // 10:,}"
                    stages.append(
                        stage(
                            "first_instance",
                            d,
                            court,
                            amount,
                            outcome,
                            text(
                                "Claim dismissed: in favour of the media."
                                if won
                                else f"Claim partly satisfied: {awarded} tenge awarded.",
                                "В иске отказано — в пользу СМИ."
                                if won
                                else f"Иск удовлетворён частично: взыскано "
                                f"{awarded.replace(',', ' ')} тенге.",
                            ),
                        )
                    )
                    status = "claim_dismissed" if won else "claim_satisfied"
                    if rng.random() < 0.6:
                        d = clamp(d + timedelta(days=rng.randint(45, 80)))
                        stages.append(
                            stage(
                                "appeal",
                                d,
                                "Regional court (appeal)",
                                None,
                                outcome,
                                text(
                                    "The appeal court upheld the decision.",
                                    "Апелляция оставила решение в силе.",
                                ),
                            )
                        )
                status_on = d
        elif kind == "criminal":
            d = start
            stages.append(
                stage(
                    "investigation",
                    d,
                    "Police",
                    note=text(
                        "Pre-trial investigation opened.", "Начато досудебное расследование."
                    ),
                )
            )
            result = criminal_outcomes[(n - 1) % len(criminal_outcomes)]
            status = "suspect"
            if result == "dropped":
                d = clamp(d + timedelta(days=rng.randint(30, 90)))
                stages.append(
                    stage(
                        "closed",
                        d,
                        "Police",
                        None,
                        "dropped",
                        text(
                            "Investigation terminated for lack of a criminal offence.",
                            "Расследование прекращено за отсутствием состава.",
                        ),
                    )
                )
                status = "released"
            else:
                d = clamp(d + timedelta(days=rng.randint(20, 60)))
                stages.append(
                    stage(
                        "charge",
                        d,
                        "Prosecutor's office",
                        note=text(
                            "Charged and case sent to court.",
                            "Предъявлено обвинение, дело направлено в суд.",
                        ),
                    )
                )
                status = "charged"
                if result:
                    d = clamp(d + timedelta(days=rng.randint(40, 100)))
                    outcome = "against_media" if result == "convicted" else "for_media"
                    stages.append(
                        stage(
                            "first_instance",
                            d,
                            court,
                            None,
                            outcome,
                            text(
                                "Sentence: restriction of freedom for one year."
                                if result == "convicted"
                                else "Acquitted.",
                                "Приговор: один год ограничения свободы."
                                if result == "convicted"
                                else "Оправдан(а).",
                            ),
                        )
                    )
                    status = result
            status_on = d
        else:
            result = admin_outcomes[(n - 1) % len(admin_outcomes)]
            d = start
            stages.append(
                stage(
                    "charge",
                    d,
                    "Police",
                    note=text(
                        "Administrative protocol drawn up.", "Составлен административный протокол."
                    ),
                )
            )
            status = "charged"
            if result:
                d = clamp(d + timedelta(days=rng.randint(5, 25)))
                stages.append(
                    stage(
                        "first_instance",
                        d,
                        court,
                        None,
                        result,
                        text(
                            "Fined 50 MCI."
                            if result == "against_media"
                            else "Proceedings terminated: in favour of the journalist.",
                            "Штраф 50 МРП."
                            if result == "against_media"
                            else "Производство прекращено в пользу журналиста.",
                        ),
                    )
                )
                status = "convicted" if result == "against_media" else "released"
            status_on = d
        linked = [inc["external_id"]]
        cases.append(
            {
                "schema_version": 1,
                "type": "case",
                "external_id": f"demo-case-{n:03d}",
                "kind": kind,
                "title": text(title_en, title_ru),
                "summary": text(
                    CASE_SUMMARIES[kind][0].format(amount=f"{claimed:,}"),
                    CASE_SUMMARIES[kind][1].format(amount=f"{claimed:,}".replace(",", " ")),
                ),
                "opened_on": stages[0]["date"],
                "incidents": sorted(linked),
                "stages": sorted(stages, key=lambda s: s["date"]),
                "defendants": [
                    {"actor": defendant, "status": status, "status_on": status_on.isoformat()}
                ],
                "published": n not in (5, 13),
                "is_demo": True,
                "internal_notes": "Defence lawyer: see the legal service's file."
                if n % 4 == 0
                else "",
            }
        )
    return cases


# --------------------------------------------------------------------------------------------
# Context events and legislation
# --------------------------------------------------------------------------------------------


def real_events() -> list[Record]:
    def ev(ext: str, d: str, kind: str, title: Text, body: Text) -> Record:
        return {
            "schema_version": 1,
            "type": "event",
            "external_id": ext,
            "date": d,
            "kind": kind,
            "title": title,
            "text": body,
            "region": "",
            "source_urls": [],
            "published": True,
            "is_demo": False,
            "internal_notes": "",
        }

    return [
        ev(
            "as-event-2024-04-06-floods",
            "2024-04-06",
            "emergency",
            text(
                "State of emergency in 10 regions; the President asks not to spread unverified "
                "information",
                "Режим ЧС в 10 регионах; Президент призвал не распространять непроверенную "
                "информацию",
                "10 өңірде төтенше жағдай; Президент тексерілмеген ақпарат таратпауға шақырды",
            ),
            text(
                "As of 6 April a state of emergency had been declared in 10 regions of the "
                "country. President Kassym-Jomart Tokayev addressed the people, the media and "
                "bloggers, urging them not to spread unverified information that could incite "
                "panic. The General Prosecutor's Office, the Ministry of Internal Affairs and "
                "members of the Majilis called on the public and the media to refrain from "
                "spreading false information; the Ministry of Internal Affairs intensified "
                "monitoring of fake news about the floods.",
                "По состоянию на 6 апреля режим чрезвычайной ситуации был объявлен в 10 регионах "
                "страны. Президент Касым-Жомарт Токаев обратился к народу, СМИ и блогерам с "
                "призывом не распространять непроверенную информацию, способную вызвать панику. "
                "Генеральная прокуратура, МВД и депутаты Мажилиса призвали граждан и СМИ "
                "воздерживаться от распространения ложной информации; МВД усилило мониторинг "
                "фейков о паводках.",
                "6 сәуірдегі жағдай бойынша елдің 10 өңірінде төтенше жағдай режимі жарияланды. "
                "Президент Қасым-Жомарт Тоқаев халыққа, БАҚ пен блогерлерге жүгініп, дүрбелең "
                "тудыруы мүмкін тексерілмеген ақпаратты таратпауға шақырды.",
            ),
        ),
        ev(
            "as-event-2024-04-22-tiktok",
            "2024-04-22",
            "parliament",
            text(
                "Majilis deputy asks the government to restrict TikTok",
                "Депутат Мажилиса предложил ограничить TikTok",
                "Мәжіліс депутаты TikTok-ты шектеуді ұсынды",
            ),
            text(
                "Majilis deputy Yerlan Sairov addressed a parliamentary inquiry to Prime Minister "
                "Olzhas Bektenov, raising the restriction of TikTok. The same day Minister of "
                "Culture and Information Aida Balayeva said that a decision on blocking TikTok "
                "would follow an analysis of how far illegal content prevails on the platform, "
                "and that she saw blocking not as a restriction on freedom of speech but as a "
                "measure to protect public interests.",
                "Депутат Мажилиса Ерлан Саиров направил депутатский запрос премьер-министру "
                "Олжасу Бектенову об ограничении социальной сети TikTok. В тот же день министр "
                "культуры и информации Аида Балаева заявила, что решение о блокировке TikTok "
                "будет принято после анализа того, насколько на платформе преобладает "
                "противоправный контент, и что она рассматривает блокировку не как ограничение "
                "свободы слова, а как меру защиты общественных интересов.",
            ),
        ),
        ev(
            "as-event-2024-04-25-assembly",
            "2024-04-25",
            "statement",
            text(
                'The President warns the media and bloggers against "hysteria and disinformation"',
                "Президент предостерёг СМИ и блогеров от «нагнетания истерии и дезинформации»",
                "Президент БАҚ пен блогерлерді «дүрбелең мен жалған ақпараттан» сақтандырды",
            ),
            text(
                "At the XXXIII session of the Assembly of the People of Kazakhstan President "
                "Kassym-Jomart Tokayev cautioned the media and bloggers against stirring up "
                "hysteria around the floods and said the authorities would take legal measures "
                'against "those attacking the security of our country". He also reminded that '
                "government bodies must stay in close contact with citizens.",
                "На XXXIII сессии Ассамблеи народа Казахстана Президент Касым-Жомарт Токаев "
                "предостерёг СМИ и блогеров от нагнетания истерии вокруг паводков и заявил, что "
                "власти примут правовые меры против «тех, кто посягает на безопасность нашей "
                "страны». Он также напомнил, что госорганы должны быть в тесном контакте с "
                "гражданами.",
            ),
        ),
    ]


DEMO_EVENTS: list[tuple[str, Text, Text]] = [
    (
        "government",
        text(
            "Akimat of Sarybulak district launches a press-request portal",
            "Акимат Сарыбулакского района запустил портал для запросов СМИ",
            "Сарыбұлақ ауданы әкімдігі БАҚ сұраулары порталын іске қосты",
        ),
        text(
            "The district akimat promises answers to journalists' requests "
            "within five working days.",
            "Акимат района обещает отвечать на запросы журналистов в течение пяти рабочих дней.",
        ),
    ),
    (
        "statement",
        text(
            'Regional police warn against "fakes" about the spring floods',
            "Региональная полиция предупредила о «фейках» про весенний паводок",
        ),
        text(
            "Police in Karaozek district reminded residents of liability for false information.",
            "Полиция Караозекского района напомнила жителям об "
            "ответственности за ложную информацию.",
        ),
    ),
    (
        "court",
        text(
            "Court in Besterek district opens its hearings to video recording",
            "Суд Бестерекского района разрешил видеозапись заседаний",
        ),
        text(
            "The district court adopted rules allowing accredited "
            "journalists to film open hearings.",
            "Районный суд утвердил правила, разрешающие аккредитованным "
            "журналистам снимать открытые "
            "заседания.",
        ),
    ),
    (
        "other",
        text(
            "Media forum in Zhelsay discusses access to information",
            "Медиафорум в Желсае обсудил доступ к информации",
            "Желсайда медиафорум ақпаратқа қол жеткізуді талқылады",
        ),
        text(
            "Editors of regional outlets complained about missed deadlines for answering requests.",
            "Редакторы региональных СМИ пожаловались на нарушение сроков ответов на запросы.",
        ),
    ),
    (
        "government",
        text(
            "Ortakol district introduces accreditation rules for bloggers",
            "В Ортакольском районе ввели правила аккредитации блогеров",
        ),
        text(
            "Bloggers must now register with the district internal policy "
            "department to attend events.",
            "Блогерам теперь нужно регистрироваться в отделе внутренней политики, чтобы посещать "
            "мероприятия.",
        ),
    ),
]


def demo_events(rng: random.Random) -> list[Record]:
    out: list[Record] = []
    n = 0
    for year, month in [(2024, m) for m in range(1, 13) if m != 4]:
        for _ in range(rng.choice([1, 1, 2])):
            n += 1
            kind, title, body = DEMO_EVENTS[(n - 1) % len(DEMO_EVENTS)]
            day = rng.randint(1, calendar.monthrange(year, month)[1])
            out.append(
                {
                    "schema_version": 1,
                    "type": "event",
                    "external_id": f"demo-event-{year}-{month:02d}-{n:02d}",
                    "date": date(year, month, day).isoformat(),
                    "kind": kind,
                    "title": title,
                    "text": body,
                    "region": weighted(rng, REGION_WEIGHTS),
                    "source_urls": [
                        f"https://dala-aqparat.example.org/{year}/{month:02d}/event-{n}"
                    ],
                    "published": n % 7 != 0,
                    "is_demo": True,
                    "internal_notes": "Check the date with the akimat press service."
                    if n % 5 == 0
                    else "",
                }
            )
    return out


def legislation() -> list[Record]:
    def leg(
        ext: str,
        kind: str,
        title: Text,
        summary: Text,
        stages: list[Record],
        published: bool = True,
        is_demo: bool = False,
        notes: str = "",
    ) -> Record:
        return {
            "schema_version": 1,
            "type": "legislation",
            "external_id": ext,
            "kind": kind,
            "title": title,
            "summary": summary,
            "stages": stages,
            "published": published,
            "is_demo": is_demo,
            "internal_notes": notes,
        }

    def st(kind: str, d: str, note: Text | None = None) -> Record:
        return {"stage": kind, "date": d, "note": note or {}}

    return [
        leg(
            "as-leg-2024-mass-media-law",
            "law",
            text('Law "On Mass Media"', "Закон «О масс-медиа»", "«Масс-медиа туралы» заң"),
            text(
                "New media law: one-year limitation period for claims over media materials, "
                "guarantees for journalists' professional activity, \"special status of a "
                'journalist", a simplified accreditation procedure and media monitoring by the '
                "authorized body.",
                "Новый закон о СМИ: годичный срок исковой давности по искам к материалам СМИ, "
                "гарантии профессиональной деятельности журналистов, «особый статус журналиста», "
                "упрощённая аккредитация и мониторинг СМИ уполномоченным органом.",
            ),
            [
                st(
                    "majilis_second_reading",
                    "2024-04-17",
                    text(
                        "Passed in the second reading with accompanying amendments and sent to the "
                        "Senate; provisions on press cards were excluded, and a norm on suspending "
                        "media for promoting non-traditional sexual orientation was removed.",
                        "Принят во втором чтении с сопутствующими поправками и направлен в Сенат; "
                        "положения о пресс-картах исключены, норма о приостановлении СМИ за "
                        "пропаганду нетрадиционной сексуальной ориентации удалена.",
                        "Екінші оқылымда қабылданып, Сенатқа жолданды.",
                    ),
                ),
                st(
                    "signed",
                    "2024-06-19",
                    text(
                        "Signed by the President.", "Подписан Президентом.", "Президент қол қойды."
                    ),
                ),
                st(
                    "in_force",
                    "2024-08-20",
                    text("Entered into force.", "Вступил в силу.", "Күшіне енді."),
                ),
            ],
        ),
        leg(
            "as-leg-2024-ai-concept",
            "concept",
            text(
                "Concept for the Development of Artificial Intelligence for 2024–2029",
                "Концепция развития искусственного интеллекта на 2024–2029 годы",
            ),
            text(
                "Draft concept announced by the Ministry of Digital Development, Innovations and "
                "Aerospace Industry.",
                "Проект концепции объявлен Министерством цифрового развития, инноваций и "
                "аэрокосмической промышленности.",
            ),
            [
                st(
                    "concept",
                    "2024-04-05",
                    text("Draft concept being formed.", "Формируется проект концепции."),
                )
            ],
        ),
        leg(
            "as-leg-2024-digital-code",
            "code",
            text("Digital Code", "Цифровой кодекс", "Цифрлық кодекс"),
            text(
                "Covers digital government, artificial intelligence, digital infrastructure and "
                "tools, and cybersecurity, including rules on AI use, safety and ethics.",
                "Охватывает цифровое правительство, искусственный интеллект, цифровую "
                "инфраструктуру и инструменты, кибербезопасность, включая правила применения, "
                "безопасности и этики ИИ.",
            ),
            [
                st(
                    "other",
                    "2024-04-05",
                    text(
                        "Included in the Legislative Work Plan for 2024.",
                        "Включён в План законопроектных работ на 2024 год.",
                    ),
                )
            ],
        ),
        leg(
            "demo-leg-001",
            "bill",
            text(
                "Draft amendments on online platforms (demo)",
                "Проект поправок об онлайн-платформах (демо)",
            ),
            text(
                "Fictional bill: obliges platforms to open local representative offices.",
                "Вымышленный законопроект: обязывает платформы открыть местные представительства.",
            ),
            [
                st("draft", "2024-09-10"),
                st("submitted", "2024-10-15"),
                st("majilis_first_reading", "2024-12-04"),
            ],
            is_demo=True,
        ),
        leg(
            "demo-leg-002",
            "regulation",
            text(
                "Rules for accreditation of journalists at the Akimat of Ortakol district (demo)",
                "Правила аккредитации журналистов при акимате Ортакольского района (демо)",
            ),
            text("Fictional regional regulation.", "Вымышленный региональный акт."),
            [st("draft", "2024-11-20")],
            published=False,
            is_demo=True,
            notes="Draft text received from a correspondent; not yet public.",
        ),
    ]


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------


def months() -> list[tuple[int, int]]:
    # Last year only to July: enough for "first seven months, against last year" comparisons.
    return [(2023, m) for m in range(1, 8)] + [(2024, m) for m in range(1, 13)]


def working_day(rng: random.Random, year: int, month: int) -> date:
    last = calendar.monthrange(year, month)[1]
    while True:
        d = date(year, month, rng.randint(1, last))
        if d.weekday() < 5:
            return d


def build() -> dict[str, list[Record]]:
    rng = random.Random(SEED)
    book = build_actors(rng)
    ra = build_real_actors()
    maker = IncidentMaker(rng, book)
    incidents: list[Record] = [real_january(ra), *april_real(ra)]
    for year, month in months():
        # A round of every region at the start of each quarter, so all regions appear in 2024.
        if year == 2024 and month in (1, 4, 7, 10):
            cycle = list(REGIONS_20)
            rng.shuffle(cycle)
            maker.region_cycle = cycle
        if (year, month) == (2024, 4):
            specs = april_plan()
            rng.shuffle(specs)
        else:
            specs = month_plan(rng, year, month)
        # Recorded on random working days; ids follow the date order.
        days = sorted(working_day(rng, year, month) for _ in specs)
        for n, (day, spec) in enumerate(zip(days, specs, strict=True), start=1):
            ext = f"demo-inc-{year}-{month:02d}-{n:03d}"
            incidents.append(maker.make(ext, day, spec, compact=year < 2024))
        maker.region_cycle = []
    cases = real_cases(ra) + demo_cases(rng, book, incidents, maker.amounts)
    actors = [a.record() for a in book.actors] + [a.record() for a in vars(ra).values()]
    return {
        "actors": actors,
        "incidents": incidents,
        "cases": cases,
        "events": real_events() + demo_events(rng),
        "legislation": legislation(),
    }


def dumps(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def write(out_dir: Path = DATA_DIR) -> dict[str, int]:
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for stem, records in build().items():
        records = sorted(records, key=lambda r: r["external_id"])
        ids = [r["external_id"] for r in records]
        if len(set(ids)) != len(ids):
            raise SystemExit(f"{stem}: duplicate external ids")
        body = "".join(dumps(r) + "\n" for r in records)
        (out_dir / f"{stem}.jsonl").write_text(body, encoding="utf-8", newline="\n")
        counts[stem] = len(records)
    return counts


def main() -> None:
    for stem, n in write().items():
        print(f"{stem}.jsonl: {n} records")


if __name__ == "__main__":
    main()
