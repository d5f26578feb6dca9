"""The request wizard: victims and advocates ask an agency for a U or T certification."""
