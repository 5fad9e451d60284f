"""Views of the focus groups, one module per part of the method."""
