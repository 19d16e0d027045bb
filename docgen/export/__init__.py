"""Export: PDFs through LibreOffice, the manifest, the merged dossier."""
