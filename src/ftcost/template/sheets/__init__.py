"""One module per sheet of the template; each has `build(b)` writing its sheet into the Book."""
