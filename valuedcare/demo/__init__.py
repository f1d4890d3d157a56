"""Fictional demonstration data (pure generation; writing lives in ``valuedcare.data.demo``)."""

from valuedcare.demo.generate import (
    DemoOrganisation,
    DemoParameters,
    GeneratedAnswers,
    cycle_labels,
    generate_lens_answers,
    make_organisations,
    plan_respondents,
)

__all__ = [
    "DemoOrganisation",
    "DemoParameters",
    "GeneratedAnswers",
    "cycle_labels",
    "generate_lens_answers",
    "make_organisations",
    "plan_respondents",
]
