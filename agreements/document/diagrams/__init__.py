"""The agreement at a glance: its governance map, escalation ladder and RACI matrix as drawings.

Everything is computed from the canonical document (the dict a version stores), so an old
version draws from its own JSON, never from live rows, and no drawing costs a query. Each
diagram is two things: a view (tables, seats, mandates, steps, rows: the facts, which the
templates list as the text alternative) and a `Drawing` of plain shapes whose coordinates this
package lays out. `templates/agreements/diagrams/drawing.svg.html` turns a drawing into inline
SVG with autoescaping, so no user text can become markup, and with presentation attributes
only, so the strict Content-Security-Policy (no style attributes) holds on screen and WeasyPrint
prints the same picture.

Text is measured by an estimate (characters times an average glyph width), wrapped, and cut
with an ellipsis when it would not fit; the full text is always in the shape's <title> and in
the text alternative.

The RACI marks come from `completeness.raci_problems`, the rule the builder's check applies,
so the picture and the check page cannot disagree.

The package: `drawing` (primitives), `governance`, `ladder` and `raci` (one diagram each),
`structure` (all three for one version, and two versions compared).
"""
