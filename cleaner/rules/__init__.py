"""Rule modules.  Importing this package registers every rule in `registry.RULES`."""
import importlib
import pkgutil

for _mod in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_mod.name}")
