"""Read, validate and load the case modules in content/: schema, anonymity check and versioning."""

from quizapp.curriculum.loader import LoadReport, ModuleOutcome, load_content
from quizapp.curriculum.pages import Page, document_pages, module_pages
from quizapp.curriculum.problems import ContentError, Problem
from quizapp.curriculum.reader import Content, ModuleSource, check_content, read_content

__all__ = [
    "Content",
    "ContentError",
    "LoadReport",
    "ModuleOutcome",
    "ModuleSource",
    "Page",
    "Problem",
    "check_content",
    "document_pages",
    "load_content",
    "module_pages",
    "read_content",
]
