"""The Jinja sandbox user templates run in, with caps on what one operation may build.

A template is code, and a small expression can ask for a huge value:
``"{:>300000000}".format("x")``, ``"%0300000000d" % 1``, ``"x"|center(300000000)``
or ``([s] * 1000000)|join`` each build hundreds of megabytes in one step,
before the output cap in render/html.py (which counts what is printed) sees
anything. Jinja's sandbox already refuses unsafe attributes and caps range();
this refuses, before the value is built, every operation known to build a
value from a size it is given: '*', '**', '%' and str.format padding, the
padding, replacing, joining and indenting methods and filters, and batch()/
slice() fill. What no cap here foresees is bounded by the build's worker
limits (memory and time, briefgen/jobs.py), which fail that one job.
"""
from __future__ import annotations

import re
import types
from functools import update_wrapper, wraps
from itertools import islice

from jinja2.filters import make_attrgetter
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter, SecurityError
from markupsafe import EscapeFormatter, Markup

MAX_REPEAT = 1_000_000  # longest string or list one operation ('*', padding, join...) may build
MAX_POWER_BITS = 100_000  # largest integer that '**' may build

# a printf conversion's width and precision: %-08.3f, %(name)10s, %*d
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_NUMBER = re.compile(r"\d+")


def _refuse_over(size: int, what: str) -> None:
    if size > MAX_REPEAT:
        raise SecurityError(f"{what} would build a value of more than {MAX_REPEAT:,} characters")


def _check_percent(fmt: str, values) -> None:
    """printf-style formatting: no field wider or more precise than MAX_REPEAT."""
    star = False
    for match in _PERCENT.finditer(fmt):
        for number in match.groups():
            if number == "*":
                star = True
            elif number:
                _refuse_over(int(number), "'%' formatting")
    if star:  # the width is taken from the values
        for value in values if isinstance(values, tuple) else (values,):
            if isinstance(value, int):
                _refuse_over(abs(value), "'%' formatting")


def _bounded_items(items, size=lambda item: len(str(item))):
    """The items of an iterable as a list, refused once their text passes MAX_REPEAT
    (so a join of a million copies of a long string is stopped before it is built)."""
    out, total = [], 0
    for item in islice(items, MAX_REPEAT + 1):
        total += size(item) + 1
        _refuse_over(total, "join")
        out.append(item)
    _refuse_over(len(out), "join")
    return out


def _str_method_size(s: str, name: str, args: tuple, kwargs: dict) -> int | None:
    """The length a str method's result would have, for those that can grow it."""
    if name in ("center", "ljust", "rjust", "zfill"):
        width = args[0] if args else kwargs.get("width", 0)
        return max(len(s), width) if isinstance(width, int) else None
    if name == "expandtabs":
        tabsize = args[0] if args else kwargs.get("tabsize", 8)
        return len(s) + s.count("\t") * tabsize if isinstance(tabsize, int) else None
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        old, new = args[0], args[1]
        count = args[2] if len(args) > 2 else kwargs.get("count", -1)
        times = s.count(old) if old else len(s) + 1
        if isinstance(count, int) and count >= 0:
            times = min(times, count)
        return len(s) + times * (len(new) - len(old))
    if name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        return len(s) * longest
    return None


class _BoundedFormatter(SandboxedFormatter):
    """str.format in the sandbox, refusing a field wider or more precise than
    MAX_REPEAT; the spec is checked once nested fields ({:>{width}}) are resolved."""

    def format_field(self, value, format_spec: str):
        for number in _NUMBER.findall(format_spec):
            _refuse_over(int(number), "str.format")
        return super().format_field(value, format_spec)


class _BoundedEscapeFormatter(_BoundedFormatter, EscapeFormatter):
    """The same, for Markup.format, which escapes what it inserts."""


# (type, attribute name) -> whether the sandbox lets a template read it (BriefSandbox.getattr)
_SAFE_NAMES: dict[tuple[type, str], bool] = {}
# the values Jinja's sandbox looks at on every read: a bound method named format or format_map
# (str.format and str.format_map are wrapped, wrap_str_format)
_BOUND_METHODS = (types.MethodType, types.BuiltinMethodType)
_WRAPPED = ("format", "format_map")
_UNJUDGED = object()


def _as_judged(obj, name: str):
    """``obj.name`` where a remembered verdict lets it through as it is (a safe name on the
    object's own type, not a method Jinja may wrap, which it looks at each time); else
    _UNJUDGED, and Jinja's own path judges it."""
    cls = type(obj)
    if not _SAFE_NAMES.get((cls, name)) or obj.__class__ is not cls:
        return _UNJUDGED
    value = getattr(obj, name, _UNJUDGED)
    return _UNJUDGED if type(value) in _BOUND_METHODS and value.__name__ in _WRAPPED else value


class BriefSandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox plus caps on the operations that build huge values from small ones."""

    intercepted_binops = frozenset(["*", "**", "%"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)  # lipsum(300000000): text by the paragraph, of no use in a brief
        for name, check in _FILTER_CHECKS.items():
            self.filters[name] = _checked_filter(self.filters[name], check)

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_REPEAT:
                    raise SecurityError(f"'*' would build a value of more than {MAX_REPEAT:,} items")
        if (operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0
                and max(left.bit_length(), 1) * right > MAX_POWER_BITS):
            raise SecurityError(f"'**' would build a number of more than {MAX_POWER_BITS:,} bits")
        if operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj, attribute):
        """Jinja's sandboxed ``obj.attribute``, its verdict on the name remembered per type.

        Whether an attribute is safe depends here on the object's type and the name
        only (a leading underscore; the internals of functions, methods, types, code,
        frames and generators; the methods that change a list, dict or set), so it is
        judged once per (type, name) rather than on each of a brief's thousands of
        lookups. A bound method named format or format_map is still looked at each time
        (str.format is wrapped), and an object whose ``__class__`` is not its type takes the full path."""
        value = _as_judged(obj, attribute)
        return value if value is not _UNJUDGED else self._judged(obj, attribute)

    def getitem(self, obj, argument):
        """Jinja's sandboxed ``obj[argument]``. An object a name cannot subscript (a statement
        read as ``item[attr]``) is read as its attribute, as Jinja does, through the verdict
        getattr remembers for (type, name) once Jinja's own path has judged it."""
        try:
            return obj[argument]
        except (TypeError, LookupError):
            if type(argument) is str and (value := _as_judged(obj, argument)) is not _UNJUDGED:
                return value
        value = super().getitem(obj, argument)
        self._remember(obj, argument)
        return value

    def _judged(self, obj, attribute):
        """Jinja's own getattr, remembering its verdict on (type, name) for the fast path."""
        value = super().getattr(obj, attribute)
        self._remember(obj, attribute)
        return value

    def _remember(self, obj, name) -> None:
        if type(name) is str and obj.__class__ is type(obj):
            _SAFE_NAMES[(type(obj), name)] = self.is_safe_attribute(obj, name, None)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        if type(__obj) is Macro:  # a template's own macro: no str method to bound, and always safe to call
            # as Context.call calls it, less its search for what to pass: Macro.__call__ takes the eval context
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                if not kwargs and len(args) == __obj._argument_count and not (
                        __obj.caller or __obj.catch_kwargs or __obj.catch_varargs or __obj._environment.is_async):
                    # what Macro.__call__ and _invoke come to for a call passing each argument by position,
                    # as nearly all of a brief's ~800 do: the argument matching skipped was a third of a call
                    value = __obj._func(*args)
                    return Markup(value) if __context.eval_ctx.autoescape else value
                return __obj(__context.eval_ctx, *args, **kwargs)
            except StopIteration:
                return __context.environment.undefined("value was undefined because a callable raised a"
                                                       " StopIteration exception")
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            if name == "join" and args:
                args = (_bounded_items(args[0]),) + args[1:]
            else:
                size = _str_method_size(owner, name, args, kwargs)
                if size is not None:
                    _refuse_over(size, f"str.{name}")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value):
        """Jinja's own sandboxed str.format, with a formatter that checks field widths."""
        if super().wrap_str_format(value) is None:
            return None
        owner = value.__self__
        formatter = (_BoundedEscapeFormatter(self, escape=owner.escape) if isinstance(owner, Markup)
                     else _BoundedFormatter(self))

        def bounded_format(*args, **kwargs):
            if value.__name__ == "format_map":
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one mapping")
                args, kwargs = (), args[0]
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return update_wrapper(bounded_format, value)


# ------------------------------------------------------------------ filters

def _join_check(args, kwargs):
    """join(value, d="", attribute=None): the joined items, bounded."""
    eval_ctx, value, *rest = args
    attribute = rest[1] if len(rest) > 1 else kwargs.get("attribute")
    getter = make_attrgetter(eval_ctx.environment, attribute) if attribute is not None else (lambda x: x)
    items = _bounded_items(value, lambda item: len(str(getter(item))))
    return (eval_ctx, items, *rest), kwargs


def _width_check(position: int, what: str, default: int = 0, per_line: bool = False):
    """A filter whose argument at ``position`` sets a width: the value times that, bounded."""

    def check(args, kwargs):
        value = args[0] if args else ""
        width = args[position] if len(args) > position else kwargs.get("width", default)
        width = len(width) if isinstance(width, str) else width
        if isinstance(width, int):
            lines = str(value).count("\n") + 1 if per_line else 1
            _refuse_over(len(str(value)) + lines * width if per_line else max(len(str(value)), width), what)
        return args, kwargs

    return check


def _replace_check(args, kwargs):
    """replace(eval_ctx, s, old, new, count=None)"""
    if len(args) >= 4:
        count = args[4] if len(args) > 4 else kwargs.get("count")
        size = _str_method_size(str(args[1]), "replace",
                                (str(args[2]), str(args[3]), -1 if count is None else count), {})
        _refuse_over(size or 0, "replace")
    return args, kwargs


def _format_check(args, kwargs):
    _check_percent(str(args[0]), tuple(args[1:]) or kwargs)
    return args, kwargs


def _fill_check(what: str):
    def check(args, kwargs):
        if len(args) > 1 and isinstance(args[1], int):
            _refuse_over(args[1], what)
        return args, kwargs

    return check


_FILTER_CHECKS = {
    "join": _join_check,
    "center": _width_check(1, "center", 80),
    "indent": _width_check(1, "indent", 4, per_line=True),
    "replace": _replace_check,
    "format": _format_check,
    "batch": _fill_check("batch"),
    "slice": _fill_check("slice"),
}


def _checked_filter(function, check):
    """``function`` with ``check`` run on its arguments first; keeps Jinja's
    pass_eval_context marking (copied by wraps) so it is called as before."""

    @wraps(function)
    def checked(*args, **kwargs):
        args, kwargs = check(args, kwargs)
        return function(*args, **kwargs)

    return checked


__all__ = ["BriefSandbox", "MAX_POWER_BITS", "MAX_REPEAT", "SecurityError"]
