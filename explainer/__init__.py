"""CAR-T Explained: models, diagrams and widgets for an interactive notebook collection.

Layers (data flows one way):
    explainer.models    pure numbers (numpy/scipy), validated inputs, frozen dataclass results
    explainer.diagrams  matplotlib artists created once and updated in place
    explainer.widgets   ipywidgets explorers: controls -> model -> diagram -> PNG image
    explainer.facts     sourced data tables and the bibliography

Educational material, not medical advice.
"""

__version__ = "0.1.0"
CONTENT_CHECKED = "2026-11-25"
