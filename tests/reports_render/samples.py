"""Hand-built composed reports: April 2024 in English (the published figures), Russian, Kazakh.

Renderers take a Report and nothing else, so these need no database.
"""

from __future__ import annotations

from speechwatch.reports.document import (
    Chart,
    Entry,
    FeaturedCase,
    Report,
    Section,
    StatRow,
)
from speechwatch.reports.phrasing import Paragraph

# The statistics figures of the published April 2024 overview, in reading order.
EN_FIGURES_IN_ORDER = ("20", "2", "8", "7", "12", "5", "3", "20", "3", "9", "8", "2", "3")
SCRIPT = "<script>alert('x')</script>"
SOURCE_URL = "https://kursiv.media/2024-04-22/tiktok/"

MONTHS_EN = (
    "May 2023",
    "Jun 2023",
    "Jul 2023",
    "Aug 2023",
    "Sep 2023",
    "Oct 2023",
    "Nov 2023",
    "Dec 2023",
    "Jan 2024",
    "Feb 2024",
    "Mar 2024",
    "Apr 2024",
)
SERIES = (
    (14, 17, 12, 19, 15, 22, 18, 11, 21, 16, 19, 20),
    (10, 13, 9, 15, 11, 14, 12, 8, 13, 10, 15, 12),
    (16, 18, 14, 21, 17, 19, 15, 12, 18, 17, 22, 20),
)


def _table(labels: dict[str, str]) -> tuple[StatRow, ...]:
    rows = (
        ("R", 20, 0),
        ("R.obstruction", 2, 1),
        ("R.discrediting", 8, 1),
        ("R.discrediting:state_sector", 7, 2),
        ("I", 12, 0),
        ("I.refusal", 5, 1),
        ("I.cyber", 3, 1),
        ("L", 20, 0),
        ("L.criminal", 3, 1),
        ("L.civil", 9, 1),
        ("L.administrative", 8, 1),
        ("L.administrative.false_info", 2, 2),
        ("L.administrative.defamation", 3, 2),
    )
    return tuple(StatRow(code, labels[code], n, depth) for code, n, depth in rows)


def _figures() -> dict[str, object]:
    return {
        "blocks": {
            "R": {"total": 20, "items": {"R.obstruction": 2, "R.discrediting": 8}},
            "I": {"total": 12, "items": {"I.refusal": 5, "I.cyber": 3}},
            "L": {
                "total": 20,
                "ongoing": 4,
                "items": {"L.criminal": 3, "L.civil": 9, "L.administrative": 8},
            },
        },
        "breakdowns": {
            "L.administrative": {
                "L.administrative.false_info": 2,
                "L.administrative.defamation": 3,
            },
            "R.discrediting": {"victim:state_sector": 7},
        },
        "regions": {"KZ-ALA": 9, "KZ-AST": 6, "KZ-KAR": 2},
        "comparisons": {"ytd_legal_cases": {"current": 61, "previous": 44}},
    }


def _charts(
    titles: tuple[str, str, str],
    months: tuple[str, ...],
    blocks: tuple[str, str, str],
    categories: tuple[str, ...],
    regions: tuple[str, ...],
) -> tuple[Chart, ...]:
    return (
        Chart(
            "blocks_12_months",
            titles[0],
            "line",
            months,
            tuple(zip(blocks, SERIES, strict=True)),
        ),
        Chart("categories", titles[1], "barh", categories, (("", (2, 8, 5, 3, 3, 9, 8)),)),
        Chart("regions", titles[2], "barh", regions, (("", (9, 6, 2)),)),
    )


