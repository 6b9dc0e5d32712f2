"""Downloadable documents: certificates and CPD records, rendered from plain data to bytes."""

from quizapp.exports.certificate import render_certificate_pdf
from quizapp.exports.cpd_docx import render_cpd_record_docx
from quizapp.exports.cpd_pdf import render_cpd_record_pdf
from quizapp.exports.documents import (
    CertificateData,
    CpdConfidence,
    CpdEntry,
    CpdFeedback,
    CpdMessage,
    CpdModule,
    CpdRecord,
)

__all__ = [
    "CertificateData",
    "CpdConfidence",
    "CpdEntry",
    "CpdFeedback",
    "CpdMessage",
    "CpdModule",
    "CpdRecord",
    "render_certificate_pdf",
    "render_cpd_record_docx",
    "render_cpd_record_pdf",
]
