"""Partners join without the admin: from the parties step an editor adds an organisation that is
not in the registry yet, and invites the people of a party's organisation (`partners.py`),
with its own forms, views and URLs. The pages post the parties step's form along, so what was
typed there is saved first (`drafting/step_page.py`)."""