def april_en() -> Report:
    stats = (
        Paragraph(
            block="R",
            header="There were 20 reports of violations of the rights of journalists, media, "
            "and newsmakers.",
            lead="Among them:",
            items=(
                "2 reports involved obstruction of journalists' lawful professional activities;",
                "8 reports related to the discrediting of media, journalists, and newsmakers. "
                "In 7 cases, representatives of the governmental sector fell victim to actions "
                "by perpetrators who created fake accounts and distributed messages posing as "
                "newsmakers.",
            ),
        ),
        Paragraph(
            block="I",
            header="12 reports pertained to the right to freely receive and disseminate "
            "information.",
            lead="These included",
            items=(
                "5 cases of refusals and restrictions in providing socially significant "
                "information, as well as 3 cases of unauthorized access to information and DDoS "
                "attacks.",
            ),
            layout="inline",
        ),
        Paragraph(
            block="L",
            header="20 reports concerned pre-trial and court claims and lawsuits filed against "
            "journalists, media outlets, and citizens.",
            lead="These included:",
            items=(
                "3 cases in criminal proceedings;",
                "9 court and pre-trial claims against media in civil proceedings;",
                "8 administrative accusations, including 2 under charges of disseminating false "
                "information and 3 for defamation.",
            ),
            notes=(
                "Data on pre-trial and judicial proceedings do not include reports on 4 ongoing "
                "cases.",
            ),
        ),
    )
    labels = {
        "R": "Violations of the rights of journalists, media and newsmakers",
        "R.obstruction": "Obstruction of lawful professional activities",
        "R.discrediting": "Discrediting of media, journalists, newsmakers",
        "R.discrediting:state_sector": "victims from the governmental sector",
        "I": "Right to freely receive and disseminate information",
        "I.refusal": "Refusal to provide socially significant information",
        "I.cyber": "Unauthorized access, DDoS attacks",
        "L": "Pre-trial and court claims and lawsuits",
        "L.criminal": "Criminal proceedings",
        "L.civil": "Civil claims against media",
        "L.administrative": "Administrative accusations",
        "L.administrative.false_info": "false information",
        "L.administrative.defamation": "defamation",
    }
    sections = (
        Section(
            "statistics",
            "",
            lead="In April 2024, the following incidents were recorded:",
            statistics=stats,
        ),
        Section(
            "events",
            "Events in April 2024",
            entries=(
                Entry(
                    "April 6",
                    "As of April 6, a state of emergency has been declared in 10 regions of the "
                    "country. President Kassym-Jomart Tokayev addressed the people of "
                    "Kazakhstan, the media, and bloggers.\n\n"
                    '"I ask citizens to trust only official sources of information", said '
                    "Kassym-Jomart Tokayev.",
                    date_iso="2024-04-06",
                ),
                Entry(
                    "April 22",
                    "Majilis Deputy Yerlan Sairov raised the issue of restricting TikTok, "
                    f'reports "Kursiv" ({SOURCE_URL}).',
                    date_iso="2024-04-22",
                ),
                Entry(
                    "April 25",
                    "The President cautioned the media and bloggers against stirring up "
                    "hysteria & disinformation.",
                    date_iso="2024-04-25",
                ),
            ),
        ),
        Section(
            "legislation",
            "Legislative changes",
            entries=(
                Entry(
                    "April 5",
                    "The draft Concept for the Development of Artificial Intelligence for "
                    "2024-2029 was announced.",
                    date_iso="2024-04-05",
                ),
                Entry(
                    "April 17",
                    'The Majilis passed the draft law "On Mass Media" in the second reading.\n\n'
                    "The bill has been sent to the Senate for consideration.",
                    heading='Law "On Mass Media"',
                    date_iso="2024-04-17",
                ),
            ),
        ),
        Section(
            "featured_cases",
            "",
            cases=(
                FeaturedCase(
                    "Refusal of Accreditation to Azattyq Correspondents",
                    (
                        "RFE/RL has reached a mediation agreement with the Ministry of Foreign "
                        "Affairs of Kazakhstan.",
                        "Let us remind, in January, the Ministry refused to accredit 36 "
                        "employees of Radio Azattyq. The court approved the agreement on "
                        "April 23.",
                    ),
                ),
                FeaturedCase(
                    "Detention of ProTenge Editor-in-Chief Jamila Maricheva",
                    ("Задержание главного редактора ProTenge Джамили Маричевой 24 апреля.",),
                    fallback_lang="ru",
                ),
            ),
        ),
        Section(
            "also",
            "Also in April:",
            entries=(
                Entry(
                    "",
                    "It became known in April that pre-trial investigations under Article 274 "
                    f"of the Penal Code were conducted in March. Payload: {SCRIPT}",
                ),
                Entry(
                    "April 1",
                    "Автор Telegram-канала «Дикая Орда» Данияр Адильбеков задержан.",
                    fallback_lang="ru",
                    date_iso="2024-04-01",
                ),
            ),
        ),
        Section(
            "methodology",
            "",
            paragraphs=(
                "The monitoring was prepared according to reports to correspondents of the "
                "«Adil Soz» Foundation and information from open sources.",
            ),
        ),
    )
    return Report(
        month="2024-04",
        lang="en",
        title="Violations of freedom of speech in Kazakhstan April 2024",
        intro="The International Foundation for Protection of Freedom of Speech «Adil Soz» "
        "presents an overview of events reflecting the situation in Kazakhstan with freedom of "
        "expression, receipt, and dissemination of information in April 2024.",
        sections=sections,
        table=_table(labels),
        charts=_charts(
            ("Reports by block, last 12 months", "Categories in April 2024", "Incidents by region"),
            MONTHS_EN,
            ("Rights of journalists", "Access to information", "Lawsuits"),
            (
                "Obstruction",
                "Discrediting",
                "Refusal of information",
                "Unauthorized access",
                "Criminal",
                "Civil",
                "Administrative",
            ),
            ("Almaty", "Astana", "Karaganda region"),
        ),
        contacts=(
            "Head of the Monitoring Service of the «Adil Soz» Foundation - Elena Tsoy",
            "Email: lena@adilsoz.kz",
            "For all monitoring-related inquiries, you can also contact: info@adilsoz.kz",
        ),
        figures=_figures(),
        template="adilsoz-2024",
        template_version=3,
        version_label="draft",
    )


