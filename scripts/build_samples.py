"""Rebuild the bundled sample projects in tui/samples/ through the Project API.

The samples are realistic meetings a facilitator would recognise; building them through Project
(with a fixed clock) keeps them valid whenever the store's schema or rules change:

    .venv/bin/python scripts/build_samples.py
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from reviewroom.store.brief import parse_brief
from reviewroom.store.model import Attendee, Criterion, Side
from reviewroom.store.project import Project

SAMPLES = Path(__file__).resolve().parent.parent / "tui" / "samples"
BRIEFS = Path(__file__).resolve().parent / "sample_briefs"


def clock(start: str, step_minutes: int = 3) -> Callable[[], dt.datetime]:
    """A clock that advances a few minutes per event, as a real meeting would."""
    moment = dt.datetime.fromisoformat(start)

    def tick() -> dt.datetime:
        nonlocal moment
        moment += dt.timedelta(minutes=step_minutes)
        return moment

    return tick


def fresh(slug: str, start: str) -> Project:
    """Create an empty sample project from its brief in scripts/sample_briefs/."""
    target = SAMPLES / slug
    if target.exists():
        shutil.rmtree(target)
    brief = (BRIEFS / f"{slug}.md").read_text("utf-8")
    return Project.create(slug, brief, home=SAMPLES, clock=clock(start))


def northwind() -> None:
    """English retail onboarding: one closed meeting, a revision, open requests to carry over."""
    p = fresh("northwind-onboarding", "2026-10-14T09:57:00+01:00")
    p.start_meeting(
        "Prototype review 1",
        [
            Attendee("Dana Whitfield", Side.CLIENT, "Head of Store Operations"),
            Attendee("Priya Natarajan", Side.CLIENT, "L&D manager"),
            Attendee("Tom Berger", Side.CLIENT, "Regional manager, North"),
            Attendee("Marta Kowalczyk", Side.VENDOR, "Facilitator, instructional designer"),
            Attendee("Leo Adeyemi", Side.VENDOR, "Visual designer"),
        ],
        facilitator="Marta Kowalczyk",
    )
    p.add_request(
        "Make the logo bigger on every screen.",
        by="Dana Whitfield",
        intent="New staff should feel this is Northwind's own programme, not a course bought in.",
        criteria="A1",
        verdict="inconsistent",
        note="A bigger logo takes room from the till scenarios and does not change how staff "
        "feel about the training; the intent is better served by Northwind's own people.",
        decision="alternative",
        alternative="Keep the logo size; open each lesson with a 20-second clip of a Northwind "
        "store manager welcoming the new colleague.",
        owner="Marta Kowalczyk",
        due="2026-10-28",
    )
    p.add_request(
        "Use a lighter background colour.",
        by="Priya Natarajan",
        intent="On the shop-floor tablet under bright store lights the dark screens are hard "
        "to read.",
        criteria="C1",
        verdict="consistent",
        decision="accepted",
        owner="Leo Adeyemi",
        due="2026-10-21",
    )
    p.add_request(
        "Make the hero character livelier.",
        by="Dana Whitfield",
        intent="Most new staff are 18 to 22; the current character reads as a manager giving "
        "a lecture, which makes asking for help feel like admitting failure.",
        criteria="A1",
        verdict="consistent",
        decision="accepted",
        owner="Leo Adeyemi",
        due="2026-10-24",
    )
    p.add_request(
        "The course is too long.",
        by="Tom Berger",
        intent="During opening hours a store manager can release a new colleague from the till "
        "for about five minutes at a time, not seven.",
        criteria="C1",
        verdict="inconsistent",
        note="C1 sets lessons of up to 7 minutes; the request cannot be met without changing "
        "the concept.",
    )
    p.add_request(
        "Add a short quiz after every lesson.",
        by="Priya Natarajan",
        intent="The regional report needs evidence that staff understood the cash-up, not only "
        "that they opened the lessons.",
        criteria="K1, R1",
        verdict="consistent",
        decision="accepted",
        owner="Marta Kowalczyk",
        due="2026-10-28",
    )
    p.add_request(
        "Remove the scenario about a customer disputing their change.",
        by="Tom Berger",
        intent="It might unsettle new staff in their first week.",
        criteria="A1, B1",
        verdict="inconsistent",
        note="Disputed change is one of the most common sources of till errors named in P1.",
        decision="rejected",
        alternative="The scenario stays because it addresses P1 directly; its ending will show "
        "a colleague stepping in, which supports A1.",
    )
    p.add_request(
        "Attach the full cash-handling policy as a PDF.",
        by="Dana Whitfield",
        intent="Legal wants to be able to show that staff had access to the policy.",
        verdict="unclear",
        note="Not yet known whether Legal needs a signed acknowledgement or only access.",
        decision="deferred",
        owner="Dana Whitfield",
        due="2026-10-31",
    )
    p.add_request(
        "Show the real till screen instead of the illustration.",
        by="Tom Berger",
        intent="Staff should recognise the buttons when they stand at the real till.",
        criteria="B1, K1",
        verdict="consistent",
        decision="accepted",
        owner="Leo Adeyemi",
        due="2026-10-24",
    )
    p.add_request(
        "Add a leaderboard that ranks the stores.",
        by="Tom Berger",
        intent="Regional managers want some friendly competition between stores.",
        criteria="A1",
        verdict="inconsistent",
        note="Ranking new staff's stores works against A1: a low rank makes asking for help "
        "look like failure.",
        decision="alternative",
        alternative="Each store sees its own progress over time; no ranking between stores.",
        owner="Marta Kowalczyk",
        due="2026-11-04",
    )
    p.add_request(
        "Offer the course in Spanish as well.",
        by="Priya Natarajan",
    )
    concept = (
        Criterion(
            "C1",
            "Eight scenario-based micro-lessons of at most 5 minutes, taken on the shop-floor "
            "tablet.",
        ),
        *p.criteria.concept[1:],
    )
    p.revise_criteria(
        replace(p.criteria, concept=concept),
        "Store managers can release new staff for about five minutes at a time during opening "
        "hours; the client insists the lessons fit that window.",
        "CR-4",
    )
    p.update_request("CR-4", verdict="consistent", note="Consistent with the revised C1.")
    p.update_request("CR-4", decision="accepted", owner="Marta Kowalczyk", due="2026-11-04")
    p.end_meeting()
    p.close()


def ochrona_danych() -> None:
    """Polish compliance course: the brief and one closed meeting in Polish."""
    p = fresh("ochrona-danych-przychodnia", "2026-10-20T12:57:00+02:00")
    p.start_meeting(
        "Przegląd scenariusza",
        [
            Attendee("Katarzyna Wójcik", Side.CLIENT, "Inspektor ochrony danych"),
            Attendee("Paweł Zieliński", Side.CLIENT, "Kierownik rejestracji"),
            Attendee("Agnieszka Nowak", Side.VENDOR, "Prowadząca, projektantka"),
            Attendee("Michał Lis", Side.VENDOR, "Grafik"),
        ],
        facilitator="Agnieszka Nowak",
    )
    p.add_request(
        "Dodajmy pełny tekst rozporządzenia na końcu kursu.",
        by="Katarzyna Wójcik",
        intent="Przy kontroli chcemy wykazać, że pracownicy mieli dostęp do przepisów.",
        criteria="C1",
        verdict="inconsistent",
        note="Pełny tekst przepisów nie pomoże rejestratorkom w codziennych sytuacjach (C1).",
        decision="alternative",
        alternative="Link do przepisów w materiałach dodatkowych oraz jednostronicowa ściąga "
        "z sytuacjami z rejestracji.",
        owner="Agnieszka Nowak",
        due="2026-11-03",
    )
    p.add_request(
        "Logo przychodni powinno być większe.",
        by="Paweł Zieliński",
        intent="Pracownicy mają od razu widzieć, że to szkolenie przygotowane dla naszej "
        "przychodni.",
        criteria="A1",
        verdict="unclear",
        note="Nie ustaliliśmy, czy chodzi o rozpoznawalność, czy o zgodność z identyfikacją "
        "wizualną.",
        decision="deferred",
        owner="Paweł Zieliński",
        due="2026-10-30",
    )
    p.add_request(
        "Scenariusz z pacjentem dzwoniącym o wyniki powinien być pierwszy.",
        by="Paweł Zieliński",
        intent="To najczęstsza sytuacja, w której rejestracja podaje dane przez telefon.",
        criteria="P1, B1",
        verdict="consistent",
        decision="accepted",
        owner="Agnieszka Nowak",
        due="2026-10-27",
    )
    p.add_request(
        "Test końcowy ma mieć 40 pytań.",
        by="Katarzyna Wójcik",
        intent="Chcemy mieć pewność, że każdy pracownik zna zasady.",
        criteria="K1, C1",
        verdict="inconsistent",
        note="40 pytań wydłuża kurs ponad 20 minut z C1; wiedzę z K1 sprawdza 10 pytań "
        "sytuacyjnych.",
        decision="rejected",
        alternative="Koncepcja zakłada kurs do 20 minut; zostaje 10 pytań sytuacyjnych "
        "opartych na K1.",
    )
    p.add_request(
        "Bohaterka powinna mówić mniej formalnie.",
        by="Paweł Zieliński",
        intent="Rejestratorki mają się z nią utożsamić.",
        criteria="A1",
        verdict="consistent",
        decision="accepted",
        owner="Michał Lis",
        due="2026-10-30",
    )
    p.add_request(
        "Dodać moduł o monitoringu wizyjnym.",
        by="Katarzyna Wójcik",
    )
    p.end_meeting()
    p.close()


def warehouse() -> None:
    """A fresh project: the brief is agreed, no meeting has happened yet."""
    fresh("harbour-warehouse-safety", "2026-11-02T08:00:00+00:00").close()


def main() -> int:
    """Build every sample and check each brief parses without errors."""
    SAMPLES.mkdir(parents=True, exist_ok=True)
    for build in (northwind, ochrona_danych, warehouse):
        build()
    for leftover in [*SAMPLES.glob("*/reviewroom.lock"), *SAMPLES.glob("*/*.bak")]:
        leftover.unlink()  # runtime files, not part of a sample
    for brief in sorted(SAMPLES.glob("*/brief.md")):
        parse_brief(brief.read_text("utf-8"), str(brief))
        print(f"built {brief.parent.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
