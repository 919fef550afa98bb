"""Importer for scraped job-responsibility documents: normalise, parse, apply."""