def april_ru() -> Report:
    stats = (
        Paragraph(
            block="R",
            header="20 сообщений о нарушениях прав журналистов, СМИ и ньюсмейкеров.",
            lead="Среди них:",
            items=(
                "2 сообщения о воспрепятствовании законной профессиональной деятельности "
                "журналистов;",
                "1 сообщение о нападении на журналиста.",
            ),
            others="и другие.",
        ),
        Paragraph(
            block="I",
            header="12 сообщений о нарушениях права свободно получать и распространять информацию.",
            lead="",
            items=(),
        ),
        Paragraph(
            block="L",
            header="21 сообщение о досудебных и судебных претензиях и исках.",
            lead="В том числе:",
            items=("3 уголовных дела;", "9 гражданских исков;", "8 административных обвинений."),
        ),
    )
    labels = {
        "R": "Нарушения прав журналистов, СМИ и ньюсмейкеров",
        "R.obstruction": "Воспрепятствование деятельности",
        "R.discrediting": "Дискредитация",
        "R.discrediting:state_sector": "жертвы — представители госсектора",
        "I": "Право получать и распространять информацию",
        "I.refusal": "Отказ в предоставлении информации",
        "I.cyber": "Неправомерный доступ, DDoS-атаки",
        "L": "Претензии и иски",
        "L.criminal": "Уголовные дела",
        "L.civil": "Гражданские иски",
        "L.administrative": "Административные обвинения",
        "L.administrative.false_info": "ложная информация",
        "L.administrative.defamation": "клевета",
    }
    return Report(
        month="2024-04",
        lang="ru",
        title="Нарушения свободы слова в Казахстане: апрель 2024",
        intro="Международный фонд защиты свободы слова «Адил Соз» представляет обзор событий "
        "в апреле 2024 года.",
        sections=(
            Section("statistics", "", "В апреле 2024 года зафиксировано:", statistics=stats),
            Section(
                "events",
                "События апреля 2024",
                entries=(Entry("6 апреля", "Объявлен режим чрезвычайной ситуации."),),
            ),
            Section(
                "legislation",
                "Изменения в законодательстве",
                entries=(Entry("17 апреля", "Мажилис одобрил проект закона «О масс-медиа»."),),
            ),
        ),
        table=_table(labels),
        charts=_charts(
            ("Сообщения по блокам за 12 месяцев", "Категории", "Инциденты по регионам"),
            tuple(m.replace("Apr", "апр") for m in MONTHS_EN),
            ("Права журналистов", "Доступ к информации", "Иски"),
            (
                "Воспрепятствование",
                "Дискредитация",
                "Отказ",
                "Доступ",
                "Уголовные",
                "Гражданские",
                "Административные",
            ),
            ("Алматы", "Астана", "Карагандинская область"),
        ),
        contacts=("Эл. почта: info@adilsoz.kz",),
        figures=_figures(),
        template="adilsoz-2024",
        template_version=3,
    )


