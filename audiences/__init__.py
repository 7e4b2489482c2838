# This folder is also the package briefgen.defaults.audiences (see pyproject.toml): the
# wheel ships it and both an installed and an editable briefgen read it through
# importlib.resources. A regular package (with this file) is what setuptools'
# editable finder can map to a folder outside briefgen/.
