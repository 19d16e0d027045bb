"""One module per kind of document: each turns typed content into ``RenderJob``s."""
