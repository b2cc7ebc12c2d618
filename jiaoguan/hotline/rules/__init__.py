"""Pure rules of the SMS and voice service: no Django (the "Rules are pure" contract)."""
