"""The commendation dossier: inputs, candidate selection, merged PDF."""
