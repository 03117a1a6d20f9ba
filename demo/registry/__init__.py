"""A registry worth searching: about sixty agreements beside the demo agreement.

The corpus is data (one `Spec` per agreement, in the theme modules beside this one), written in
Dutch as real agreements are, across regions, layers, themes and every status. `seed.py` makes
it through the app's own domain functions: import, adopt, sign, publish, decisions, evaluations.
`make run` seeds it (`seed_demo --registry`, the default of the command); the tests ask for it
with the `registry` demo (tests/support/demo.py).

Keys and texts are stable: the search's query set (tests) has its expected answers fixed on them.
Add agreements rather than rename or rewrite them.
"""

from demo.registry import energie, mobiliteit, overig, sociaal, water, wonen
from demo.registry.specs import Spec

AGREEMENTS: list[Spec] = [
    *energie.AGREEMENTS,
    *wonen.AGREEMENTS,
    *water.AGREEMENTS,
    *mobiliteit.AGREEMENTS,
    *sociaal.AGREEMENTS,
    *overig.AGREEMENTS,
]
