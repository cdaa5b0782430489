"""Exporting a day as Markdown (with the chart as SVG) or JSON."""
