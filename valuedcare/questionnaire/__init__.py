"""Questionnaires: typed models, safe parsing and validation of the YAML files in
``questionnaires/``.

Pure apart from ``load``, which reads files. Nothing here imports the web or database stack.
"""

from valuedcare.questionnaire.answers import answer_values
from valuedcare.questionnaire.errors import Problem, QuestionnaireError
from valuedcare.questionnaire.ingredients import Ingredient, IngredientSet
from valuedcare.questionnaire.load import (
    CANONICAL_DIRECTORY,
    INGREDIENTS_FILE,
    MEASURES_KIND,
    PREVIOUS_DIRECTORY,
    Catalogue,
    is_previous,
    load_catalogue,
    load_ingredients,
    load_measures,
    load_questionnaire,
    previous_files,
    read_file_text,
    read_kind,
    validate_paths,
)
from valuedcare.questionnaire.measures import Measure, MeasureSet
from valuedcare.questionnaire.parse import (
    parse_ingredients,
    parse_kind,
    parse_measures,
    parse_questionnaire,
)
from valuedcare.questionnaire.schema import (
    CHOICE_TYPES,
    ITEM_TYPES,
    LENSES,
    Comment,
    Item,
    Option,
    Questionnaire,
    Section,
    ShowIf,
)
from valuedcare.questionnaire.types import (
    DONT_KNOW,
    MATURITY_LEVELS,
    QUESTION_TYPES,
    QuestionType,
    question_type,
)
from valuedcare.questionnaire.yamldoc import MAX_DEPTH, MAX_FILE_BYTES

__all__ = [
    "CANONICAL_DIRECTORY",
    "CHOICE_TYPES",
    "DONT_KNOW",
    "INGREDIENTS_FILE",
    "ITEM_TYPES",
    "LENSES",
    "MATURITY_LEVELS",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MEASURES_KIND",
    "PREVIOUS_DIRECTORY",
    "QUESTION_TYPES",
    "QuestionType",
    "question_type",
    "Catalogue",
    "Comment",
    "Ingredient",
    "IngredientSet",
    "Item",
    "Measure",
    "MeasureSet",
    "Option",
    "Problem",
    "Questionnaire",
    "QuestionnaireError",
    "Section",
    "ShowIf",
    "answer_values",
    "is_previous",
    "load_catalogue",
    "load_ingredients",
    "load_measures",
    "load_questionnaire",
    "parse_ingredients",
    "parse_kind",
    "parse_measures",
    "parse_questionnaire",
    "previous_files",
    "read_file_text",
    "read_kind",
    "validate_paths",
]