KK_WORDS = (
    "Қазақстандағы",
    "құқықтарын",
    "хабарлама",
    "Мәжіліс",
    "мақұлдады",
    "әкімдігі",
    "сөз",
    "бостандығының",
    "тіркелді",
    "Үкімет",
    "ғаламтор",
    "Ұлытау",
    "һәм",
)


def april_kk() -> Report:
    stats = (
        Paragraph(
            block="R",
            header="Журналистердің, БАҚ-тың және ньюсмейкерлердің құқықтарын бұзу туралы 20 "
            "хабарлама.",
            lead="Олардың ішінде:",
            items=(
                "Журналистердің заңды кәсіби қызметіне кедергі келтіру туралы 2 хабарлама;",
                "БАҚ-тың беделін түсіру туралы 8 хабарлама.",
            ),
        ),
        Paragraph(
            block="I",
            header="Ақпаратты еркін алу және тарату құқығы туралы 12 хабарлама.",
            lead="",
            items=(),
        ),
        Paragraph(
            block="L",
            header="Журналистерге қарсы талаптар мен сот талаптары туралы 20 хабарлама.",
            lead="Оның ішінде:",
            items=("3 қылмыстық іс;", "9 азаматтық талап;", "8 әкімшілік айып."),
        ),
    )
    labels = {
        "R": "Журналистердің құқықтарын бұзу",
        "R.obstruction": "Кедергі келтіру",
        "R.discrediting": "Беделін түсіру",
        "R.discrediting:state_sector": "мемлекеттік сектор өкілдері",
        "I": "Ақпарат алу құқығы",
        "I.refusal": "Ақпарат беруден бас тарту",
        "I.cyber": "Рұқсатсыз қол жеткізу",
        "L": "Талаптар мен сот талаптары",
        "L.criminal": "Қылмыстық істер",
        "L.civil": "Азаматтық талаптар",
        "L.administrative": "Әкімшілік айыптар",
        "L.administrative.false_info": "жалған ақпарат",
        "L.administrative.defamation": "жала жабу",
    }
    return Report(
        month="2024-04",
        lang="kk",
        title="Қазақстандағы сөз бостандығының бұзылуы: 2024 жылғы сәуір",
        intro="«Әділ сөз» халықаралық сөз бостандығын қорғау қоры 2024 жылғы сәуірдегі "
        "оқиғаларға шолу ұсынады.",
        sections=(
            Section("statistics", "", "2024 жылғы сәуірде мыналар тіркелді:", statistics=stats),
            Section(
                "events",
                "Сәуірдегі оқиғалар",
                entries=(
                    Entry(
                        "6 сәуір",
                        "Үкімет ғаламтор туралы мәлімдеме жасады; Ұлытау облысының әкімдігі "
                        "һәм басқалар.",
                    ),
                ),
            ),
            Section(
                "legislation",
                "Заңнамалық өзгерістер",
                entries=(
                    Entry(
                        "17 сәуір",
                        "Мәжіліс «Бұқаралық ақпарат құралдары туралы» заң жобасын мақұлдады.",
                    ),
                ),
            ),
        ),
        table=_table(labels),
        charts=_charts(
            ("12 айдағы хабарламалар", "Санаттар", "Өңірлер бойынша оқиғалар"),
            MONTHS_EN,
            ("Құқықтар", "Ақпарат", "Талаптар"),
            (
                "Кедергі",
                "Беделін түсіру",
                "Бас тарту",
                "Қол жеткізу",
                "Қылмыстық",
                "Азаматтық",
                "Әкімшілік",
            ),
            ("Алматы", "Астана", "Ұлытау облысы"),
        ),
        contacts=("Эл. пошта: info@adilsoz.kz",),
        figures=_figures(),
        template="adilsoz-2024",
        template_version=3,
    )
