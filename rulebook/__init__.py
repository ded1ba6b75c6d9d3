"""The build side: rules.yaml -> checked Rulebook -> pages, forms, the browser bundle.

It imports `calculators` (to validate, render and bundle); `calculators` never imports it.
"""
