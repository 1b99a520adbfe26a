"""`make bench`: how close each public page comes to the stack's own ceiling."""
