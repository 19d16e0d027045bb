"""docgen fix: repair in a .docx what the checker finds, each repair proven by a re-check.

Stages: read the document live (``reader.docx.read_docx_live``: blocks plus their XML), check it,
apply each repair group whose findings are present (``repairs``), check again, keep a group only
when its findings went away and nothing new appeared, and write the parts that changed into a
copy of the package (``package``); every other part is copied byte for byte.
"""
