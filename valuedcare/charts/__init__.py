"""Pure chart builders (Altair) and renderers for maturity scores.

Builders take small, already-aggregated frames and return Altair chart objects; they never
query or save. ``render`` turns a chart into a themed Vega-Lite spec, SVG, PNG or PDF.
"""

from valuedcare.charts.benchmark import benchmark_strip_chart
from valuedcare.charts.gap import dumbbell_chart
from valuedcare.charts.heatmap import heatmap_chart
from valuedcare.charts.radar import radar_chart
from valuedcare.charts.render import to_pdf, to_png, to_spec, to_svg
from valuedcare.charts.trend import trend_chart

__all__ = [
    "benchmark_strip_chart",
    "dumbbell_chart",
    "heatmap_chart",
    "radar_chart",
    "to_pdf",
    "to_png",
    "to_spec",
    "to_svg",
    "trend_chart",
]
