"""Admin for source documents: upload a .txt/.docx, preview the import, confirm."""
