"""A program's certificate of participation for a closed pairing, as a PDF."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from mentormatch.programs.services.pdu import PduRow


def certificate_pdf(row: PduRow, *, mentee: str, mentor: str) -> bytes:
    """Render the certificate; both names, the program, dates and hours."""
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Certificate of participation: {row.program or row.provider}")
    lines = [
        ("Helvetica-Bold", 28, "Certificate of participation"),
        ("Helvetica", 14, f"Program: {row.program or row.provider}"),
        ("Helvetica", 12, f"Provider: {row.provider}"),
        ("Helvetica-Bold", 16, f"Mentor: {mentor}"),
        ("Helvetica-Bold", 16, f"Mentee: {mentee}"),
        ("Helvetica", 12, f"From {row.start or '-'} to {row.end or '-'}"),
        ("Helvetica", 12, f"Mentoring hours logged: {row.hours:.2f}"),
        ("Helvetica", 10, "PMI CCR category: Giving Back to the Profession"),
    ]
    y = height - 120
    for font, size, text in lines:
        pdf.setFont(font, size)
        pdf.drawCentredString(width / 2, y, text)
        y -= size * 2.4
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
